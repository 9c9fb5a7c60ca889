package org.profid365.migrator.api;

/**
 * A request the API refuses, with the HTTP status and the JSON body the client gets:
 * {@code {"error": "...", "detail": "..."}}.
 */
public final class ApiProblem extends RuntimeException {

    private final int status;
    private final String error;
    private final String detail;

    public ApiProblem(int status, String error, String detail) {
        super(error + ": " + detail);
        this.status = status;
        this.error = error;
        this.detail = detail;
    }

    public static ApiProblem badRequest(String error, String detail) {
        return new ApiProblem(400, error, detail);
    }

    public static ApiProblem notFound(String error, String detail) {
        return new ApiProblem(404, error, detail);
    }

    public static ApiProblem conflict(String error, String detail) {
        return new ApiProblem(409, error, detail);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return detail;
    }
}

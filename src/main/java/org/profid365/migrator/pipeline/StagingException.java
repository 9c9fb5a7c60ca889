package org.profid365.migrator.pipeline;

/** Staging could not write to the state store; the batch in hand was rolled back and nothing half-written remains. */
public class StagingException extends RuntimeException {
    public StagingException(String message, Throwable cause) {
        super(message, cause);
    }
}

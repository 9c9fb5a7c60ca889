package org.profid365.migrator.dataverse;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds a {@code $batch} body: {@code multipart/mixed} with CRLF line ends (LF alone is refused), each request a
 * part with {@code Content-Type: application/http} and {@code Content-Transfer-Encoding: binary}, change sets as
 * nested multiparts whose requests may carry a Content-ID, at most 1,000 requests.
 * [webapi/execute-batch-operations-using-web-api]
 */
public final class BatchRequest {

    private static final String CRLF = "\r\n";

    private final String batchId;
    private final String apiPath;
    private final List<Object> items = new ArrayList<>();
    private int operations;

    private record Changeset(String id, List<BatchOperation> operations) {
    }

    private BatchRequest(String batchId, String apiPath) {
        if (!batchId.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("batch id must be letters, digits, '-', '_' or '.'");
        }
        this.batchId = batchId;
        this.apiPath = apiPath.endsWith("/") ? apiPath : apiPath + "/";
    }

    /** A batch with a random boundary; request URLs are written under {@code apiPath} ({@code /api/data/v9.2/}). */
    public static BatchRequest create(String apiPath) {
        return new BatchRequest(UUID.randomUUID().toString(), apiPath);
    }

    /** A batch with a fixed boundary {@code batch_<id>} (tests compare bodies byte for byte). */
    public static BatchRequest withId(String batchId, String apiPath) {
        return new BatchRequest(batchId, apiPath);
    }

    public BatchRequest add(BatchOperation operation) {
        count(1);
        items.add(operation);
        return this;
    }

    /** Adds a change set: one transaction; its requests may refer to each other as {@code $<Content-ID>}. */
    public BatchRequest addChangeset(List<BatchOperation> changeset) {
        return addChangeset(UUID.randomUUID().toString(), changeset);
    }

    public BatchRequest addChangeset(String changesetId, List<BatchOperation> changeset) {
        if (changeset.stream().anyMatch(o -> o.method().equals("GET"))) {
            throw new IllegalArgumentException("GET requests are not allowed in a change set");
        }
        count(changeset.size());
        items.add(new Changeset(changesetId, List.copyOf(changeset)));
        return this;
    }

    private void count(int n) {
        if (operations + n > DataverseSettings.BATCH_LIMIT) {
            throw new IllegalStateException("a $batch holds at most " + DataverseSettings.BATCH_LIMIT + " requests");
        }
        operations += n;
    }

    public int operationCount() {
        return operations;
    }

    public boolean isEmpty() {
        return operations == 0;
    }

    public String boundary() {
        return "batch_" + batchId;
    }

    public String contentType() {
        return "multipart/mixed; boundary=" + boundary();
    }

    /** The multipart body exactly as sent. */
    public String body() {
        StringBuilder b = new StringBuilder();
        for (Object item : items) {
            b.append("--").append(boundary()).append(CRLF);
            if (item instanceof BatchOperation op) {
                appendOperation(b, op);
            } else {
                Changeset cs = (Changeset) item;
                String csBoundary = "changeset_" + cs.id();
                b.append("Content-Type: multipart/mixed; boundary=").append(csBoundary).append(CRLF).append(CRLF);
                for (BatchOperation op : cs.operations()) {
                    b.append("--").append(csBoundary).append(CRLF);
                    appendOperation(b, op);
                }
                b.append("--").append(csBoundary).append("--").append(CRLF);
            }
        }
        b.append("--").append(boundary()).append("--").append(CRLF);
        return b.toString();
    }

    private void appendOperation(StringBuilder b, BatchOperation op) {
        b.append("Content-Type: application/http").append(CRLF);
        b.append("Content-Transfer-Encoding: binary").append(CRLF);
        if (op.contentId() != null) {
            b.append("Content-ID: ").append(op.contentId()).append(CRLF);
        }
        b.append(CRLF);
        b.append(op.method()).append(' ').append(requestUrl(op.url())).append(" HTTP/1.1").append(CRLF);
        if (op.body() != null) {
            b.append("Content-Type: application/json").append(CRLF);
        }
        op.headers().forEach((name, value) -> b.append(name).append(": ").append(value).append(CRLF));
        b.append(CRLF);
        if (op.body() != null) {
            b.append(op.body());
        }
        b.append(CRLF); // the line end before the next delimiter belongs to the delimiter
    }

    private String requestUrl(String url) {
        if (url.startsWith("$") || url.startsWith("/") || url.startsWith("http://") || url.startsWith("https://")) {
            return url;
        }
        return apiPath + url;
    }

    /**
     * The HTTP request that carries this batch; with {@code continueOnError} the batch goes on after a failed
     * request and answers 200 with one part per request. [webapi/execute-batch-operations-using-web-api]
     */
    public DataverseRequest toRequest(boolean continueOnError) {
        DataverseRequest r = DataverseRequest.withBody("POST", "$batch", body(), contentType());
        return continueOnError ? r.withHeader("Prefer", "odata.continue-on-error") : r;
    }
}

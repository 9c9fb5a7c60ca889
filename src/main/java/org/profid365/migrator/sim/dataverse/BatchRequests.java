package org.profid365.migrator.sim.dataverse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST $batch} [webapi/execute-batch-operations-using-web-api]: requests run in order; a change set is one
 * transaction whose requests may reference {@code $<Content-ID>} of rows created earlier in it; without
 * {@code Prefer: odata.continue-on-error} the batch stops at the first failure and answers 400, with it every request
 * is answered (200). One request for service protection, costing the records of all its parts.
 */
final class BatchRequests {

    private static final Pattern REFERENCE = Pattern.compile("\"\\$([A-Za-z0-9_.-]+)\"");
    private static final Pattern VERSIONED_PATH = Pattern.compile("/api/data/v9\\.\\d/");
    private static final Pattern FIRST_TARGET = Pattern.compile("(?:GET|POST|PATCH|PUT|DELETE) (\\S+)");

    private final SimState state;
    private final RequestRouter router;

    BatchRequests(SimState state, RequestRouter router) {
        this.state = state;
        this.router = router;
    }

    /** A change set request failed: everything it wrote is undone and this response stands for the set. */
    private static final class ChangeSetFailed extends RuntimeException {
        final SimResponse response;
        final String contentId;

        ChangeSetFailed(SimResponse response, String contentId) {
            super(null, null, false, false);
            this.response = response;
            this.contentId = contentId;
        }
    }

    SimResponse handle(SimRequest request, RequestContext context) {
        if (!request.method().equals("POST")) {
            throw DataverseFault.noResource(state.baseUrl + "$batch");
        }
        String boundary = BatchParser.boundary(request.header("Content-Type"));
        if (boundary == null) {
            throw DataverseFault.badRequest(DataverseFault.ODATA_CODE, "The content type of a $batch request must be "
                    + "multipart/mixed with a boundary, not '" + request.header("Content-Type") + "'.");
        }
        List<BatchParser.Item> items;
        try {
            items = BatchParser.parse(boundary, request.body());
        } catch (BatchParser.Unreadable e) {
            if (!e.lineEnds) {
                throw DataverseFault.badRequest(DataverseFault.ODATA_CODE, e.getMessage());
            }
            return unreadable(request);
        }
        boolean continueOnError = request.preferences().containsKey("odata.continue-on-error");
        BatchResponseWriter writer = new BatchResponseWriter("batchresponse_" + state.store.newId());
        boolean failed = false;
        for (BatchParser.Item item : items) {
            boolean ok = item.changeSet() == null ? single(item.request(), context, writer) : changeSet(item.changeSet(), context, writer);
            if (!ok && !continueOnError) {
                failed = true;
                break;
            }
        }
        SimResponse response = new SimResponse(failed ? 400 : 200, writer.finish());
        response.header("Content-Type", "multipart/mixed; boundary=" + writer.boundary);
        if (continueOnError) {
            response.header("Preference-Applied", "odata.continue-on-error");
        }
        return response;
    }

    private boolean single(BatchParser.Part part, RequestContext context, BatchResponseWriter writer) {
        SimResponse response = run(part, context, Map.of());
        writer.response(response, state.store.newId().toString());
        return response.status < 400;
    }

    private boolean changeSet(List<BatchParser.Part> parts, RequestContext context, BatchResponseWriter writer) {
        Map<String, String> created = new HashMap<>();
        List<SimResponse> responses = new ArrayList<>();
        List<String> contentIds = new ArrayList<>();
        String changeSetBoundary = "changesetresponse_" + state.store.newId();
        try {
            state.store.atomically(() -> {
                for (BatchParser.Part part : parts) {
                    SimResponse response = part.method().equals("GET")
                            ? SimResponse.error(DataverseFault.badRequest(DataverseFault.ODATA_CODE,
                                    "GET requests are not allowed inside a change set."))
                            : run(part, context, created);
                    if (response.status >= 400) {
                        throw new ChangeSetFailed(response, part.contentId());
                    }
                    if (part.contentId() != null && response.headers.containsKey("OData-EntityId")) {
                        created.put(part.contentId(), response.headers.get("OData-EntityId"));
                    }
                    responses.add(response);
                    contentIds.add(part.contentId());
                }
            });
        } catch (ChangeSetFailed e) {
            writer.response(e.response, state.store.newId().toString());
            return false;
        }
        List<String> reqIds = new ArrayList<>();
        responses.forEach(r -> reqIds.add(state.store.newId().toString()));
        writer.changeSet(changeSetBoundary, responses, contentIds, reqIds);
        return true;
    }

    /** Runs one part through the router; faults become error responses. */
    private SimResponse run(BatchParser.Part part, RequestContext context, Map<String, String> created) {
        try {
            String target = substituteTarget(part.target(), created);
            String body = substituteBody(new String(part.body(), StandardCharsets.UTF_8), created);
            String path = target;
            int api = path.indexOf("/api/data/");
            if (api >= 0) {
                Matcher versioned = VERSIONED_PATH.matcher(path);
                if (!versioned.find(api)) {
                    throw DataverseFault.noResource(target);
                }
                path = path.substring(versioned.end());
            } else if (path.startsWith("/")) {
                path = path.substring(1);
            }
            int question = path.indexOf('?');
            String resource = question < 0 ? path : path.substring(0, question);
            String query = question < 0 ? null : path.substring(question + 1);
            if (resource.equals("$batch")) {
                throw DataverseFault.badRequest(DataverseFault.ODATA_CODE, "A batch request cannot contain another batch.");
            }
            SimRequest inner = new SimRequest(part.method(), SimRequest.decode(resource.replace("+", "%2B")), query,
                    part.headers(), body.getBytes(StandardCharsets.UTF_8));
            return router.route(inner, context);
        } catch (DataverseFault fault) {
            return SimResponse.error(fault);
        }
    }

    private static String substituteTarget(String target, Map<String, String> created) {
        if (!target.startsWith("$")) {
            return target;
        }
        int end = 1;
        while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
            end++;
        }
        String id = target.substring(1, end);
        String url = created.get(id);
        if (url == null) {
            throw missingReference(id);
        }
        return url + target.substring(end);
    }

    private static String substituteBody(String body, Map<String, String> created) {
        Matcher m = REFERENCE.matcher(body);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String id = m.group(1);
            String url = created.get(id);
            if (url == null) {
                if (id.chars().allMatch(Character::isDigit)) {
                    throw missingReference(id);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement("\"" + url + "\""));
            }
        }
        m.appendTail(out);
        return out.toString();
    }

    private static DataverseFault missingReference(String id) {
        return DataverseFault.badRequest(DataverseFault.ODATA_CODE, "Content-ID Reference: '$" + id
                + "' does not exist in the batch context.");
    }

    /** A body with LF line ends: 400 and the documented "Stream was not readable" payload error. */
    private SimResponse unreadable(SimRequest request) {
        Matcher m = FIRST_TARGET.matcher(request.bodyText());
        String entitySet = "";
        if (m.find()) {
            String target = m.group(1);
            target = target.substring(target.lastIndexOf('/') + 1);
            int paren = target.indexOf('(');
            int question = target.indexOf('?');
            int end = paren >= 0 ? paren : question >= 0 ? question : target.length();
            entitySet = target.substring(0, end);
        }
        DataverseFault fault = DataverseFault.badPayload(entitySet, "System.ArgumentException: Stream was not readable.");
        BatchResponseWriter writer = new BatchResponseWriter("batchresponse_" + state.store.newId());
        writer.response(SimResponse.error(fault), state.store.newId().toString());
        SimResponse response = new SimResponse(400, writer.finish());
        response.header("Content-Type", "multipart/mixed; boundary=" + writer.boundary);
        return response;
    }
}

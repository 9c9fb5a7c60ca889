package org.profid365.migrator.sim.dataverse;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Sends each Web API request to the handler for its resource; used for HTTP requests and $batch parts alike. */
final class RequestRouter {

    private final SimState state;
    private final RecordRequests records;
    private final AnnotationBlocks blocks;
    private final BulkRequests bulk;
    private final SdkMessageFilters messageFilters;
    private final BatchRequests batch;
    private final MetadataReads metadataReads;
    private final MetadataWrites metadataWrites;

    RequestRouter(SimState state) {
        this.state = state;
        RecordWriter writer = new RecordWriter(state);
        this.records = new RecordRequests(state, writer);
        this.blocks = new AnnotationBlocks(state, writer);
        this.bulk = new BulkRequests(state, writer, records);
        this.messageFilters = new SdkMessageFilters(state, bulk);
        this.batch = new BatchRequests(state, this);
        this.metadataReads = new MetadataReads(state);
        this.metadataWrites = new MetadataWrites(state, metadataReads, writer);
    }

    SimResponse route(SimRequest request, RequestContext context) {
        String resource = request.resource();
        if (resource.equals("WhoAmI") || resource.equals("WhoAmI()")) {
            if (!request.method().equals("GET")) {
                throw DataverseFault.noResource(state.baseUrl + resource);
            }
            return whoAmI(context);
        }
        if (resource.equals("PublishXml") || resource.equals("PublishAllXml")) {
            if (!request.method().equals("POST")) {
                throw DataverseFault.noResource(state.baseUrl + resource);
            }
            return metadataWrites.handle(request, context);
        }
        if (resource.startsWith("EntityDefinitions") || resource.startsWith("GlobalOptionSetDefinitions")
                || resource.startsWith("RelationshipDefinitions")) {
            return switch (request.method()) {
                case "GET" -> state.store.atomically(() -> metadataReads.handle(request, context));
                case "POST", "DELETE" -> metadataWrites.handle(request, context);
                default -> throw new DataverseFault(405, DataverseFault.ODATA_CODE, "The simulator does not support "
                        + request.method() + " on " + resource + ".");
            };
        }
        if (resource.equals("$batch")) {
            return batch.handle(request, context); // parts take the store one by one (change sets as a whole)
        }
        // data requests hold the store while they read the schema and rows, so a schema write never shows half done
        return state.store.atomically(() -> data(request, context));
    }

    private SimResponse data(SimRequest request, RequestContext context) {
        String resource = request.resource();
        int action = resource.indexOf("/Microsoft.Dynamics.CRM.");
        if (action > 0 && resource.indexOf('(') < 0) {
            return bulk.handle(request, context, resource.substring(0, action),
                    resource.substring(action + "/Microsoft.Dynamics.CRM.".length()));
        }
        return switch (resource) {
            case "sdkmessagefilters" -> messageFilters.handle(request, context);
            case "InitializeAnnotationBlocksUpload", "UploadBlock", "CommitAnnotationBlocksUpload" -> blocks.handle(request, context);
            default -> records.handle(request, context);
        };
    }

    private SimResponse whoAmI(RequestContext context) {
        ObjectNode body = SimResponse.JSON.createObjectNode();
        body.put("@odata.context", state.baseUrl + "$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse");
        body.put("BusinessUnitId", state.businessUnitId.toString());
        body.put("UserId", context.user.systemUserId().toString());
        body.put("OrganizationId", state.organizationId.toString());
        return SimResponse.json(200, body);
    }
}

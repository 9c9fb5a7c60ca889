package org.profid365.migrator.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.mapping.FieldMapping;
import org.profid365.migrator.mapping.MappingApprovals;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.mapping.MappingSummary;
import org.profid365.migrator.mapping.ObjectMapping;
import org.profid365.migrator.pipeline.MigratorContext;

/**
 * The bean {@code apiMapping}: the mapping file's summary with every field's confidence, and its approval. The
 * client sends the SHA-256 of the file it reviewed; a file changed since is a 409, never an approval of unseen text.
 */
public final class MappingResource {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final MigratorContext ctx;

    public MappingResource(MigratorContext ctx) {
        this.ctx = ctx;
    }

    public ApiResponse show() throws Exception {
        MappingLoader.LoadedMapping m = load();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("file", m.file().toString());
        v.put("sha256", m.sha256());
        v.put("approval", new MappingApprovals(ctx).approvalOf(m.sha256()).map(MappingResource::approval).orElse(null));
        Path proposed = proposedBeside(m.file());
        v.put("proposedFile", Files.exists(proposed) ? proposed.toString() : null);
        v.put("summary", MappingSummary.of(m.mapping()));
        v.put("fields", fields(m));
        return ApiResponse.ok(v);
    }

    public ApiResponse approve(@Body String body) throws Exception {
        ObjectNode req = ApiJson.object(body);
        String reviewed = req.path("sha256").asText("").strip().toLowerCase(java.util.Locale.ROOT);
        if (!SHA256.matcher(reviewed).matches()) {
            throw ApiProblem.badRequest("sha256 required", "send {\"sha256\": \"<the 64 hex digits of the file you reviewed, "
                    + "as GET /api/mapping shows them>\"}");
        }
        String by = req.path("approvedBy").asText("").strip();
        if (by.isEmpty()) {
            by = "api";
        }
        if (by.length() > 200) {
            throw ApiProblem.badRequest("invalid parameter", "'approvedBy' is at most 200 characters");
        }
        MappingLoader.LoadedMapping m = load();
        if (!m.sha256().equals(reviewed)) {
            throw ApiProblem.conflict("mapping changed", "the file " + m.file() + " now has SHA-256 " + m.sha256()
                    + ", not the reviewed " + reviewed + ": review it again (GET /api/mapping) and approve what you read");
        }
        MappingApprovals.Approval a = new MappingApprovals(ctx).approve(m, by);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("sha256", a.sha256());
        v.put("approval", approval(a));
        return ApiResponse.ok(v);
    }

    private MappingLoader.LoadedMapping load() {
        Path file = OperationEnvironment.mappingFile(ctx.config());
        if (!Files.exists(file)) {
            Path proposed = proposedBeside(file);
            throw ApiProblem.notFound("no mapping file", file + " does not exist"
                    + (Files.exists(proposed) ? "; a proposal is at " + proposed + ": review it and rename it" : ": start propose-map"));
        }
        try {
            return MappingLoader.load(file);
        } catch (ConfigurationException e) {
            throw new ApiProblem(422, "invalid mapping file", e.getMessage());
        }
    }

    private static Path proposedBeside(Path file) {
        return file.resolveSibling(file.getFileName().toString().replaceFirst("\\.ya?ml$", "") + ".proposed.yaml");
    }

    private static Map<String, Object> approval(MappingApprovals.Approval a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("approvedBy", a.approvedBy());
        v.put("approvedAt", a.approvedAt());
        return v;
    }

    /** Every mapped field, where it goes and how sure the proposal was, in file order. */
    private static List<Map<String, Object>> fields(MappingLoader.LoadedMapping m) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, ObjectMapping> o : m.mapping().objects().entrySet()) {
            for (Map.Entry<String, ObjectMapping.TargetMapping> t : o.getValue().targets().entrySet()) {
                for (Map.Entry<String, FieldMapping> f : t.getValue().fields().entrySet()) {
                    FieldMapping fm = f.getValue();
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("object", o.getKey());
                    v.put("target", t.getKey());
                    v.put("field", f.getKey());
                    v.put("column", Optional.ofNullable(fm.column()).orElse(fm.lookup() != null ? fm.lookup().navigation()
                            : Boolean.TRUE.equals(fm.owner()) ? "ownerid" : null));
                    v.put("confidence", fm.confidence());
                    v.put("reason", fm.reason());
                    v.put("create", fm.create() != null);
                    out.add(v);
                }
            }
        }
        return out;
    }
}

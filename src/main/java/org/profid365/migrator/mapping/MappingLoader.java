package org.profid365.migrator.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.store.ContentHash;

/**
 * Reads, checks and writes the mapping file. Reading is strict: an unknown key is an error (a typo would
 * otherwise silently drop a rule), and every problem is reported with its path in the file, all at once.
 */
public final class MappingLoader {

    /** Transforms a field may name, in the order the mapper applies them. */
    public static final Set<String> TRANSFORMS = Set.of("trim", "lower", "upper", "title", "phone", "url", "html-to-text",
            "integer", "decimal", "money", "boolean", "date", "datetime", "list");

    /** The built-in behaviours a mapping may name; each is described in docs/mapping.md. */
    public static final Set<String> RULES = Set.of("coach-profile", "lead-subject", "enrollment-name",
            "payments-and-unpaid-invoices", "one-task-per-participant", "package-link-rebuild", "close-task-after-create",
            "note-on-client-or-session", "file-attachment");

    // one line per key, so comments can be placed above keys (YamlComments) and long reasons stay greppable
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final String DEFAULT_RESOURCE = "/mapping/default-mapping.yaml";

    /** What every written mapping file starts with: what it is and how to review it. */
    static final List<String> HEADER = List.of(
            "Mapping file: Profi -> Dynamics 365 (Dataverse). Every key is explained in docs/mapping.md.",
            "Nothing moves until it is approved (approve-map), and approval is of this file's exact bytes (SHA-256):",
            "any edit, a comment included, needs approving again.",
            "Review: fields of confidence medium or low first (reason says why); in value maps, a value with a",
            "'# confidence' comment was matched to an option by its label, and a value with null has no option yet",
            "('# decide' says why): give it one, or leave it empty on purpose; skip lists what stays behind, and why.");

    private static Map<List<String>, List<String>> defaultComments;

    private MappingLoader() {
    }

    /** A mapping file as read, with the SHA-256 of its exact bytes (what approval is recorded against). */
    public record LoadedMapping(Path file, MappingFile mapping, String sha256) {
    }

    /** Reads and checks a mapping file; any problem is a configuration error listing them all. */
    public static LoadedMapping load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigurationException("The mapping file " + file + " cannot be read (MIGRATOR_MAPPING): " + e.getMessage(), e);
        }
        MappingFile m;
        try {
            m = YAML.readValue(bytes, MappingFile.class);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException("The mapping file " + file + " is not valid: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new ConfigurationException("The mapping file " + file + " cannot be read: " + e.getMessage(), e);
        }
        List<String> problems = problems(m);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("The mapping file " + file + " has " + problems.size() + " problem(s):\n  - "
                    + String.join("\n  - ", problems));
        }
        return new LoadedMapping(file, m, sha256(bytes));
    }

    /** The default proposal shipped with the migrator (object-map.md), before data and metadata refine it. */
    public static MappingFile defaultMapping() {
        try (InputStream in = MappingLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default mapping is missing from the jar");
            }
            return YAML.readValue(in, MappingFile.class);
        } catch (IOException e) {
            throw new IllegalStateException("the bundled default mapping does not parse: " + e.getMessage(), e);
        }
    }

    /** The file an admin reads: {@link #HEADER}, then the mapping with the bundled default's comments above their keys. */
    public static String toYaml(MappingFile m) {
        return toYaml(m, Map.of());
    }

    /**
     * As {@link #toYaml(MappingFile)}, with further comments (by key path, e.g. the proposer's notes on value maps)
     * after the default's above the same key.
     */
    public static String toYaml(MappingFile m, Map<List<String>, List<String>> comments) {
        Map<List<String>, List<String>> all = new LinkedHashMap<>(defaultComments());
        all.put(List.of(), HEADER);
        comments.forEach((path, lines) -> all.merge(path, lines, (a, b) -> {
            List<String> both = new ArrayList<>(a);
            both.addAll(b);
            return both;
        }));
        try {
            return YamlComments.write(YAML.writeValueAsString(m), all);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a mapping is always writable", e);
        }
    }

    /** The comments of the bundled default by key path, its own header left out. */
    private static synchronized Map<List<String>, List<String>> defaultComments() {
        if (defaultComments == null) {
            try (InputStream in = MappingLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the default mapping is missing from the jar");
                }
                Map<List<String>, List<String>> c = YamlComments.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                c.remove(List.of());
                defaultComments = Map.copyOf(c);
            } catch (IOException e) {
                throw new IllegalStateException("the bundled default mapping cannot be read: " + e.getMessage(), e);
            }
        }
        return defaultComments;
    }

    /** The SHA-256 of the file's exact bytes, as hex: what an approval is recorded against. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(ContentHash.of(bytes));
    }

    /** Every problem of a mapping, each naming where it is ({@code objects.client.targets.contact.fields.email}). */
    public static List<String> problems(MappingFile m) {
        List<String> p = new ArrayList<>();
        if (m.version() != 1) {
            p.add("version: " + m.version() + " is not supported (this migrator reads version 1)");
        }
        String prefix = m.publisherPrefix() == null ? "" : m.publisherPrefix().toLowerCase(java.util.Locale.ROOT);
        if (!prefix.matches("[a-z][a-z0-9]{1,7}")) {
            p.add("publisherPrefix: '" + m.publisherPrefix() + "' must be 2-8 letters or digits starting with a letter");
        }
        checkAttendance(p, m.options().participantAttendance());
        for (Map.Entry<String, ObjectMapping> o : m.objects().entrySet()) {
            String at = "objects." + o.getKey();
            ProfiObject object = ProfiObject.byTypeName(o.getKey()).orElse(null);
            if (object == null) {
                p.add(at + ": '" + o.getKey() + "' is not a Profi object type");
                continue;
            }
            ObjectMapping om = o.getValue();
            for (String rule : om.rules()) {
                if (!RULES.contains(rule)) {
                    p.add(at + ".rules: '" + rule + "' is not a built-in rule (known: " + new java.util.TreeSet<>(RULES) + ")");
                }
            }
            if (om.targets().isEmpty()) {
                p.add(at + ".targets: names no Dynamics table");
            }
            if (om.split() != null) {
                for (String t : new String[] {om.split().atLeast(), om.split().below()}) {
                    if (!om.targets().containsKey(t)) {
                        p.add(at + ".split: target '" + t + "' is not among the targets " + om.targets().keySet());
                    }
                }
            } else if (om.targets().size() > 1 && om.rules().isEmpty()) {
                p.add(at + ": several targets need a split or a rule that says which record goes where");
            }
            for (Map.Entry<String, ObjectMapping.TargetMapping> t : om.targets().entrySet()) {
                checkTarget(p, at + ".targets." + t.getKey(), t.getKey(), t.getValue(), prefix);
                for (Map.Entry<String, FieldMapping> f : t.getValue().fields().entrySet()) {
                    checkField(p, at + ".targets." + t.getKey() + ".fields." + f.getKey(), object, f.getKey(), f.getValue(),
                            prefix, m);
                }
                for (String skipped : t.getValue().skip().keySet()) {
                    if (!knownField(object, skipped)) {
                        p.add(at + ".targets." + t.getKey() + ".skip." + skipped + ": " + object.fileName() + " has no such field");
                    }
                }
            }
        }
        for (String skipped : m.skipObjects().keySet()) {
            if (ProfiObject.byTypeName(skipped).isEmpty()) {
                p.add("skipObjects." + skipped + ": '" + skipped + "' is not a Profi object type");
            } else if (m.objects().containsKey(skipped)) {
                p.add("skipObjects." + skipped + ": it is also mapped under objects");
            }
        }
        return p;
    }

    private static void checkAttendance(List<String> p, Map<String, String> attendance) {
        if (attendance == null) {
            return;
        }
        attendance.forEach((seen, status) -> {
            String at = "options.participantAttendance." + seen;
            if (!seen.equals(seen.strip().toLowerCase(java.util.Locale.ROOT))) {
                p.add(at + ": write the attendance as the export does, trimmed and in lower case");
            }
            if (!ParticipantAttendance.SESSION.equals(status) && !ParticipantAttendance.STATUSES.contains(status)) {
                p.add(at + ": '" + status + "' must be " + ParticipantAttendance.SESSION + " or a session status "
                        + ParticipantAttendance.STATUSES);
            }
        });
    }

    /** A custom table needs its names; every custom column written by a rule or by 'also' must be declared. */
    private static void checkTarget(List<String> p, String at, String table, ObjectMapping.TargetMapping t, String prefix) {
        if (table.startsWith(prefix + "_") && (t.table() == null || t.table().primaryName() == null)) {
            p.add(at + ".table: " + table + " is created by the migrator, so give its label, pluralLabel and primaryName");
        }
        Set<String> declared = new java.util.HashSet<>(t.columns().keySet());
        t.fields().values().forEach(f -> {
            if (f.create() != null && f.column() != null) {
                declared.add(f.column());
            }
            if (f.create() != null && f.lookup() != null) {
                declared.add(f.lookup().navigation().toLowerCase(java.util.Locale.ROOT));
            }
        });
        List<String> owners = t.fields().entrySet().stream().filter(f -> Boolean.TRUE.equals(f.getValue().owner()))
                .map(Map.Entry::getKey).toList();
        if (owners.size() > 1) {
            p.add(at + ": a record has one owner, but " + owners + " all say owner: true");
        }
        for (Map.Entry<String, FieldMapping> f : t.fields().entrySet()) {
            List<String> written = new ArrayList<>(f.getValue().also() == null ? List.of() : f.getValue().also());
            if (f.getValue().unknownTextColumn() != null) {
                written.add(f.getValue().unknownTextColumn());
            }
            for (String c : written) {
                if (c.startsWith(prefix + "_") && !declared.contains(c)) {
                    p.add(at + ".fields." + f.getKey() + ": custom column '" + c + "' is written but not declared under columns");
                }
            }
            FieldMapping.NewColumn create = f.getValue().create();
            if (create != null && "Lookup".equals(create.type()) && create.target() == null) {
                p.add(at + ".fields." + f.getKey() + ".create: a Lookup names the table it points at (target)");
            }
        }
        t.columns().forEach((name, c) -> {
            if (!name.startsWith(prefix + "_")) {
                p.add(at + ".columns." + name + ": a declared column must start with '" + prefix + "_'");
            }
            if ("Lookup".equals(c.type()) && c.target() == null) {
                p.add(at + ".columns." + name + ": a Lookup names the table it points at (target)");
            }
        });
    }

    private static void checkField(List<String> p, String at, ProfiObject object, String source, FieldMapping f, String prefix,
                                   MappingFile m) {
        if (!knownField(object, source)) {
            p.add(at + ": " + object.fileName() + " has no field '" + source + "'");
        }
        int places = (f.column() != null ? 1 : 0) + (f.lookup() != null ? 1 : 0) + (Boolean.TRUE.equals(f.owner()) ? 1 : 0);
        if (places != 1) {
            p.add(at + ": say exactly one of column, lookup or owner: true");
        }
        if (f.transform() != null) {
            for (String t : f.transform()) {
                if (!TRANSFORMS.contains(t)) {
                    p.add(at + ".transform: '" + t + "' is not a transform (known: " + new java.util.TreeSet<>(TRANSFORMS) + ")");
                }
            }
            if (f.transform().contains("money") && f.currencyField() == null) {
                p.add(at + ": a money field needs currencyField (the Profi field with the ISO-4217 code)");
            }
        }
        if (f.tooLong() != null && !Set.of("reject", "truncate").contains(f.tooLong())) {
            p.add(at + ".tooLong: '" + f.tooLong() + "' must be reject or truncate");
        }
        if (f.unknown() != null) {
            if (!Set.of("reject", "empty", "keep-text").contains(f.unknown())) {
                p.add(at + ".unknown: '" + f.unknown() + "' must be reject, empty or keep-text");
            } else if (f.unknown().equals("keep-text") && f.unknownTextColumn() == null) {
                p.add(at + ": unknown: keep-text needs unknownTextColumn");
            }
            if (f.values() == null) {
                p.add(at + ": unknown applies to a value map, and there is no values map");
            }
        }
        if (f.create() != null && f.column() != null && !f.column().startsWith(prefix + "_")) {
            p.add(at + ".column: '" + f.column() + "' is created by the migrator, so it must start with '" + prefix + "_'");
        }
        if (f.column() != null && !f.column().equals(f.column().toLowerCase(java.util.Locale.ROOT))) {
            p.add(at + ".column: '" + f.column() + "' must be the logical (lower-case) name");
        }
        if (f.lookup() != null) {
            if (f.lookup().object() == null || !m.objects().containsKey(f.lookup().object())) {
                p.add(at + ".lookup.object: '" + f.lookup().object() + "' is not a mapped object");
            }
            if (f.lookup().navigation() == null || f.lookup().navigation().isBlank()) {
                p.add(at + ".lookup.navigation: name the navigation property to bind through");
            }
        }
    }

    /** A standard column of the object's file, a custom field, or a field of a related object ({@code invoice.number}). */
    static boolean knownField(ProfiObject object, String field) {
        if (field.startsWith("cf_") || object.column(field).isPresent()) {
            return true;
        }
        int dot = field.indexOf('.');
        if (dot > 0) {
            return ProfiObject.byTypeName(field.substring(0, dot))
                    .map(o -> o.column(field.substring(dot + 1)).isPresent() || field.substring(dot + 1).startsWith("cf_"))
                    .orElse(false);
        }
        return false;
    }
}

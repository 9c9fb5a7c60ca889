package org.profid365.migrator.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mapping file an admin reads, edits and approves ({@code mapping/mapping.yaml}, path from MIGRATOR_MAPPING):
 * for each Profi object, the Dynamics table(s) it becomes and, field by field, the column, transforms, value map,
 * defaults and skips. Nothing moves until the file's SHA-256 is approved. Documented in {@code docs/mapping.md}.
 *
 * @param version         format version, 1
 * @param publisherPrefix prefix of the custom tables and columns this file names ({@code profi})
 * @param options         choices that apply across objects
 * @param objects         per Profi object type ({@code client}, {@code company}, ...), in load order
 * @param skipObjects     Profi files with no table of their own, each with the reason (read through related fields)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"version", "publisherPrefix", "options", "objects", "skipObjects"})
public record MappingFile(int version, String publisherPrefix, MappingOptions options, Map<String, ObjectMapping> objects,
                          Map<String, String> skipObjects) {

    public MappingFile {
        skipObjects = skipObjects == null ? new LinkedHashMap<>() : new LinkedHashMap<>(skipObjects);
        objects = objects == null ? new LinkedHashMap<>() : new LinkedHashMap<>(objects);
        options = options == null ? MappingOptions.defaults() : options;
    }

    /**
     * Choices that apply across objects.
     *
     * @param leadThresholdSessions a client with fewer sessions (incl. group participation) becomes a lead
     * @param timeZone              zone of offset-less Profi timestamps; "export" = the manifest's
     * @param noteHtml              {@code keep} HTML note bodies as they are (rich-text orgs) or convert them to {@code text}
     * @param attachmentInlineMaxBytes files up to this size go inline as documentbody, larger ones by block upload
     * @param participantAttendance    a group participant's {@code attendance} → the session status that participant's
     *                                 task takes ({@code session} = the session's own); see {@link ParticipantAttendance}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MappingOptions(Integer leadThresholdSessions, String timeZone, String noteHtml, Long attachmentInlineMaxBytes,
                                 Map<String, String> participantAttendance) {
        public static MappingOptions defaults() {
            return new MappingOptions(1, "export", "keep", 4L * 1024 * 1024, ParticipantAttendance.DEFAULTS);
        }
    }
}

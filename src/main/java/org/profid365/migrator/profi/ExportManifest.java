package org.profid365.migrator.profi;

import java.time.ZoneId;

/** The {@code manifest.json} of an export: which workspace, when, and the time zone of offset-less timestamps. */
public record ExportManifest(String workspaceId, String workspaceName, String workspaceType, String exportedAt,
                             ZoneId timezone, int formatVersion) {
}

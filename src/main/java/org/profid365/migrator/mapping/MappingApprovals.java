package org.profid365.migrator.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.profid365.migrator.pipeline.MigratorContext;

/**
 * The approval gate: a mapping file may drive writes only when its exact bytes (SHA-256) were approved for this
 * migration. Editing the file changes the hash, so an edited file needs approving again.
 */
public final class MappingApprovals {

    /** One recorded approval. */
    public record Approval(String sha256, String filePath, String approvedBy, Instant approvedAt) {
    }

    private final MigratorContext ctx;

    public MappingApprovals(MigratorContext ctx) {
        this.ctx = ctx;
    }

    public Approval approve(MappingLoader.LoadedMapping mapping, String approvedBy) throws SQLException {
        String summary;
        try {
            summary = new ObjectMapper().writeValueAsString(MappingSummary.of(mapping.mapping()));
        } catch (Exception e) {
            throw new IllegalStateException("a summary is always serialisable", e);
        }
        try (Connection c = ctx.store().connection();
             PreparedStatement ps = c.prepareStatement("""
                     insert into mapping_approval (migration_id, sha256, file_path, approved_by, summary)
                     values (?, ?, ?, ?, ?::jsonb) returning approved_at
                     """)) {
            ps.setLong(1, ctx.migration().id());
            ps.setString(2, mapping.sha256());
            ps.setString(3, mapping.file().toAbsolutePath().toString());
            ps.setString(4, approvedBy);
            ps.setString(5, summary);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Approval(mapping.sha256(), mapping.file().toAbsolutePath().toString(), approvedBy,
                        rs.getTimestamp(1).toInstant());
            }
        }
    }

    /** The latest approval of exactly this content, if any. */
    public Optional<Approval> approvalOf(String sha256) throws SQLException {
        try (Connection c = ctx.store().connection();
             PreparedStatement ps = c.prepareStatement("""
                     select sha256, file_path, approved_by, approved_at from mapping_approval
                     where migration_id = ? and sha256 = ? order by id desc limit 1
                     """)) {
            ps.setLong(1, ctx.migration().id());
            ps.setString(2, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Approval(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()));
            }
        }
    }

    /**
     * The preflight check of every writing command: empty when the file in use is approved, else the reason.
     */
    public Optional<String> unapprovedReason(MappingLoader.LoadedMapping mapping) throws SQLException {
        if (approvalOf(mapping.sha256()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("the mapping file " + mapping.file() + " (SHA-256 " + mapping.sha256().substring(0, 12)
                + "…) has not been approved" + (anyApproval() ? "; it changed since the last approval" : "")
                + ": review it and run approve-map");
    }

    private boolean anyApproval() throws SQLException {
        try (Connection c = ctx.store().connection();
             PreparedStatement ps = c.prepareStatement("select 1 from mapping_approval where migration_id = ? limit 1")) {
            ps.setLong(1, ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}

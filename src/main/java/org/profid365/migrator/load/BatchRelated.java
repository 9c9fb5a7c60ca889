package org.profid365.migrator.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.profid365.migrator.mapping.PackageLinkRebuilder;
import org.profid365.migrator.mapping.PackageLinkRebuilder.ClientPackage;
import org.profid365.migrator.mapping.PackageLinkRebuilder.ClientSession;
import org.profid365.migrator.mapping.RelatedRecords;
import org.profid365.migrator.profi.Column;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * The related records of one batch, fetched up front with one query per kind: every record a batch record's
 * reference columns name (and, for files, their notes' references), the participants of its sessions, the rebuilt
 * package links of its clients' sessions, and which of its invoices have payments. Rejected and deleted records
 * are not offered to the rules; {@link #parentProblem} reports them instead.
 */
final class BatchRelated implements RelatedRecords {

    private final Map<ProfiObject, Map<String, StagedRecords.Related>> records = new EnumMap<>(ProfiObject.class);
    private Map<String, List<ProfiRecord>> participants = Map.of();
    private final Map<String, String> inferred = new HashMap<>();
    private Set<String> paidInvoices = Set.of();
    private final LoadContext load;

    private BatchRelated(LoadContext load) {
        this.load = load;
    }

    static BatchRelated fetch(Connection c, LoadContext load, List<StagedItem> items) throws SQLException {
        BatchRelated r = new BatchRelated(load);
        StagedRecords staged = load.staged();
        Map<ProfiObject, Set<String>> wanted = new EnumMap<>(ProfiObject.class);
        List<String> sessionIds = new ArrayList<>();
        List<String> invoiceIds = new ArrayList<>();
        Set<String> unlinkedClients = new HashSet<>();
        for (StagedItem item : items) {
            ProfiRecord rec = item.record();
            references(rec, wanted);
            if (rec.object() == ProfiObject.SESSION) {
                sessionIds.add(rec.profiId());
                String pkg = rec.get("package_id");
                if ((pkg == null || pkg.isBlank()) && rec.get("client_id") != null) {
                    unlinkedClients.add(rec.get("client_id").strip());
                }
            } else if (rec.object() == ProfiObject.INVOICE) {
                invoiceIds.add(rec.profiId());
            }
        }
        if (!sessionIds.isEmpty()) {
            r.participants = staged.participants(c, sessionIds);
            for (List<ProfiRecord> ps : r.participants.values()) {
                for (ProfiRecord p : ps) {
                    add(wanted, ProfiObject.CLIENT, p.get("client_id"));
                }
            }
        }
        // a file goes where its note went: fetch the notes first, then what they point at
        Set<String> notes = wanted.get(ProfiObject.NOTE);
        if (notes != null) {
            r.records.put(ProfiObject.NOTE, staged.byIds(c, ProfiObject.NOTE, notes));
            for (StagedRecords.Related n : r.records.get(ProfiObject.NOTE).values()) {
                references(n.record(), wanted);
            }
        }
        for (Map.Entry<ProfiObject, Set<String>> e : wanted.entrySet()) {
            if (!r.records.containsKey(e.getKey())) {
                r.records.put(e.getKey(), staged.byIds(c, e.getKey(), e.getValue()));
            }
        }
        if (!invoiceIds.isEmpty()) {
            r.paidInvoices = staged.invoicesWithPayments(c, invoiceIds);
        }
        if (!unlinkedClients.isEmpty()) {
            Map<String, List<ClientPackage>> packages = new HashMap<>();
            Map<String, List<ClientSession>> sessions = new HashMap<>();
            staged.packagesAndSessions(c, unlinkedClients, load.zone(), packages, sessions);
            PackageLinkRebuilder rebuilder = new PackageLinkRebuilder();
            for (Map.Entry<String, List<ClientSession>> e : sessions.entrySet()) {
                r.inferred.putAll(rebuilder.rebuild(packages.getOrDefault(e.getKey(), List.of()), e.getValue()).inferred());
            }
        }
        return r;
    }

    private static void references(ProfiRecord rec, Map<ProfiObject, Set<String>> wanted) {
        for (Column col : rec.object().columns()) {
            if (col.references() != null) {
                add(wanted, col.references(), rec.get(col.name()));
            }
        }
    }

    private static void add(Map<ProfiObject, Set<String>> wanted, ProfiObject object, String id) {
        if (id != null && !id.isBlank()) {
            wanted.computeIfAbsent(object, k -> new HashSet<>()).add(id.strip());
        }
    }

    /**
     * Why {@code rec} cannot be written because of a record it points at: a referenced company, client, session or
     * note (or a group session's participant) that was rejected or deleted. Empty when every parent is fine.
     */
    Optional<String[]> parentProblem(ProfiRecord rec) {
        for (Column col : rec.object().columns()) {
            if (col.references() != null && LoadStage.isWrittenParent(col.references())) {
                String problem = problem(col.references(), rec.get(col.name()));
                if (problem != null) {
                    return Optional.of(new String[] {col.name(), problem});
                }
            }
        }
        if (rec.object() == ProfiObject.SESSION) {
            for (ProfiRecord p : participants(rec.profiId())) {
                String problem = problem(ProfiObject.CLIENT, p.get("client_id"));
                if (problem != null) {
                    return Optional.of(new String[] {"session_participants.client_id", "group participant " + problem});
                }
            }
        }
        return Optional.empty();
    }

    private String problem(ProfiObject object, String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        StagedRecords.Related r = records.getOrDefault(object, Map.of()).get(id.strip());
        if (r == null) {
            return object.typeName() + " " + id.strip() + " is not staged";
        }
        if ("rejected".equals(r.loadState()) || "deleted".equals(r.loadState())) {
            return object.typeName() + " " + id.strip() + " was " + r.loadState()
                    + " (see its dead letter), so this record cannot point at it";
        }
        return null;
    }

    @Override
    public Optional<ProfiRecord> get(String objectType, String profiId) {
        if (profiId == null) {
            return Optional.empty();
        }
        Optional<ProfiObject> object = ProfiObject.byTypeName(objectType);
        if (object.isEmpty()) {
            return Optional.empty();
        }
        StagedRecords.Related r = records.getOrDefault(object.get(), Map.of()).get(profiId.strip());
        if (r == null || "rejected".equals(r.loadState()) || "deleted".equals(r.loadState())) {
            return Optional.empty();
        }
        return Optional.of(r.record());
    }

    @Override
    public List<ProfiRecord> participants(String sessionId) {
        return participants.getOrDefault(sessionId, List.of());
    }

    @Override
    public String clientTable(String clientId) {
        return load.clientTables().tableOf(clientId);
    }

    @Override
    public Optional<String> inferredPackage(String sessionId) {
        return Optional.ofNullable(inferred.get(sessionId));
    }

    @Override
    public boolean hasPayments(String invoiceId) {
        return paidInvoices.contains(invoiceId);
    }

    @Override
    public Optional<UUID> enabledUser(String email) {
        return email == null ? Optional.empty() : load.enabledUser(email);
    }
}

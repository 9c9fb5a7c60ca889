package org.profid365.migrator.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.sim.WorkspacePools.Coach;
import org.profid365.migrator.sim.WorkspacePools.Service;

/**
 * Writes one client and everything that hangs on it (packages, sessions, group participants, enrollments,
 * invoices, payments, notes, files) straight to the open export files, then forgets it. Only running id
 * counters and a short ring of recent e-mail addresses survive from one client to the next.
 *
 * <p>Each client draws from its own random stream seeded by the export seed and its index, so one client's
 * content never depends on how much randomness the previous one used.
 */
final class ClientHistory {

    /** Share of packages whose sessions lost their package_id in the export: "many" per profi-source.md. */
    private static final double PACKAGE_LINK_LOST = 0.65;
    private static final double HTML_NOTE_RATE = 0.30;
    private static final double SESSION_NOTE_RATE = 0.22;
    private static final double CLIENT_NOTES_MEAN = 0.75;
    private static final double SINGLE_SESSIONS_MEAN = 0.6;
    private static final double SINGLE_INVOICE_RATE = 0.30;
    private static final double FILE_RATE = 0.085;
    private static final int LARGE_NOTE_BYTES = 3 * 1024 * 1024;
    /** How far back group sessions look for other participants; bounded so nothing older is needed. */
    private static final int PARTICIPANT_WINDOW = 400;

    private static final String[] FREEMAIL = {"gmail.com", "gmail.com", "gmx.de", "web.de", "outlook.com", "yahoo.com",
            "icloud.com", "t-online.de", "posteo.de", "proton.me", "hotmail.com", "mailbox.org"};
    private static final String[] SOURCES = {"website", "website", "referral", "referral", "linkedin", "instagram",
            "google_ads", "event", "podcast", "partner", "Empfehlung"};
    private static final String[] TAGS = {"vip", "newsletter", "corporate", "online-only", "berlin", "alumni-2022",
            "sliding-scale", "high-potential", "Führungskraft", "returning"};
    private static final int[] PACKAGE_SIZES = {3, 5, 5, 6, 6, 8, 10, 12};
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM uuuu", Locale.ENGLISH);

    private final int clients;
    private final WorkspacePools workspace;
    private final ExportClock clock;
    private final TrapPlan plan;
    private final ExportFiles out;
    private final long seed;
    private final Path filesDir;
    private final Instant now;
    private final Instant horizon;

    private long packageSeq;
    private long sessionSeq;
    private long enrollmentSeq;
    private long invoiceSeq;
    private long paymentSeq;
    private long noteSeq;
    private long fileSeq;
    private long orphanSeq;
    private int invoiceNumber;
    private final String[] recentEmails = new String[64];
    private int recentEmailCount;

    ClientHistory(long seed, int clients, WorkspacePools workspace, ExportClock clock, TrapPlan plan, ExportFiles out) {
        this.seed = seed;
        this.clients = clients;
        this.workspace = workspace;
        this.clock = clock;
        this.plan = plan;
        this.out = out;
        this.filesDir = out.directory().resolve("files");
        this.now = clock.exportedAt();
        this.horizon = now.plus(45, ChronoUnit.DAYS);
    }

    /** What is known about the client being written; dropped when the next one starts. */
    private static final class Client {
        int index;
        SplittableRandom random;
        Set<Trap> traps;
        boolean prospect;
        String id;
        FakeNames.Person person;
        String lastName;
        String email;
        String country;
        String currency;
        WorkspacePools.Company company;
        Coach owner;
        List<Coach> coCoaches = List.of();
        Instant created;
        final List<PlannedPackage> packages = new ArrayList<>();
        final List<PlannedSession> sessions = new ArrayList<>();
        final List<String> noteIds = new ArrayList<>();

        boolean has(Trap trap) {
            return traps.contains(trap);
        }
    }

    private static final class PlannedPackage {
        String id;
        Service service;
        int included;
        long priceCents;
        Instant purchased;
        Instant expires;
        boolean cancelled;
        boolean linkLost;
        int used;
        String status;
    }

    private static final class PlannedSession {
        String id;
        Instant start;
        Service service;
        String type;
        PlannedPackage paidBy;
        /** Paid by {@link #paidBy} but booked after it expired: no rule can rebuild the link. */
        boolean afterExpiry;
        boolean outOfRange;
        /** When the session really was, before a typo moved it centuries away. */
        Instant realStart;
        String status;
        String medium;
        Coach coach;
        String recordingUrl;
        String title;
        List<Integer> participants = List.of();

        boolean isPast(Instant now) {
            return !outOfRange && !start.isAfter(now);
        }
    }

    void write(int index) throws IOException {
        Client c = new Client();
        c.index = index;
        c.random = new SplittableRandom(ExportIds.mix(seed, index));
        c.traps = plan.trapsFor(index, c.random);
        c.prospect = plan.isProspect(index);
        c.id = clientId(index);
        c.created = clock.clientCreated(index, clients, c.random);
        choosePerson(c);
        chooseOwners(c);
        if (c.prospect) {
            plan.count(Trap.PROSPECT);
        } else {
            planSessions(c);
        }
        writeClient(c);
        writePackages(c);
        writeSessions(c);
        writeEnrollments(c);
        writeInvoices(c);
        writeNotes(c);
        writeFiles(c);
        if (c.has(Trap.ORPHAN_SESSION)) {
            writeOrphanSession(c);
        }
    }

    static String clientId(int index) {
        return ExportIds.of("cli", index);
    }

    // ---------------------------------------------------------------- who the client is

    private void choosePerson(Client c) {
        SplittableRandom r = c.random;
        if (c.has(Trap.NON_LATIN_NAME)) {
            c.person = FakeNames.nonLatinPerson(r);
            plan.count(Trap.NON_LATIN_NAME);
        } else if (c.has(Trap.APOSTROPHE_NAME)) {
            c.person = FakeNames.apostrophePerson(r);
            plan.count(Trap.APOSTROPHE_NAME);
        } else {
            c.person = FakeNames.person(r);
        }
        c.lastName = c.person.lastName();
        if (c.has(Trap.MISSING_LAST_NAME) && !c.has(Trap.APOSTROPHE_NAME) && !c.has(Trap.NON_LATIN_NAME)) {
            c.lastName = null;
            plan.count(Trap.MISSING_LAST_NAME);
        }
        c.country = c.person.country();
        c.currency = FakePlaces.currency(c.country);
        if (r.nextDouble() < 0.35) {
            // clients join companies that already exist, so ids stay in creation order
            int known = (int) Math.max(1, (long) workspace.companyCount() * (c.index + 1) / clients);
            c.company = workspace.company(r.nextInt(known));
        }
        c.email = chooseEmail(c);
    }

    /**
     * Every ordinary address carries the client's number, so addresses never collide by accident: the only
     * duplicates are the planted ones.
     */
    private String chooseEmail(Client c) {
        SplittableRandom r = c.random;
        FakeNames.Person p = c.person;
        if (c.has(Trap.INVALID_EMAIL)) {
            plan.count(Trap.INVALID_EMAIL);
            return invalidEmail(r, p);
        }
        if (c.has(Trap.DUPLICATE_EMAIL) && recentEmailCount > 0) {
            plan.count(Trap.DUPLICATE_EMAIL);
            String earlier = recentEmails[r.nextInt(Math.min(recentEmailCount, recentEmails.length))];
            // the same address typed with different capitals is still the same mailbox
            return r.nextBoolean() ? earlier : Character.toUpperCase(earlier.charAt(0)) + earlier.substring(1);
        }
        if (r.nextDouble() < 0.03 && c.traps.isEmpty() && c.index > 0) {
            return null;
        }
        int n = c.index + 1;
        String first = p.emailFirst();
        String last = c.lastName == null ? "" : p.emailLast();
        String local;
        double style = r.nextDouble();
        if (last.isEmpty() || style < 0.2) {
            local = first + n;
        } else if (style < 0.55) {
            local = first + "." + last + n;
        } else if (style < 0.75) {
            local = first.charAt(0) + last + n;
        } else if (style < 0.9) {
            local = last + "." + first + n;
        } else {
            local = first + "_" + last + n;
        }
        String domain = c.company != null && r.nextDouble() < 0.5 ? c.company.domain() : FakeNames.pick(r, FREEMAIL);
        String email = local + "@" + domain;
        if (r.nextDouble() < 0.02) {
            email = Character.toUpperCase(email.charAt(0)) + email.substring(1);
        }
        recentEmails[recentEmailCount++ % recentEmails.length] = email;
        return email;
    }

    private static String invalidEmail(SplittableRandom r, FakeNames.Person p) {
        String first = p.emailFirst();
        String last = p.emailLast();
        return switch (r.nextInt(6)) {
            case 0 -> first + "@";
            case 1 -> first + "." + last + ".gmail.com";
            case 2 -> first + "@@web.de";
            case 3 -> first + "." + last + "@gmail";
            case 4 -> p.firstName() + " " + last + "@gmx.de";
            default -> first + "." + last + "@gmail..com";
        };
    }

    private void chooseOwners(Client c) {
        c.owner = workspace.coachAt(c.random, c.created, null);
        if (c.has(Trap.CO_MANAGED_CLIENT) && workspace.coaches().size() > 1) {
            List<Coach> co = new ArrayList<>();
            int wanted = 1 + (c.random.nextDouble() < 0.3 ? 1 : 0);
            for (int tries = 0; tries < 20 && co.size() < wanted; tries++) {
                Coach other = workspace.coaches().get(c.random.nextInt(workspace.coaches().size()));
                if (other != c.owner && !co.contains(other)) {
                    co.add(other);
                }
            }
            c.coCoaches = co;
            plan.count(Trap.CO_MANAGED_CLIENT);
        }
    }

    // ---------------------------------------------------------------- what happened with the client

    /**
     * A discovery call, then packages one after another (each with its sessions inside its validity), single
     * sessions of services the client never bought a package for, and now and then a group session. Keeping
     * services apart is what makes the documented rebuild rule give the true package for every lost link.
     */
    private void planSessions(Client c) {
        SplittableRandom r = c.random;
        boolean pinned = plan.isPinned(c.index);
        Instant t = c.created.plus(1 + r.nextInt(10), ChronoUnit.DAYS);
        if (pinned || r.nextDouble() < 0.9) {
            addSession(c, clock.appointmentOn(r, t), workspace.services().get(0), "discovery", null);
        }
        planPackages(c, t, pinned);
        planSingles(c, pinned);
        planGroupSessions(c);
        if (c.sessions.isEmpty()) {
            // only prospects go without a session; everyone else had at least the discovery call
            addSession(c, clock.appointmentOn(r, t), workspace.services().get(0), "discovery", null);
        }
        c.sessions.sort(Comparator.comparing((PlannedSession s) -> s.start));
        chooseStatuses(c);
        plantSessionTraps(c);
        for (PlannedPackage p : c.packages) {
            p.used = (int) c.sessions.stream().filter(s -> s.paidBy == p && s.isPast(now)).count();
            p.status = p.cancelled ? "cancelled" : p.used >= p.included ? "completed" : p.expires.isBefore(now) ? "expired" : "active";
        }
    }

    private void planPackages(Client c, Instant after, boolean pinned) {
        SplittableRandom r = c.random;
        double roll = r.nextDouble();
        int count = roll < 0.42 ? 0 : roll < 0.82 ? 1 : roll < 0.97 ? 2 : 3;
        if (pinned) {
            count = Math.max(1, count);
        }
        Instant t = after;
        PlannedPackage previous = null;
        // the client who used a credit after expiry keeps the first package's service to that package alone
        boolean keepFirstAlone = c.has(Trap.UNREBUILDABLE_PACKAGE_LINK);
        for (int k = 0; k < count; k++) {
            Instant purchased = t.plus(1 + r.nextInt(30), ChronoUnit.DAYS).plusSeconds(r.nextInt(86_400));
            if (purchased.isAfter(now.minus(1, ChronoUnit.DAYS))) {
                break;
            }
            PlannedPackage p = new PlannedPackage();
            p.id = ExportIds.of("pkg", packageSeq++);
            Service reserved = keepFirstAlone && k > 0 ? c.packages.get(0).service : null;
            p.service = packageService(r, c.packages, previous, reserved);
            p.included = PACKAGE_SIZES[r.nextInt(PACKAGE_SIZES.length)];
            int months = p.included <= 5 ? (r.nextBoolean() ? 3 : 6) : (r.nextBoolean() ? 6 : 12);
            p.purchased = purchased;
            p.expires = ZonedDateTime.ofInstant(purchased, ExportClock.ZONE).plusMonths(months).toInstant();
            p.priceCents = Amounts.convert(p.service.priceCents() * p.included * (p.included >= 10 ? 85 : 92) / 100, c.currency);
            p.cancelled = r.nextDouble() < 0.02 && !(keepFirstAlone && k == 0);
            p.linkLost = r.nextDouble() < PACKAGE_LINK_LOST || (k == 0 && c.has(Trap.BROKEN_PACKAGE_LINK));
            c.packages.add(p);
            Instant last = planPackageSessions(c, p);
            t = last != null ? last : purchased;
            previous = p;
        }
    }

    /**
     * A service is bought again only when every earlier package of it is used up: the rebuild rule fills the
     * oldest package with room first, so an older package with room would capture the new package's sessions.
     */
    private Service packageService(SplittableRandom r, List<PlannedPackage> earlier, PlannedPackage previous, Service reserved) {
        List<Service> open = new ArrayList<>();
        for (Service s : workspace.services()) {
            boolean roomLeft = earlier.stream().anyMatch(p -> p.service == s && p.used < p.included);
            if (s.packageable() && !roomLeft && s != reserved) {
                open.add(s);
            }
        }
        if (previous != null && open.contains(previous.service) && r.nextBoolean()) {
            return previous.service; // a renewal
        }
        return open.get(r.nextInt(open.size()));
    }

    /** Sessions every one to three weeks from shortly after purchase, until used up, expired or too far ahead. */
    private Instant planPackageSessions(Client c, PlannedPackage p) {
        SplittableRandom r = c.random;
        Instant end = p.expires.isBefore(horizon) ? p.expires : horizon;
        int limit = p.cancelled ? 1 + r.nextInt(2) : p.included;
        Instant day = p.purchased.plus(2 + r.nextInt(9), ChronoUnit.DAYS);
        Instant last = null;
        int planned = 0;
        while (planned < limit) {
            Instant start = clock.appointmentOn(r, day);
            if (!start.isAfter(p.purchased) || start.isAfter(end)) {
                break;
            }
            addSession(c, start, p.service, "individual", p);
            last = start;
            planned++;
            day = day.plus(7 + r.nextInt(15), ChronoUnit.DAYS);
        }
        // marks a package as used up for the renewal rule before the statuses are known
        p.used = planned;
        return last;
    }

    private void planSingles(Client c, boolean pinned) {
        SplittableRandom r = c.random;
        List<Service> allowed = new ArrayList<>();
        for (Service s : workspace.services()) {
            boolean bought = c.packages.stream().anyMatch(p -> p.service == s);
            if (!s.isGroup() && !s.isDiscovery() && !bought) {
                allowed.add(s);
            }
        }
        int count = poisson(r, SINGLE_SESSIONS_MEAN);
        if (pinned) {
            count = Math.max(1, count);
        }
        Instant from = c.created.plus(2, ChronoUnit.DAYS);
        Instant to = min(horizon, c.created.plus(400, ChronoUnit.DAYS));
        for (int i = 0; i < count && !allowed.isEmpty(); i++) {
            Instant start = clock.appointmentOn(r, clock.between(r, from, to));
            Service s = allowed.get(r.nextInt(allowed.size()));
            // the legacy service was retired two years into the workspace's life: only old sessions use it
            boolean retired = !s.active() && start.isAfter(clock.workspaceStart().plus(730, ChronoUnit.DAYS));
            if (!retired) {
                addSession(c, start, s, r.nextDouble() < 0.3 ? "follow_up" : "individual", null);
            }
        }
    }

    /** Group sessions take a few earlier clients along as participants; prospects never take part. */
    private void planGroupSessions(Client c) {
        if (!c.has(Trap.GROUP_SESSION)) {
            return;
        }
        SplittableRandom r = c.random;
        List<Service> groups = workspace.services().stream().filter(Service::isGroup).toList();
        int count = 1 + (r.nextDouble() < 0.2 ? 1 : 0);
        for (int g = 0; g < count; g++) {
            Instant start = clock.appointmentOn(r, clock.between(r, c.created.plus(7, ChronoUnit.DAYS), min(horizon,
                    c.created.plus(300, ChronoUnit.DAYS))));
            PlannedSession s = addSession(c, start, groups.get(r.nextInt(groups.size())), "group", null);
            List<Integer> others = new ArrayList<>();
            int wanted = 1 + r.nextInt(4);
            int lowest = Math.max(0, c.index - PARTICIPANT_WINDOW);
            for (int tries = 0; tries < 40 && others.size() < wanted && c.index > 0; tries++) {
                int other = lowest + r.nextInt(c.index - lowest);
                if (!plan.isProspect(other) && !others.contains(other)) {
                    others.add(other);
                }
            }
            s.participants = others;
        }
    }

    private PlannedSession addSession(Client c, Instant start, Service service, String type, PlannedPackage paidBy) {
        PlannedSession s = new PlannedSession();
        s.start = start;
        s.service = service;
        s.type = type;
        s.paidBy = paidBy;
        c.sessions.add(s);
        return s;
    }

    private void chooseStatuses(Client c) {
        SplittableRandom r = c.random;
        for (PlannedSession s : c.sessions) {
            boolean coCoached = !c.coCoaches.isEmpty() && r.nextDouble() < 0.3;
            s.coach = workspace.coachAt(r, s.start, coCoached ? c.coCoaches.get(0) : c.owner);
            s.medium = pickMedium(r, s);
            s.title = sessionTitle(r, s, c);
            double roll = r.nextDouble();
            if (s.start.isAfter(now)) {
                s.status = s.paidBy != null || roll < 0.85 ? "scheduled" : "requested";
            } else if (s.paidBy != null) {
                s.status = roll < 0.92 ? "completed" : roll < 0.95 ? "no_show" : "late_cancelled";
            } else if (s.service.isGroup()) {
                s.status = roll < 0.95 ? "completed" : "cancelled";
            } else {
                s.status = roll < 0.84 ? "completed" : roll < 0.92 ? "cancelled" : roll < 0.95 ? "no_show" : "late_cancelled";
            }
        }
    }

    private static String pickMedium(SplittableRandom r, PlannedSession s) {
        if ("discovery".equals(s.type)) {
            return r.nextDouble() < 0.7 ? "video" : "phone";
        }
        double roll = r.nextDouble();
        return roll < 0.6 ? "video" : roll < 0.7 ? "phone" : roll < 0.95 ? "in_person" : "audio";
    }

    private static String sessionTitle(SplittableRandom r, PlannedSession s, Client c) {
        double roll = r.nextDouble();
        if (roll < 0.2) {
            return null; // the mapper falls back to the service name
        }
        if ("discovery".equals(s.type)) {
            return roll < 0.6 ? "Discovery call" : "Kennenlerngespräch";
        }
        if (s.service.isGroup()) {
            return s.service.name() + " – " + MONTH.format(s.start.atZone(ExportClock.ZONE));
        }
        if (s.paidBy != null && roll < 0.6) {
            return s.service.name() + " (package of " + s.paidBy.included + ")";
        }
        return roll < 0.8 ? "Coaching: " + FakeText.topic(r) : "Session with " + c.person.firstName();
    }

    /**
     * Traps that live in the sessions: a link that cannot be rebuilt, an unknown status, a date two centuries
     * off, recordings on the video provider.
     */
    private void plantSessionTraps(Client c) {
        SplittableRandom r = c.random;
        if (c.has(Trap.UNREBUILDABLE_PACKAGE_LINK)) {
            plantSessionAfterExpiry(c);
        }
        List<PlannedSession> singles = c.sessions.stream()
                .filter(s -> s.paidBy == null && !s.service.isGroup() && s.isPast(now)).toList();
        if (c.has(Trap.UNKNOWN_SESSION_STATUS) && !singles.isEmpty()) {
            singles.get(r.nextInt(singles.size())).status = "rescheduled";
            plan.count(Trap.UNKNOWN_SESSION_STATUS);
        }
        if (c.has(Trap.SESSION_DATE_OUT_OF_RANGE) && !singles.isEmpty()) {
            PlannedSession s = singles.get(r.nextInt(singles.size()));
            // a typo in the year: 2022 became 2202
            s.outOfRange = true;
            s.realStart = s.start;
            s.start = s.start.atZone(ExportClock.ZONE).withYear(2202).toInstant();
            plan.count(Trap.SESSION_DATE_OUT_OF_RANGE);
        }
        if (c.has(Trap.RECORDING_URL)) {
            List<PlannedSession> done = c.sessions.stream()
                    .filter(s -> "completed".equals(s.status) && s.isPast(now) && !s.service.isGroup()).toList();
            int recordings = done.isEmpty() ? 0 : 1 + (r.nextDouble() < 0.3 ? 1 : 0);
            for (int i = 0; i < recordings; i++) {
                PlannedSession s = done.get(r.nextInt(done.size()));
                if (s.recordingUrl == null) {
                    s.medium = "video";
                    s.recordingUrl = recordingUrl(r, s.start);
                    plan.count(Trap.RECORDING_URL);
                }
            }
        }
    }

    /**
     * The client used the package's last credit a few days after it expired (the coach was kind): the session
     * has no package_id and lies outside the package's validity, so the rebuild rule cannot find it.
     */
    private void plantSessionAfterExpiry(Client c) {
        SplittableRandom r = c.random;
        for (int k = c.packages.size() - 1; k >= 0; k--) {
            PlannedPackage p = c.packages.get(k);
            Instant start = clock.appointmentOn(r, p.expires.plus(3 + r.nextInt(18), ChronoUnit.DAYS));
            if (!p.cancelled && start.isBefore(now.minus(1, ChronoUnit.DAYS)) && !sharesService(c, p)) {
                plantSessionAfterExpiry(c, p, start);
                return;
            }
        }
    }

    /**
     * Only a package whose service the client bought once may lose a session: freeing a credit in a renewed
     * service would let the rule pull the renewal's sessions back into the older package.
     */
    private static boolean sharesService(Client c, PlannedPackage p) {
        return c.packages.stream().anyMatch(q -> q != p && q.service == p.service);
    }

    private void plantSessionAfterExpiry(Client c, PlannedPackage p, Instant start) {
        SplittableRandom r = c.random;
        List<PlannedSession> ofPackage = c.sessions.stream().filter(s -> s.paidBy == p).toList();
        if (ofPackage.size() >= p.included) {
            if (ofPackage.size() < 2) {
                return;
            }
            c.sessions.remove(ofPackage.get(ofPackage.size() - 1));
        }
        PlannedSession late = addSession(c, start, p.service, "individual", p);
        late.afterExpiry = true;
        late.coach = workspace.coachAt(r, start, c.owner);
        late.medium = "video";
        late.status = "completed";
        c.sessions.sort(Comparator.comparing((PlannedSession s) -> s.start));
        plan.count(Trap.UNREBUILDABLE_PACKAGE_LINK);
    }

    private static String recordingUrl(SplittableRandom r, Instant start) {
        return switch (r.nextInt(3)) {
            case 0 -> "https://zoom.us/rec/share/" + token(r, 32) + "?startTime=" + start.toEpochMilli();
            case 1 -> "https://vimeo.com/" + (100_000_000 + r.nextInt(800_000_000));
            default -> "https://www.loom.com/share/" + hex(r, 32);
        };
    }

    // ---------------------------------------------------------------- writing

    private void writeClient(Client c) throws IOException {
        SplittableRandom r = c.random;
        FakeNames.Person p = c.person;
        boolean hasAddress = r.nextDouble() < 0.7;
        FakePlaces.Address address = hasAddress ? FakePlaces.address(r, c.country) : null;
        boolean cityOnly = hasAddress && r.nextDouble() < 0.15;
        Instant updated = clock.between(r, c.created, now);
        out.start(ProfiObject.CLIENT)
                .set("id", c.id)
                .set("first_name", p.firstName())
                .set("last_name", c.lastName)
                .set("email", c.email)
                .set("phone", r.nextDouble() < 0.6 ? FakePlaces.landline(r, c.country) : null)
                .set("mobile", r.nextDouble() < 0.65 ? FakePlaces.mobile(r, c.country) : null)
                .set("birthdate", birthdate(c))
                .set("gender", FakeNames.genderCell(r, p))
                .set("street", address != null && !cityOnly ? address.street() : null)
                .set("city", address != null ? address.city() : null)
                .set("state", address != null && !cityOnly ? address.state() : null)
                .set("postal_code", address != null && !cityOnly ? address.postalCode() : null)
                .set("country", address != null ? address.country() : null)
                .set("company_id", c.company != null ? c.company.id() : null)
                .set("lifecycle_stage", lifecycleStage(c))
                .set("owner_email", c.owner.email())
                .set("co_coach_emails", c.coCoaches.isEmpty() ? null
                        : String.join(";", c.coCoaches.stream().map(Coach::email).toList()))
                .set("source", r.nextDouble() < 0.8 ? FakeNames.pick(r, SOURCES) : null)
                .set("tags", tags(r))
                .set("created_at", clock.timestamp(r, c.created))
                .set("updated_at", clock.timestamp(r, updated))
                .set("cf_goal", r.nextDouble() < 0.5 ? FakeText.goal(r) : null)
                .set("cf_referral_code", r.nextDouble() < 0.15 ? "REF-" + token(r, 5).toUpperCase(Locale.ROOT) : null)
                .set("cf_sessions_per_month", sessionsPerMonth(c))
                .set("cf_intake_date", r.nextDouble() < 0.6 ? ExportClock.date(clock.localDate(c.created).plusDays(r.nextInt(15))) : null)
                .set("cf_newsletter_opt_in", r.nextDouble() < 0.7 ? r.nextBoolean() : null)
                .set("cf_preferred_language", preferredLanguage(c))
                .set("cf_focus_areas", r.nextDouble() < 0.6 ? focusAreas(r) : null)
                .set("cf_linkedin", r.nextDouble() < 0.25 ? "https://www.linkedin.com/in/" + p.emailFirst() + "-"
                        + p.emailLast() + "-" + hex(r, 6) : null)
                .set("cf_assistant_email", c.company != null && r.nextDouble() < 0.1 ? "office@" + c.company.domain() : null)
                .set("cf_emergency_phone", r.nextDouble() < 0.1 ? FakePlaces.mobile(r, c.country) : null)
                .write();
    }

    private String birthdate(Client c) {
        SplittableRandom r = c.random;
        LocalDate born = clock.localDate(c.created).minusYears(22 + r.nextInt(47)).minusDays(r.nextInt(365));
        if (c.has(Trap.BIRTHDATE_OUT_OF_RANGE)) {
            plan.count(Trap.BIRTHDATE_OUT_OF_RANGE);
            // a century typo, or a year before anything Dataverse stores
            return ExportClock.date(r.nextBoolean() ? born.withYear(1812) : born.withYear(born.getYear() - 1000));
        }
        return r.nextDouble() < 0.55 ? ExportClock.date(born) : null;
    }

    private String lifecycleStage(Client c) {
        SplittableRandom r = c.random;
        if (c.has(Trap.UNKNOWN_LIFECYCLE_STAGE)) {
            plan.count(Trap.UNKNOWN_LIFECYCLE_STAGE);
            return "on_hold";
        }
        if (c.prospect) {
            return r.nextDouble() < 0.92 ? "prospect" : "archived";
        }
        boolean upcoming = c.sessions.stream().anyMatch(s -> !s.outOfRange && s.start.isAfter(now));
        boolean openPackage = c.packages.stream().anyMatch(p -> "active".equals(p.status));
        Instant last = c.sessions.stream().filter(s -> s.isPast(now)).map(s -> s.start).max(Comparator.naturalOrder())
                .orElse(c.created);
        if (upcoming || openPackage) {
            return "active";
        }
        if (c.created.isAfter(now.minus(30, ChronoUnit.DAYS))) {
            return "onboarding";
        }
        if (last.isAfter(now.minus(120, ChronoUnit.DAYS))) {
            return "active";
        }
        if (last.isAfter(now.minus(365, ChronoUnit.DAYS))) {
            return r.nextBoolean() ? "paused" : "alumni";
        }
        return r.nextDouble() < 0.7 ? "alumni" : "archived";
    }

    private static String tags(SplittableRandom r) {
        int count = r.nextDouble() < 0.5 ? 0 : 1 + r.nextInt(3);
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String tag = FakeNames.pick(r, TAGS);
            if (!tags.contains(tag)) {
                tags.add(tag);
            }
        }
        return tags.isEmpty() ? null : String.join(";", tags);
    }

    /** A "number" field that someone filled with halves now and then: the map must widen it to decimal. */
    private String sessionsPerMonth(Client c) {
        SplittableRandom r = c.random;
        if (c.has(Trap.FRACTIONAL_NUMBER)) {
            plan.count(Trap.FRACTIONAL_NUMBER);
            return (1 + r.nextInt(3)) + ".5";
        }
        return r.nextDouble() < 0.5 ? Integer.toString(1 + r.nextInt(4)) : null;
    }

    /** A single-select value that the field's option list does not have. */
    private String preferredLanguage(Client c) {
        SplittableRandom r = c.random;
        if (c.has(Trap.UNDECLARED_OPTION)) {
            plan.count(Trap.UNDECLARED_OPTION);
            return FakeNames.pick(r, new String[] {"pt", "tr", "pl"});
        }
        if (r.nextDouble() < 0.2) {
            return null;
        }
        return switch (c.country) {
            case "DE", "AT" -> "de";
            case "CH" -> r.nextBoolean() ? "de" : "fr";
            case "FR" -> "fr";
            case "ES" -> "es";
            case "IT" -> "it";
            default -> "en";
        };
    }

    private static String focusAreas(SplittableRandom r) {
        String[] options = CustomFieldCatalog.FOCUS_OPTIONS.split(";");
        StringBuilder b = new StringBuilder();
        for (String o : options) {
            if (r.nextDouble() < 0.3) {
                b.append(b.length() > 0 ? ";" : "").append(o);
            }
        }
        return b.length() > 0 ? b.toString() : options[r.nextInt(options.length)];
    }

    private void writePackages(Client c) throws IOException {
        SplittableRandom r = c.random;
        for (PlannedPackage p : c.packages) {
            Instant updated = max(p.purchased, c.sessions.stream().filter(s -> s.paidBy == p && s.isPast(now))
                    .map(s -> s.start).max(Comparator.naturalOrder()).orElse(p.purchased));
            out.start(ProfiObject.PACKAGE)
                    .set("id", p.id).set("client_id", c.id).set("service_id", p.service.id())
                    .set("name", p.included + " × " + p.service.name())
                    .set("sessions_included", p.included).set("sessions_used", p.used)
                    .set("price", Amounts.format(p.priceCents)).set("currency", c.currency)
                    .set("purchased_at", clock.timestamp(r, p.purchased)).set("expires_at", clock.timestamp(r, p.expires))
                    .set("status", p.status).set("updated_at", clock.timestamp(r, updated))
                    .write();
        }
    }

    private void writeSessions(Client c) throws IOException {
        for (PlannedSession s : c.sessions) {
            s.id = ExportIds.of("ses", sessionSeq++);
            writeSession(c, s, c.id);
            if (s.paidBy != null && !s.afterExpiry && s.paidBy.linkLost) {
                plan.count(Trap.BROKEN_PACKAGE_LINK);
            }
            writeParticipants(c, s);
        }
    }

    private void writeSession(Client c, PlannedSession s, String clientId) throws IOException {
        SplittableRandom r = c.random;
        int minutes = s.service.minutes() + (r.nextDouble() < 0.1 ? 5 * (1 + r.nextInt(4)) : 0);
        Instant realStart = s.outOfRange ? s.realStart : s.start;
        Instant booked = max(c.created, realStart.minus(1 + r.nextInt(21), ChronoUnit.DAYS));
        if (booked.isAfter(now)) {
            booked = now.minus(1, ChronoUnit.HOURS);
        }
        Instant updated = realStart.isAfter(now) ? booked : min(now, realStart.plus(minutes + r.nextInt(3 * 24 * 60), ChronoUnit.MINUTES));
        boolean linked = s.paidBy != null && !s.paidBy.linkLost && !s.afterExpiry;
        boolean completed = "completed".equals(s.status);
        Instant reminder = s.start.minus(24, ChronoUnit.HOURS);
        out.start(ProfiObject.SESSION)
                .set("id", s.id).set("client_id", clientId).set("coach_email", s.coach.email())
                .set("service_id", s.service.id()).set("package_id", linked ? s.paidBy.id : null)
                .set("title", s.title).set("session_type", s.type).set("medium", s.medium)
                .set("start_at", clock.timestamp(r, s.start))
                .set("end_at", clock.timestamp(r, s.start.plus(minutes, ChronoUnit.MINUTES)))
                .set("duration_minutes", minutes).set("status", s.status).set("recording_url", s.recordingUrl)
                .set("created_at", clock.timestamp(r, booked)).set("updated_at", clock.timestamp(r, updated))
                .set("cf_mood_before", completed && r.nextDouble() < 0.4 ? 1 + r.nextInt(10) : null)
                .set("cf_reminder_sent_at", !s.outOfRange && reminder.isBefore(now) && r.nextDouble() < 0.6
                        ? clock.timestamp(r, reminder) : null)
                .set("cf_homework", completed && r.nextDouble() < 0.15 ? FakeText.homework(r) : null)
                .set("cf_meeting_link", "video".equals(s.medium) && r.nextDouble() < 0.5 ? meetingLink(r) : null)
                .write();
    }

    private void writeParticipants(Client c, PlannedSession s) throws IOException {
        if (!s.service.isGroup()) {
            return;
        }
        SplittableRandom r = c.random;
        if (!s.participants.isEmpty()) {
            plan.count(Trap.GROUP_SESSION);
        }
        for (int other : s.participants) {
            String attendance = null;
            if (s.isPast(now)) {
                double roll = r.nextDouble();
                attendance = "cancelled".equals(s.status) || roll >= 0.95 ? "cancelled" : roll < 0.85 ? "attended" : "absent";
            }
            out.start(ProfiObject.SESSION_PARTICIPANT)
                    .set("session_id", s.id).set("client_id", clientId(other)).set("attendance", attendance)
                    .write();
        }
    }

    /** A session whose client was deleted in Profi before the export: its client_id points at nothing. */
    private void writeOrphanSession(Client c) throws IOException {
        SplittableRandom r = c.random;
        PlannedSession s = new PlannedSession();
        s.id = ExportIds.of("ses", sessionSeq++);
        s.start = clock.appointmentOn(r, clock.between(r, c.created, now.minus(2, ChronoUnit.DAYS)));
        s.service = workspace.services().get(1);
        s.type = "individual";
        s.status = "completed";
        s.medium = "video";
        s.coach = workspace.coachAt(r, s.start, c.owner);
        writeSession(c, s, ExportIds.orphan("cli", orphanSeq++));
        plan.count(Trap.ORPHAN_SESSION);
    }

    private void writeEnrollments(Client c) throws IOException {
        if (c.prospect) {
            return;
        }
        SplittableRandom r = c.random;
        double roll = r.nextDouble();
        int count = roll < 0.58 ? 0 : roll < 0.92 ? 1 : 2;
        boolean unknownStatus = c.has(Trap.UNKNOWN_ENROLLMENT_STATUS);
        if (unknownStatus) {
            count = Math.max(1, count);
        }
        List<WorkspacePools.Program> programs = workspace.programs();
        int first = r.nextInt(programs.size());
        for (int k = 0; k < count; k++) {
            WorkspacePools.Program program = programs.get((first + k) % programs.size());
            // people enrol while they are being coached, not years after they went quiet
            Instant enrolled = clock.between(r, c.created, min(now.minus(1, ChronoUnit.DAYS), c.created.plus(540, ChronoUnit.DAYS)));
            Instant completedAt = null;
            String status;
            String progress;
            double s = r.nextDouble();
            boolean longAgo = enrolled.isBefore(now.minus(120, ChronoUnit.DAYS));
            if (unknownStatus && k == 0) {
                status = "deferred";
                progress = "0";
                plan.count(Trap.UNKNOWN_ENROLLMENT_STATUS);
            } else if (longAgo && s < 0.5) {
                status = "completed";
                progress = "100";
                completedAt = enrolled.plus(28 + r.nextInt(84), ChronoUnit.DAYS);
            } else if (s < 0.75) {
                status = "active";
                progress = percent(r, 0, 95);
            } else if (s < 0.87) {
                status = "paused";
                progress = percent(r, 5, 80);
            } else {
                status = "withdrawn";
                progress = percent(r, 5, 60);
            }
            boolean done = completedAt != null;
            out.start(ProfiObject.ENROLLMENT)
                    .set("id", ExportIds.of("enr", enrollmentSeq++)).set("client_id", c.id).set("program_id", program.id())
                    .set("enrolled_at", clock.timestamp(r, enrolled)).set("status", status).set("progress_percent", progress)
                    .set("completed_at", done ? clock.timestamp(r, completedAt) : null)
                    .set("updated_at", clock.timestamp(r, done ? completedAt : clock.between(r, enrolled, now)))
                    .set("cf_cohort", r.nextDouble() < 0.6 ? cohort(clock.localDate(enrolled)) : null)
                    .set("cf_certificate_issued", done ? r.nextDouble() < 0.8 : null)
                    .set("cf_final_score", done && r.nextBoolean() ? (60 + r.nextInt(40)) + "." + r.nextInt(10) : null)
                    .write();
        }
    }

    /** Mostly whole percentages; some progress trackers count half modules. */
    private static String percent(SplittableRandom r, int low, int high) {
        int whole = low + r.nextInt(high - low + 1);
        return r.nextDouble() < 0.15 && whole < high ? whole + ".5" : Integer.toString(whole);
    }

    private static String cohort(LocalDate date) {
        return date.getYear() + (date.getMonthValue() <= 6 ? "-Spring" : "-Autumn");
    }

    // ---------------------------------------------------------------- money

    /** An invoice to write: for a package, or for a single session billed on its own. */
    private record Billable(Instant issued, long totalCents) {
    }

    private void writeInvoices(Client c) throws IOException {
        SplittableRandom r = c.random;
        List<Billable> billables = new ArrayList<>();
        for (PlannedPackage p : c.packages) {
            billables.add(new Billable(p.purchased, p.priceCents));
        }
        for (PlannedSession s : c.sessions) {
            boolean billable = s.paidBy == null && s.isPast(now) && !s.service.isDiscovery() && !"cancelled".equals(s.status);
            if (billable && r.nextDouble() < SINGLE_INVOICE_RATE) {
                billables.add(new Billable(s.start.plus(1 + r.nextInt(5), ChronoUnit.DAYS), Amounts.convert(s.service.priceCents(), c.currency)));
            }
        }
        billables.sort(Comparator.comparing(Billable::issued));
        boolean unknownPending = c.has(Trap.UNKNOWN_PAYMENT_STATUS);
        boolean partialPending = c.has(Trap.PARTIAL_PAYMENT);
        boolean unpaidPending = c.has(Trap.UNPAID_INVOICE);
        boolean unknownInvoicePending = c.has(Trap.UNKNOWN_INVOICE_STATUS);
        for (Billable b : billables) {
            if (b.issued().isAfter(now)) {
                continue;
            }
            boolean old = b.issued().isBefore(now.minus(21, ChronoUnit.DAYS));
            String status;
            if (unknownInvoicePending && old) {
                status = "written_off";
                unknownInvoicePending = false;
                plan.count(Trap.UNKNOWN_INVOICE_STATUS);
            } else if (partialPending && old) {
                status = "partially_paid";
                partialPending = false;
            } else if (unpaidPending && old) {
                status = "overdue";
                unpaidPending = false;
            } else if (unknownPending && old) {
                status = "paid";
            } else {
                status = invoiceStatus(r, old);
            }
            String invoiceId = ExportIds.of("inv", invoiceSeq++);
            Instant due = b.issued().plus(c.company != null ? 30 : 14, ChronoUnit.DAYS);
            out.start(ProfiObject.INVOICE)
                    .set("id", invoiceId).set("client_id", c.id)
                    .set("number", "INV-" + clock.localDate(b.issued()).getYear() + "-" + String.format(Locale.ROOT, "%05d", ++invoiceNumber))
                    .set("issued_at", clock.timestamp(r, b.issued())).set("due_at", clock.timestamp(r, due))
                    .set("status", status).set("total", Amounts.format(b.totalCents())).set("currency", c.currency)
                    .set("updated_at", clock.timestamp(r, min(now, due.plus(r.nextInt(20), ChronoUnit.DAYS))))
                    .write();
            int payments = writePayments(c, invoiceId, b, status, unknownPending);
            if (payments < 0) {
                unknownPending = false;
            }
            if (payments == 0) {
                plan.count(Trap.UNPAID_INVOICE);
            }
        }
        if (c.has(Trap.ORPHAN_PAYMENT)) {
            writePayment(c, ExportIds.orphan("inv", orphanSeq++), Amounts.convert(150_00, c.currency),
                    clock.between(r, c.created, now), "succeeded");
            plan.count(Trap.ORPHAN_PAYMENT);
        }
    }

    private static String invoiceStatus(SplittableRandom r, boolean old) {
        double roll = r.nextDouble();
        if (!old) {
            return roll < 0.55 ? "sent" : roll < 0.93 ? "paid" : "draft";
        }
        return roll < 0.90 ? "paid" : roll < 0.935 ? "overdue" : roll < 0.955 ? "void" : roll < 0.97 ? "sent"
                : roll < 0.98 ? "draft" : "refunded";
    }

    /**
     * The payments of one invoice. Returns how many were written, negated when one of them carries the
     * unknown status {@code refund_pending}.
     */
    private int writePayments(Client c, String invoiceId, Billable b, String status, boolean unknownPending) throws IOException {
        SplittableRandom r = c.random;
        Instant paid = min(now, b.issued().plus(r.nextInt(20), ChronoUnit.DAYS).plusSeconds(r.nextInt(86_400)));
        long total = b.totalCents();
        switch (status) {
            case "paid": {
                double roll = r.nextDouble();
                if (roll < 0.08 && total >= 200_00) {
                    long firstPart = total / 200 * 100; // half, in whole units
                    writePayment(c, invoiceId, firstPart, paid, "succeeded");
                    writePayment(c, invoiceId, total - firstPart, min(now, paid.plus(30, ChronoUnit.DAYS)), "succeeded");
                    return 2;
                }
                if (roll < 0.12) {
                    writePayment(c, invoiceId, total, paid, "failed");
                    writePayment(c, invoiceId, total, min(now, paid.plus(2, ChronoUnit.DAYS)), unknownPending ? "refund_pending" : "succeeded");
                    return countUnknown(unknownPending, 2);
                }
                writePayment(c, invoiceId, total, paid, unknownPending ? "refund_pending" : "succeeded");
                return countUnknown(unknownPending, 1);
            }
            case "partially_paid": {
                long part = Math.max(100, total * (30 + r.nextInt(41)) / 100 / 100 * 100);
                writePayment(c, invoiceId, part, paid, "succeeded");
                plan.count(Trap.PARTIAL_PAYMENT);
                return 1;
            }
            case "refunded":
                writePayment(c, invoiceId, total, paid, "refunded");
                return 1;
            case "overdue":
                if (r.nextDouble() < 0.15) {
                    writePayment(c, invoiceId, total, paid, "failed");
                    return 1;
                }
                return 0;
            default:
                return 0;
        }
    }

    private int countUnknown(boolean unknown, int written) {
        if (unknown) {
            plan.count(Trap.UNKNOWN_PAYMENT_STATUS);
            return -written;
        }
        return written;
    }

    private void writePayment(Client c, String invoiceId, long cents, Instant paidAt, String status) throws IOException {
        SplittableRandom r = c.random;
        double roll = r.nextDouble();
        String method = roll < 0.45 ? "card" : roll < 0.8 ? "bank_transfer" : roll < 0.95 ? "paypal" : roll < 0.98 ? "cash" : "other";
        String reference = switch (method) {
            case "card" -> "ch_" + token(r, 24);
            case "paypal" -> "PAYID-" + token(r, 24).toUpperCase(Locale.ROOT);
            case "bank_transfer" -> r.nextDouble() < 0.7 ? "SEPA-" + clock.localDate(paidAt).toString().replace("-", "") + "-"
                    + (100_000 + r.nextInt(900_000)) : null;
            default -> null;
        };
        Instant updated = "refunded".equals(status) ? min(now, paidAt.plus(10 + r.nextInt(30), ChronoUnit.DAYS)) : paidAt;
        out.start(ProfiObject.PAYMENT)
                .set("id", ExportIds.of("pay", paymentSeq++)).set("invoice_id", invoiceId).set("client_id", c.id)
                .set("amount", Amounts.format(cents)).set("currency", c.currency)
                .set("paid_at", clock.timestamp(r, paidAt)).set("method", method).set("status", status)
                .set("provider_ref", reference).set("updated_at", clock.timestamp(r, updated))
                .write();
    }

    // ---------------------------------------------------------------- notes and files

    private void writeNotes(Client c) throws IOException {
        SplittableRandom r = c.random;
        boolean htmlPending = c.has(Trap.HTML_NOTE);
        for (PlannedSession s : c.sessions) {
            if ("completed".equals(s.status) && s.isPast(now) && r.nextDouble() < SESSION_NOTE_RATE) {
                Instant at = min(now, s.start.plus(s.service.minutes() + r.nextInt(48 * 60), ChronoUnit.MINUTES));
                htmlPending = writeNote(c, c.id, s.id, s.coach, at, htmlPending) && htmlPending;
            }
        }
        int clientNotes = poisson(r, CLIENT_NOTES_MEAN);
        if (htmlPending) {
            clientNotes = Math.max(1, clientNotes);
        }
        for (int i = 0; i < clientNotes; i++) {
            htmlPending = writeNote(c, c.id, null, c.owner, clock.between(r, c.created, now), htmlPending) && htmlPending;
        }
        if (plan.carriesLargeNote(c.index)) {
            writeLargeNote(c);
        }
        if (c.has(Trap.ORPHAN_NOTE)) {
            String noteId = ExportIds.of("not", noteSeq++);
            writeNoteRow(c, noteId, ExportIds.orphan("cli", orphanSeq++), null, c.owner, clock.between(r, c.created, now),
                    "Call notes", FakeText.plainNote(r));
            plan.count(Trap.ORPHAN_NOTE);
        }
    }

    /** Writes a plain or HTML note; returns false when it was HTML (so a pinned HTML note is no longer owed). */
    private boolean writeNote(Client c, String clientId, String sessionId, Coach author, Instant at, boolean forceHtml)
            throws IOException {
        SplittableRandom r = c.random;
        boolean html = forceHtml || r.nextDouble() < HTML_NOTE_RATE;
        String noteId = ExportIds.of("not", noteSeq++);
        c.noteIds.add(noteId);
        writeNoteRow(c, noteId, clientId, sessionId, author, at, FakeText.noteTitle(r),
                html ? FakeText.htmlNote(r) : FakeText.plainNote(r));
        if (html) {
            plan.count(Trap.HTML_NOTE);
        }
        return !html;
    }

    /** A pasted call transcript of several MB: over many orgs' note size limit. */
    private void writeLargeNote(Client c) throws IOException {
        SplittableRandom r = c.random;
        String noteId = ExportIds.of("not", noteSeq++);
        c.noteIds.add(noteId);
        writeNoteRow(c, noteId, c.id, null, c.owner, clock.between(r, c.created, now), "Call transcript",
                FakeText.transcript(r, LARGE_NOTE_BYTES));
        plan.count(Trap.LARGE_NOTE);
    }

    private void writeNoteRow(Client c, String noteId, String clientId, String sessionId, Coach author, Instant at,
                              String title, String body) throws IOException {
        SplittableRandom r = c.random;
        Instant updated = r.nextDouble() < 0.2 ? clock.between(r, at, now) : at;
        out.start(ProfiObject.NOTE)
                .set("id", noteId).set("client_id", clientId).set("session_id", sessionId)
                .set("author_email", author.email()).set("title", title).set("body", body)
                .set("is_private", r.nextDouble() < 0.3)
                .set("created_at", clock.timestamp(r, at)).set("updated_at", clock.timestamp(r, updated))
                .write();
    }

    /** Uploads: real bytes under files/ for most, a cloud link for some. */
    private void writeFiles(Client c) throws IOException {
        SplittableRandom r = c.random;
        int count = r.nextDouble() < FILE_RATE ? (r.nextDouble() < 0.15 ? 2 : 1) : 0;
        for (int i = 0; i < count; i++) {
            String fileId = ExportIds.of("fil", fileSeq++);
            String noteId = !c.noteIds.isEmpty() && r.nextDouble() < 0.3 ? c.noteIds.get(r.nextInt(c.noteIds.size())) : null;
            Instant created = clock.between(r, c.created, now);
            double kind = r.nextDouble();
            ExportFiles.Row row = out.start(ProfiObject.FILE)
                    .set("id", fileId).set("client_id", c.id).set("note_id", noteId)
                    .set("created_at", clock.timestamp(r, created));
            if (kind < 0.15) {
                String name = FakeNames.pick(r, new String[] {"Coaching agreement.docx", "Goals 2024.xlsx",
                        "Feedback 360°.docx", "Lebenslauf.docx"});
                row.set("filename", name).set("mime_type", name.endsWith(".xlsx")
                                ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                : "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                        .set("url", cloudLink(r));
            } else {
                String ext;
                String mime;
                String name;
                byte[] bytes;
                if (kind < 0.6) {
                    name = FakeNames.pick(r, new String[] {"Intake form.pdf", "Coaching agreement – signed.pdf",
                            "Zielvereinbarung.pdf", "Wheel of life.pdf", "Invoice copy.pdf"});
                    bytes = SampleDocuments.pdf(name.replace(".pdf", "") + " – " + c.person.firstName(), pdfLines(r));
                    ext = "pdf";
                    mime = "application/pdf";
                } else if (kind < 0.85) {
                    name = FakeNames.pick(r, new String[] {"whiteboard.png", "IMG_2041.png", "Screenshot 2024-03-04 at 10.12.55.png",
                            "Werte-Landkarte.png"});
                    bytes = SampleDocuments.png(r, 64, 40 + r.nextInt(24));
                    ext = "png";
                    mime = "image/png";
                } else {
                    name = FakeNames.pick(r, new String[] {"homework.txt", "Journal März.txt", "reflection notes.txt"});
                    bytes = SampleDocuments.text(r, name, 1200 + r.nextInt(2000));
                    ext = "txt";
                    mime = "text/plain";
                }
                String path = c.id + "/" + fileId + "." + ext;
                Path target = filesDir.resolve(path);
                Files.createDirectories(target.getParent());
                Files.write(target, bytes);
                row.set("filename", name).set("mime_type", mime).set("size_bytes", bytes.length).set("path", path);
            }
            row.write();
        }
    }

    private static List<String> pdfLines(SplittableRandom r) {
        List<String> lines = new ArrayList<>();
        int count = 40 + r.nextInt(40);
        while (lines.size() < count) {
            for (String line : FakeText.plainNote(r).split("\n")) {
                for (int i = 0; i < line.length(); i += 90) {
                    lines.add(line.substring(i, Math.min(line.length(), i + 90)));
                }
            }
        }
        return lines;
    }

    private static String cloudLink(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> "https://drive.google.com/file/d/" + token(r, 33) + "/view?usp=sharing";
            case 1 -> "https://www.dropbox.com/s/" + token(r, 15) + "/document.docx?dl=0";
            default -> "https://1drv.ms/w/s!" + token(r, 20);
        };
    }

    private static String meetingLink(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> "https://zoom.us/j/" + (1_000_000_000L + (long) (r.nextDouble() * 8_999_999_999L));
            case 1 -> "https://meet.google.com/" + letters(r, 3) + "-" + letters(r, 4) + "-" + letters(r, 3);
            default -> "https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + token(r, 40) + "%40thread.v2/0";
        };
    }

    // ---------------------------------------------------------------- small helpers

    private static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static String token(SplittableRandom r, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(TOKEN_CHARS.charAt(r.nextInt(TOKEN_CHARS.length())));
        }
        return b.toString();
    }

    private static String hex(SplittableRandom r, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(Character.forDigit(r.nextInt(16), 16));
        }
        return b.toString();
    }

    private static String letters(SplittableRandom r, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        return b.toString();
    }

    /** Knuth's method; fine for the small means used here. */
    private static int poisson(SplittableRandom r, double mean) {
        double limit = Math.exp(-mean);
        double product = r.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= r.nextDouble();
            n++;
        }
        return n;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

}

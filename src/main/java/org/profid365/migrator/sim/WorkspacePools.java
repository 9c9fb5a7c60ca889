package org.profid365.migrator.sim;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.profid365.migrator.profi.ProfiObject;

/**
 * The small pools generated before any client: the coaches, the services, the programs, and the companies
 * (which are not kept: {@link #company(int)} recomputes one from its index whenever a client points at it).
 */
final class WorkspacePools {

    /** A team member; {@code left} is null while they still work here. */
    record Coach(String id, String email, String firstName, String lastName, String country, Instant joined, Instant left) {
        boolean worksAt(Instant at) {
            return !at.isBefore(joined) && (left == null || at.isBefore(left));
        }
    }

    record Service(String id, String name, String type, int minutes, long priceCents, boolean packageable, boolean active) {
        boolean isGroup() {
            return "group".equals(type);
        }

        boolean isDiscovery() {
            return priceCents == 0;
        }
    }

    record Program(String id, String name, String description, int modules, boolean active) {
    }

    record Company(String id, String name, String domain, String country) {
    }

    private static final String[] WORKSPACE_NAMES = {"Lichtblick Coaching", "Northstar Coaching Collective",
            "Kompass Leadership", "Brightside Coaching Studio", "Wegweiser Coaching & Beratung", "Klarsicht Coaching Berlin"};
    private static final String[] COMPANY_CORE = ("Nordlicht Bluewave Silberberg Greenfield Lumen Apex Kranich Helix Atlas "
            + "Brightpath Sonnenhof Westwind Falkenstein Quantum Ember Tannenwald Horizon Riverside Eichhorn Polaris Meridian "
            + "Cobalt Lindwurm Auster Solace Vireo Pioneer Kestrel Alpenrose Ironbridge Seestern Fernweh Granite Mosaik "
            + "Clearwater Sternwarte Evergreen Feuerstein Harbor Zephyr").split(" ");
    private static final String[] COMPANY_SECTOR = ("Software Logistics Consulting Health Energy Media Analytics Bau Pharma "
            + "Finance Robotics Textil Foods Mobility Design Solutions Systems Capital Labs Partners Retail Studios Technik "
            + "Versicherung Immobilien").split(" ");
    private static final String[] COMPANY_QUALIFIER = {"", " Berlin", " Europe", " International", " Nord", " Süd",
            " & Co.", " Group", " Holding", " Digital", " Services", " Hamburg", " München", " Rhein-Main", " Alpen",
            " Global", " Ventures", " Werk", " Collective", " Network", " One", " Plus", " Works", " Hub"};
    private static final String[] INDUSTRIES = {"Software", "Automotive", "Healthcare", "Financial services", "Retail",
            "Public sector", "Education", "Consulting", "Manufacturing", "Media", "Pharma", "Logistics", "Energy",
            "Non-profit", "Blockchain / Web3", "Hospitality"};
    private static final String[] COMPANY_COUNTRIES = {"DE", "DE", "DE", "DE", "DE", "DE", "AT", "CH", "GB", "US", "NL", "FR"};

    private final long seed;
    private final ExportClock clock;
    private final String name;
    private final String domain;
    private final String id;
    private final List<Coach> coaches = new ArrayList<>();
    private final List<Service> services = new ArrayList<>();
    private final List<Program> programs = new ArrayList<>();
    private final int companyCount;

    WorkspacePools(long seed, int clients, ExportClock clock) {
        this.seed = seed;
        this.clock = clock;
        SplittableRandom random = new SplittableRandom(ExportIds.mix(seed, -1));
        this.name = WORKSPACE_NAMES[random.nextInt(WORKSPACE_NAMES.length)];
        this.domain = FakeNames.ascii(name.replace("&", "").replace(" ", "-").replace("--", "-")) + ".de";
        this.id = ExportIds.of("ws", Math.floorMod(seed, 1L << 38));
        this.companyCount = Math.max(1, clients / 8);
        makeCoaches(random, Math.max(3, clients / 150));
        makeServices();
        makePrograms();
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    List<Coach> coaches() {
        return coaches;
    }

    List<Service> services() {
        return services;
    }

    List<Program> programs() {
        return programs;
    }

    int companyCount() {
        return companyCount;
    }

    /** The founder joins on day one; everyone else later. A few have since left, and always at least one. */
    private void makeCoaches(SplittableRandom random, int count) {
        Set<String> emails = new HashSet<>();
        Instant start = clock.workspaceStart();
        Instant lastJoin = clock.exportedAt().minus(90, ChronoUnit.DAYS);
        for (int i = 0; i < count; i++) {
            FakeNames.Person p = FakeNames.person(random);
            String email = p.emailFirst() + "." + p.emailLast() + "@" + domain;
            for (int n = 2; !emails.add(email); n++) {
                email = p.emailFirst() + "." + p.emailLast() + n + "@" + domain;
            }
            Instant joined = i == 0 ? start : clock.between(random, start, lastJoin);
            Instant left = null;
            boolean leaves = i > 0 && (random.nextDouble() < 0.015 || (i == count - 1 && noneLeft()));
            if (leaves) {
                left = clock.between(random, joined.plus(200, ChronoUnit.DAYS), clock.exportedAt().minus(30, ChronoUnit.DAYS));
            }
            coaches.add(new Coach(ExportIds.of("usr", i), email, p.firstName(), p.lastName(), p.country(), joined, left));
        }
    }

    private boolean noneLeft() {
        return coaches.stream().allMatch(c -> c.left() == null);
    }

    private void makeServices() {
        addService("Discovery call", "individual", 30, 0, false, true);
        addService("1:1 Coaching (60 min)", "individual", 60, 150_00, true, true);
        addService("1:1 Coaching (90 min)", "individual", 90, 210_00, true, true);
        addService("Executive Coaching", "individual", 75, 320_00, true, true);
        addService("Career Transition Coaching", "individual", 60, 140_00, true, true);
        addService("Life & Wellbeing Coaching", "individual", 50, 110_00, true, true);
        addService("Leadership Mastermind", "group", 120, 90_00, false, true);
        addService("Team Workshop \"Feedback that lands\"", "group", 180, 450_00, false, true);
        addService("Skype Coaching (legacy)", "individual", 60, 95_00, false, false);
    }

    private void addService(String name, String type, int minutes, long priceCents, boolean packageable, boolean active) {
        services.add(new Service(ExportIds.of("svc", services.size()), name, type, minutes, priceCents, packageable, active));
    }

    private void makePrograms() {
        addProgram("Confident Leader – 8-week program", "Eight weekly modules on presence, feedback and delegation.", 8, true);
        addProgram("Career Reset Bootcamp", "Values, strengths, CV and interview practice.", 6, true);
        addProgram("Mindful Manager", "Stress, attention and recovery for people leaders.\nIncludes a 1:1 check-in.", 10, true);
        addProgram("Burnout Prevention Essentials", "Spotting early signs; boundaries; energy management.", 5, true);
        addProgram("Kompass: Berufliche Neuorientierung", "12 Module zur beruflichen Neuorientierung, auf Deutsch.", 12, true);
        addProgram("Resilience 2020 Cohort", "Closed cohort, kept for history.", 4, false);
    }

    private void addProgram(String name, String description, int modules, boolean active) {
        programs.add(new Program(ExportIds.of("prg", programs.size()), name, description, modules, active));
    }

    /** A company, recomputed from its index: names are unique for the first 24,000 companies. */
    Company company(int index) {
        SplittableRandom random = companyRandom(index);
        int combinations = COMPANY_CORE.length * COMPANY_SECTOR.length * COMPANY_QUALIFIER.length;
        // 7919 is prime and does not divide the number of combinations, so this walks all of them once
        int j = (int) Math.floorMod(index * 7919L + seed, (long) combinations);
        String core = COMPANY_CORE[j % COMPANY_CORE.length];
        String sector = COMPANY_SECTOR[j / COMPANY_CORE.length % COMPANY_SECTOR.length];
        String qualifier = COMPANY_QUALIFIER[j / (COMPANY_CORE.length * COMPANY_SECTOR.length)];
        String country = FakeNames.pick(random, COMPANY_COUNTRIES);
        String base = core + " " + sector + qualifier;
        String slug = FakeNames.ascii(base.replace("&", "").replace(".", "").replace(" ", "-")).replaceAll("-+", "-");
        String tld = switch (country) {
            case "AT" -> ".at";
            case "CH" -> ".ch";
            case "GB" -> ".co.uk";
            case "US" -> ".com";
            case "NL" -> ".nl";
            case "FR" -> ".fr";
            default -> ".de";
        };
        return new Company(ExportIds.of("org", index), base + " " + legalForm(random, country), slug + tld, country);
    }

    private SplittableRandom companyRandom(int index) {
        return new SplittableRandom(ExportIds.mix(seed ^ 0xC0DE_0000_0000L, index));
    }

    private static String legalForm(SplittableRandom random, String country) {
        String[] forms = switch (country) {
            case "AT" -> new String[] {"GmbH", "AG", "KG"};
            case "CH" -> new String[] {"AG", "GmbH", "SA"};
            case "GB" -> new String[] {"Ltd", "Ltd.", "PLC", "LLP"};
            case "US" -> new String[] {"Inc.", "LLC", "Corp."};
            case "NL" -> new String[] {"B.V.", "N.V."};
            case "FR" -> new String[] {"SAS", "SARL", "SA"};
            default -> new String[] {"GmbH", "GmbH", "AG", "GmbH & Co. KG", "UG (haftungsbeschränkt)", "e.V."};
        };
        return FakeNames.pick(random, forms);
    }

    /** A coach who works here at that moment, preferring the given one. */
    Coach coachAt(SplittableRandom random, Instant at, Coach preferred) {
        if (preferred != null && preferred.worksAt(at)) {
            return preferred;
        }
        for (int tries = 0; tries < 30; tries++) {
            Coach c = coaches.get(random.nextInt(coaches.size()));
            if (c.worksAt(at)) {
                return c;
            }
        }
        return coaches.get(0);
    }

    void writePools(ExportFiles out, TrapPlan plan) throws IOException {
        writeCoaches(out, plan);
        writeServices(out);
        writePrograms(out);
        writeCompanies(out);
    }

    private void writeCoaches(ExportFiles out, TrapPlan plan) throws IOException {
        SplittableRandom random = new SplittableRandom(ExportIds.mix(seed, -2));
        for (int i = 0; i < coaches.size(); i++) {
            Coach c = coaches.get(i);
            String specialty = FakeText.specialty(random);
            boolean active = c.left() == null;
            if (!active) {
                plan.count(Trap.INACTIVE_COACH);
            }
            out.start(ProfiObject.COACH)
                    .set("id", c.id()).set("email", c.email()).set("first_name", c.firstName()).set("last_name", c.lastName())
                    .set("role", i == 0 || random.nextDouble() < 0.1 ? "admin" : "member")
                    .set("title", i == 0 ? "Founder & Coach" : FakeText.coachTitle(random))
                    .set("specialty", specialty)
                    .set("credentials", random.nextDouble() < 0.8 ? FakeText.credentials(random) : null)
                    .set("bio", random.nextDouble() < 0.7 ? FakeText.bio(random, c.firstName(), specialty) : null)
                    .set("phone", FakePlaces.mobile(random, c.country()))
                    .set("active", active)
                    .set("created_at", clock.timestamp(random, c.joined()))
                    .write();
        }
    }

    private void writeServices(ExportFiles out) throws IOException {
        for (Service s : services) {
            out.start(ProfiObject.SERVICE)
                    .set("id", s.id()).set("name", s.name()).set("type", s.type()).set("duration_minutes", s.minutes())
                    .set("price", Amounts.format(s.priceCents())).set("currency", "EUR").set("active", s.active())
                    .write();
        }
    }

    private void writePrograms(ExportFiles out) throws IOException {
        for (Program p : programs) {
            out.start(ProfiObject.PROGRAM)
                    .set("id", p.id()).set("name", p.name()).set("description", p.description())
                    .set("module_count", p.modules()).set("active", p.active())
                    .write();
        }
    }

    /** Companies are created over the workspace's life in id order, so a client can point at an older one. */
    private void writeCompanies(ExportFiles out) throws IOException {
        Instant start = clock.workspaceStart();
        long span = clock.exportedAt().getEpochSecond() - start.getEpochSecond() - 5 * 86_400L;
        for (int i = 0; i < companyCount; i++) {
            Company company = company(i);
            SplittableRandom random = companyRandom(i);
            random = random.split(); // independent of the draws company(i) made
            Instant created = start.plusSeconds((long) ((i + random.nextDouble()) / companyCount * span));
            Integer employees = random.nextDouble() < 0.8 ? (int) Math.round(Math.exp(1.6 + random.nextDouble() * 9)) : null;
            String revenue = employees != null && random.nextDouble() < 0.6
                    ? Amounts.format(employees * (80_000_00L + random.nextInt(170_000) * 100L)) : null;
            String currency = FakePlaces.currency(company.country());
            FakePlaces.Address address = FakePlaces.address(random, company.country());
            out.start(ProfiObject.COMPANY)
                    .set("id", company.id()).set("name", company.name())
                    .set("company_type", pickCompanyType(random))
                    .set("industry", random.nextDouble() < 0.85 ? FakeNames.pick(random, INDUSTRIES) : null)
                    .set("employee_count", employees).set("annual_revenue", revenue).set("currency", revenue != null ? currency : null)
                    .set("website", website(random, company.domain()))
                    .set("phone", random.nextDouble() < 0.7 ? FakePlaces.landline(random, company.country()) : null)
                    .set("email", random.nextDouble() < 0.6 ? FakeNames.pick(random, new String[] {"info", "kontakt", "hello", "office"})
                            + "@" + company.domain() : null)
                    .set("street", address.street()).set("city", address.city()).set("state", address.state())
                    .set("postal_code", address.postalCode()).set("country", address.country())
                    .set("owner_email", coachAt(random, created, null).email())
                    .set("created_at", clock.timestamp(random, created))
                    .set("updated_at", clock.timestamp(random, clock.between(random, created, clock.exportedAt())))
                    .set("cf_contract_value", random.nextDouble() < 0.4 ? Amounts.format((20 + random.nextInt(400)) * 250_00L) : null)
                    .set("cf_contract_start", random.nextDouble() < 0.4 ? ExportClock.date(clock.localDate(created).plusDays(random.nextInt(60))) : null)
                    .set("cf_sla_tier", random.nextDouble() < 0.5 ? FakeNames.pick(random, CustomFieldCatalog.SLA_OPTIONS.split(";")) : null)
                    .set("cf_billing_email", random.nextDouble() < 0.3 ? "billing@" + company.domain() : null)
                    .write();
        }
    }

    private static String pickCompanyType(SplittableRandom random) {
        double r = random.nextDouble();
        return r < 0.62 ? "corporate_client" : r < 0.70 ? "coaching_firm" : r < 0.76 ? "individual_coach" : "other";
    }

    /** Websites as people type them: with and without scheme or www. */
    private static String website(SplittableRandom random, String domain) {
        double r = random.nextDouble();
        if (r < 0.1) {
            return null;
        }
        return r < 0.7 ? "https://www." + domain : r < 0.85 ? "www." + domain : r < 0.95 ? "http://" + domain
                : ("https://" + domain + "/").toLowerCase(Locale.ROOT);
    }
}

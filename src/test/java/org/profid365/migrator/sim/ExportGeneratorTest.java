package org.profid365.migrator.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.profi.Column;
import org.profid365.migrator.profi.ExportManifest;
import org.profid365.migrator.profi.ExportReader;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.profi.ProfiRecord;

class ExportGeneratorTest {

    private static final int CLIENTS = 200;
    private static final long SEED = 20240611L;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Pattern PLAUSIBLE_EMAIL = Pattern.compile("^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$");

    @TempDir
    static Path shared;

    private static Path export;
    private static GeneratedCounts counts;
    private static final Map<ProfiObject, List<ProfiRecord>> rows = new EnumMap<>(ProfiObject.class);

    @BeforeAll
    static void generateOnce() throws IOException {
        export = shared.resolve("export");
        counts = new ExportGenerator(CLIENTS, SEED).writeTo(export);
        try (ExportReader reader = ExportReader.open(export)) {
            for (ProfiObject o : ProfiObject.values()) {
                List<ProfiRecord> list = new ArrayList<>();
                reader.read(o, list::add);
                rows.put(o, list);
            }
        }
    }

    // ------------------------------------------------------------------ shape

    @Test
    void every_file_has_exactly_its_contract_columns() throws IOException {
        Map<String, List<String>> customByEntity = new HashMap<>();
        for (ProfiRecord d : rows(ProfiObject.CUSTOM_FIELD)) {
            customByEntity.computeIfAbsent(d.get("entity"), e -> new ArrayList<>()).add("cf_" + d.get("key"));
        }
        for (ProfiObject o : ProfiObject.values()) {
            List<String> expected = new ArrayList<>(o.columns().stream().map(Column::name).toList());
            o.customFieldEntity().ifPresent(entity -> expected.addAll(customByEntity.getOrDefault(entity, List.of())));
            assertThat(header(export.resolve(o.fileName()))).as(o.fileName()).containsExactlyElementsOf(expected);
        }
        assertThat(customByEntity.keySet()).containsExactlyInAnyOrder("client", "company", "session", "enrollment");
    }

    @Test
    void manifest_describes_a_team_workspace_with_a_time_zone() {
        try (ExportReader reader = ExportReader.open(export)) {
            ExportManifest m = reader.manifest();
            assertThat(m.workspaceType()).isEqualTo("team");
            assertThat(m.timezone()).isEqualTo(BERLIN);
            assertThat(m.formatVersion()).isEqualTo(1);
            assertThat(m.workspaceId()).isNotBlank();
            assertThat(m.workspaceName()).isNotBlank();
            assertThat(Instant.parse(m.exportedAt())).isAfter(Instant.parse("2025-01-01T00:00:00Z"));
        }
    }

    @Test
    void returned_counts_equal_the_records_read_back() {
        for (ProfiObject o : ProfiObject.values()) {
            assertThat(counts.of(o)).as(o.fileName()).isEqualTo(rows(o).size());
        }
        assertThat(counts.of(ProfiObject.CLIENT)).isEqualTo(CLIENTS);
        assertThat(counts.total()).isEqualTo(rows.values().stream().mapToLong(List::size).sum());
    }

    @Test
    void volumes_follow_the_number_of_clients() {
        assertThat(counts.total()).isBetween(10L * CLIENTS, 13L * CLIENTS);
        assertThat(counts.of(ProfiObject.COMPANY)).isEqualTo(CLIENTS / 8);
        assertThat(counts.of(ProfiObject.COACH)).isEqualTo(3);
        assertThat(counts.of(ProfiObject.SESSION)).isBetween(4L * CLIENTS, 8L * CLIENTS);
        assertThat(counts.of(ProfiObject.FILE)).isPositive();
        for (ProfiObject o : ProfiObject.values()) {
            assertThat(counts.of(o)).as(o.fileName()).isPositive();
        }
    }

    @Test
    void size_bytes_is_the_real_size_of_every_uploaded_file() throws IOException {
        int withPath = 0;
        int withUrl = 0;
        for (ProfiRecord f : rows(ProfiObject.FILE)) {
            if (f.get("path") != null) {
                Path bytes = export.resolve("files").resolve(f.get("path"));
                assertThat(bytes).as(f.location()).isRegularFile();
                assertThat(Long.parseLong(f.get("size_bytes"))).as(f.location()).isEqualTo(Files.size(bytes)).isPositive();
                withPath++;
            } else {
                assertThat(f.get("url")).as(f.location()).startsWith("https://");
                withUrl++;
            }
        }
        assertThat(withPath).isPositive();
        assertThat(withUrl).isPositive();
    }

    @Test
    void uploaded_files_are_real_pdfs_pngs_and_text() throws IOException {
        Set<String> seen = new HashSet<>();
        for (ProfiRecord f : rows(ProfiObject.FILE)) {
            if (f.get("path") == null) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(export.resolve("files").resolve(f.get("path")));
            switch (f.get("mime_type")) {
                case "application/pdf" -> {
                    assertThat(new String(bytes, 0, 8, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-1.4");
                    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).endsWith("%%EOF\n");
                }
                case "image/png" -> assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
                case "text/plain" -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isNotBlank();
                default -> throw new AssertionError("unexpected mime type " + f.get("mime_type"));
            }
            seen.add(f.get("mime_type"));
        }
        assertThat(seen).isNotEmpty();
    }

    // ------------------------------------------------------------------ reproducibility

    @Test
    void same_seed_gives_byte_identical_files() throws IOException {
        Path again = shared.resolve("again");
        new ExportGenerator(CLIENTS, SEED).writeTo(again);
        Map<String, Path> first = tree(export);
        Map<String, Path> second = tree(again);
        assertThat(second.keySet()).containsExactlyElementsOf(first.keySet());
        for (String name : first.keySet()) {
            assertThat(Files.mismatch(first.get(name), second.get(name))).as(name).isEqualTo(-1L);
        }
    }

    @Test
    void different_seed_gives_different_data() throws IOException {
        Path other = shared.resolve("other-seed");
        new ExportGenerator(CLIENTS, SEED + 1).writeTo(other);
        for (ProfiObject o : List.of(ProfiObject.CLIENT, ProfiObject.SESSION, ProfiObject.NOTE)) {
            assertThat(Files.mismatch(export.resolve(o.fileName()), other.resolve(o.fileName()))).as(o.fileName()).isNotEqualTo(-1L);
        }
    }

    @Test
    void zip_archive_reads_back_with_the_same_counts() throws IOException {
        Path zip = shared.resolve("zipped/export.zip");
        GeneratedCounts zipped = new ExportGenerator(CLIENTS, SEED).writeZip(zip);
        assertThat(zipped).isEqualTo(counts);
        try (ExportReader reader = ExportReader.open(zip)) {
            for (ProfiObject o : ProfiObject.values()) {
                assertThat(reader.read(o, r -> { })).as(o.fileName()).isEqualTo(counts.of(o));
            }
            ProfiRecord file = rows(ProfiObject.FILE).stream().filter(f -> f.get("path") != null).findFirst().orElseThrow();
            try (InputStream in = reader.openAttachment(file.get("path"))) {
                assertThat((long) in.readAllBytes().length).isEqualTo(Long.parseLong(file.get("size_bytes")));
            }
        }
        try (Stream<Path> left = Files.list(zip.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("export.zip");
        }
        Path again = shared.resolve("zipped/again.zip");
        new ExportGenerator(CLIENTS, SEED).writeZip(again);
        assertThat(Files.mismatch(zip, again)).isEqualTo(-1L);
    }

    @Test
    void refuses_to_write_into_a_directory_that_is_not_empty() throws IOException {
        Path dir = shared.resolve("occupied");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("old.csv"), "id\n1\n");
        assertThatThrownBy(() -> new ExportGenerator(5, SEED).writeTo(dir)).isInstanceOf(FileAlreadyExistsException.class);
    }

    // ------------------------------------------------------------------ traps, checked in the data read back

    @Test
    void sessions_payments_and_notes_can_point_at_rows_that_are_not_in_the_export() {
        Set<String> clientIds = ids(ProfiObject.CLIENT);
        Set<String> invoiceIds = ids(ProfiObject.INVOICE);
        assertThat(rows(ProfiObject.SESSION)).anyMatch(s -> !clientIds.contains(s.get("client_id")));
        assertThat(rows(ProfiObject.PAYMENT)).anyMatch(p -> p.get("invoice_id") != null && !invoiceIds.contains(p.get("invoice_id")));
        assertThat(rows(ProfiObject.NOTE)).anyMatch(n -> n.get("client_id") != null && !clientIds.contains(n.get("client_id")));
        // everything else resolves: the orphans are the planted ones only
        assertThat(rows(ProfiObject.SESSION).stream().filter(s -> !clientIds.contains(s.get("client_id"))).count())
                .isEqualTo(counts.trap("orphan_session"));
        assertThat(rows(ProfiObject.SESSION_PARTICIPANT)).allMatch(p -> clientIds.contains(p.get("client_id")));
        assertThat(rows(ProfiObject.PACKAGE)).allMatch(p -> clientIds.contains(p.get("client_id")));
    }

    @Test
    void some_clients_share_an_email_address() {
        Map<String, Long> byEmail = rows(ProfiObject.CLIENT).stream().map(c -> c.get("email")).filter(Objects::nonNull)
                .filter(e -> PLAUSIBLE_EMAIL.matcher(e).matches())
                .collect(Collectors.groupingBy(e -> e.toLowerCase(java.util.Locale.ROOT), TreeMap::new, Collectors.counting()));
        long duplicates = byEmail.values().stream().mapToLong(n -> n - 1).sum();
        assertThat(duplicates).isPositive().isEqualTo(counts.trap("duplicate_email"));
    }

    @Test
    void some_clients_have_no_last_name_or_an_invalid_email() {
        assertThat(rows(ProfiObject.CLIENT)).anyMatch(c -> c.get("last_name") == null && c.get("first_name") != null);
        assertThat(rows(ProfiObject.CLIENT)).anyMatch(c -> c.get("email") != null && !PLAUSIBLE_EMAIL.matcher(c.get("email")).matches());
    }

    @Test
    void names_come_in_non_latin_scripts_and_with_apostrophes() {
        Set<Character.UnicodeScript> scripts = new HashSet<>();
        for (ProfiRecord c : rows(ProfiObject.CLIENT)) {
            String name = c.get("first_name") + " " + Objects.requireNonNullElse(c.get("last_name"), "");
            name.codePoints().filter(Character::isLetter).mapToObj(Character.UnicodeScript::of).forEach(scripts::add);
        }
        assertThat(scripts).contains(Character.UnicodeScript.LATIN)
                .containsAnyOf(Character.UnicodeScript.CYRILLIC, Character.UnicodeScript.HAN, Character.UnicodeScript.ARABIC,
                        Character.UnicodeScript.GREEK);
        assertThat(rows(ProfiObject.CLIENT)).anyMatch(c -> c.get("last_name") != null && c.get("last_name").contains("'"));
    }

    @Test
    void phone_numbers_are_written_in_many_formats() {
        Set<String> shapes = rows(ProfiObject.CLIENT).stream()
                .flatMap(c -> Stream.of(c.get("phone"), c.get("mobile"))).filter(Objects::nonNull)
                .map(p -> p.replaceAll("[0-9]", "9")).collect(Collectors.toSet());
        assertThat(shapes.size()).isGreaterThan(15);
        assertThat(shapes).anyMatch(s -> s.startsWith("+")).anyMatch(s -> s.startsWith("(")).anyMatch(s -> s.contains("/"));
    }

    @Test
    void status_values_outside_the_documented_lists_occur() {
        assertThat(unknownValues(ProfiObject.CLIENT, "lifecycle_stage")).contains("on_hold");
        assertThat(unknownValues(ProfiObject.PAYMENT, "status")).contains("refund_pending");
        long unknown = 0;
        for (ProfiObject o : ProfiObject.values()) {
            for (Column col : o.columns()) {
                if (!col.values().isEmpty() && o != ProfiObject.CUSTOM_FIELD) {
                    unknown += rows(o).stream().filter(r -> r.get(col.name()) != null && !col.values().contains(r.get(col.name()))).count();
                }
            }
        }
        assertThat(unknown).isEqualTo(counts.trap("unknown_status"));
    }

    @Test
    void some_dates_are_centuries_out_of_range() {
        assertThat(rows(ProfiObject.CLIENT)).anyMatch(c -> c.get("birthdate") != null
                && LocalDate.parse(c.get("birthdate")).getYear() < 1900);
        assertThat(rows(ProfiObject.SESSION)).anyMatch(s -> instant(s.get("start_at")).atZone(BERLIN).getYear() > 2100);
    }

    @Test
    void timestamps_mostly_carry_an_offset_and_some_are_local() {
        List<String> stamps = rows(ProfiObject.SESSION).stream().map(s -> s.get("start_at")).toList();
        long local = stamps.stream().filter(s -> !s.endsWith("Z") && !s.matches(".*[+-]\\d\\d:\\d\\d$")).count();
        assertThat(local).isPositive().isLessThan(stamps.size() / 10);
        assertThat(stamps).anyMatch(s -> s.endsWith("Z")).anyMatch(s -> s.endsWith("+01:00") || s.endsWith("+02:00"));
    }

    @Test
    void some_sessions_have_a_recording_on_the_video_provider() {
        assertThat(rows(ProfiObject.SESSION).stream().filter(s -> s.get("recording_url") != null).count())
                .isPositive().isEqualTo(counts.trap("recording_url"));
        assertThat(rows(ProfiObject.SESSION)).filteredOn(s -> s.get("recording_url") != null)
                .allMatch(s -> s.get("recording_url").startsWith("https://") && "completed".equals(s.get("status")));
    }

    /**
     * Applies the documented rule (same client and service, inside the package's validity, within
     * sessions_included, oldest first) to the sessions that lost their package_id.
     */
    @Test
    void most_package_sessions_lost_their_link_and_most_of_those_can_be_rebuilt() {
        Map<String, List<ProfiRecord>> packagesByClient = rows(ProfiObject.PACKAGE).stream()
                .collect(Collectors.groupingBy(p -> p.get("client_id")));
        Map<String, Integer> used = new HashMap<>();
        rows(ProfiObject.SESSION).stream().filter(s -> s.get("package_id") != null)
                .forEach(s -> used.merge(s.get("package_id"), 1, Integer::sum));
        List<ProfiRecord> open = rows(ProfiObject.SESSION).stream()
                .filter(s -> s.get("package_id") == null && packagesByClient.containsKey(s.get("client_id")))
                .filter(s -> packagesByClient.get(s.get("client_id")).stream().anyMatch(p -> p.get("service_id").equals(s.get("service_id"))))
                .sorted(Comparator.comparing((ProfiRecord s) -> instant(s.get("start_at"))))
                .toList();
        int rebuilt = 0;
        int unresolved = 0;
        for (ProfiRecord s : open) {
            Instant start = instant(s.get("start_at"));
            ProfiRecord match = packagesByClient.get(s.get("client_id")).stream()
                    .sorted(Comparator.comparing((ProfiRecord p) -> instant(p.get("purchased_at"))))
                    .filter(p -> p.get("service_id").equals(s.get("service_id")))
                    .filter(p -> !start.isBefore(instant(p.get("purchased_at"))) && !start.isAfter(instant(p.get("expires_at"))))
                    .filter(p -> used.getOrDefault(p.get("id"), 0) < Integer.parseInt(p.get("sessions_included")))
                    .findFirst().orElse(null);
            if (match == null) {
                unresolved++;
            } else {
                used.merge(match.get("id"), 1, Integer::sum);
                rebuilt++;
            }
        }
        long linked = rows(ProfiObject.SESSION).stream().filter(s -> s.get("package_id") != null).count();
        assertThat(rebuilt).isGreaterThan((int) linked).isEqualTo(counts.trap("broken_package_link"));
        assertThat(unresolved).isPositive().isLessThan(rebuilt).isEqualTo(counts.trap("unrebuildable_package_link"));
    }

    @Test
    void explicit_package_links_stay_inside_the_package() {
        Map<String, ProfiRecord> packages = rows(ProfiObject.PACKAGE).stream().collect(Collectors.toMap(p -> p.get("id"), p -> p));
        Map<String, Integer> perPackage = new HashMap<>();
        for (ProfiRecord s : rows(ProfiObject.SESSION)) {
            if (s.get("package_id") == null) {
                continue;
            }
            ProfiRecord p = packages.get(s.get("package_id"));
            assertThat(p).as(s.location()).isNotNull();
            assertThat(p.get("client_id")).isEqualTo(s.get("client_id"));
            assertThat(p.get("service_id")).isEqualTo(s.get("service_id"));
            assertThat(instant(s.get("start_at"))).isBetween(instant(p.get("purchased_at")), instant(p.get("expires_at")));
            perPackage.merge(p.get("id"), 1, Integer::sum);
        }
        perPackage.forEach((id, n) -> assertThat(n).isLessThanOrEqualTo(Integer.parseInt(packages.get(id).get("sessions_included"))));
    }

    @Test
    void exactly_one_note_is_several_megabytes_and_notes_are_html_or_plain() {
        List<ProfiRecord> large = rows(ProfiObject.NOTE).stream()
                .filter(n -> n.get("body") != null && n.get("body").getBytes(StandardCharsets.UTF_8).length >= 3 * 1024 * 1024).toList();
        assertThat(large).hasSize(1);
        assertThat(counts.trap("large_note")).isEqualTo(1);
        assertThat(rows(ProfiObject.NOTE)).anyMatch(n -> n.get("body").startsWith("<p>"))
                .anyMatch(n -> !n.get("body").startsWith("<"))
                .anyMatch(n -> n.get("session_id") != null);
    }

    @Test
    void some_clients_are_co_managed_and_some_coaches_have_left() {
        Set<String> coachEmails = rows(ProfiObject.COACH).stream().map(c -> c.get("email")).collect(Collectors.toSet());
        List<ProfiRecord> coManaged = rows(ProfiObject.CLIENT).stream().filter(c -> c.get("co_coach_emails") != null).toList();
        assertThat(coManaged).isNotEmpty();
        for (ProfiRecord c : coManaged) {
            assertThat(coachEmails).contains(c.get("co_coach_emails").split(";"));
            assertThat(c.get("co_coach_emails")).doesNotContain(c.get("owner_email"));
        }
        assertThat(rows(ProfiObject.COACH)).anyMatch(c -> "false".equals(c.get("active")));
        assertThat(counts.trap("inactive_coach")).isPositive();
    }

    @Test
    void about_a_fifth_of_clients_are_prospects_without_any_session() {
        Set<String> withSessions = new HashSet<>();
        rows(ProfiObject.SESSION).forEach(s -> withSessions.add(s.get("client_id")));
        rows(ProfiObject.SESSION_PARTICIPANT).forEach(p -> withSessions.add(p.get("client_id")));
        long prospects = rows(ProfiObject.CLIENT).stream().filter(c -> !withSessions.contains(c.get("id"))).count();
        assertThat(prospects).isEqualTo(counts.trap("prospect")).isBetween(CLIENTS / 10L, CLIENTS * 3L / 10);
    }

    @Test
    void group_sessions_bring_other_clients_as_participants() {
        Map<String, ProfiRecord> sessions = rows(ProfiObject.SESSION).stream().collect(Collectors.toMap(s -> s.get("id"), s -> s));
        assertThat(rows(ProfiObject.SESSION_PARTICIPANT)).isNotEmpty().allSatisfy(p -> {
            ProfiRecord s = sessions.get(p.get("session_id"));
            assertThat(s).isNotNull();
            assertThat(s.get("session_type")).isEqualTo("group");
            assertThat(p.get("client_id")).isNotEqualTo(s.get("client_id"));
        });
        assertThat(ids(ProfiObject.SESSION_PARTICIPANT)).hasSize(rows(ProfiObject.SESSION_PARTICIPANT).size());
    }

    @Test
    void some_invoices_have_no_payment_and_some_are_partially_paid() {
        Map<String, BigDecimal> paid = new HashMap<>();
        Set<String> withPayment = new HashSet<>();
        for (ProfiRecord p : rows(ProfiObject.PAYMENT)) {
            if (p.get("invoice_id") != null) {
                withPayment.add(p.get("invoice_id"));
                if ("succeeded".equals(p.get("status"))) {
                    paid.merge(p.get("invoice_id"), new BigDecimal(p.get("amount")), BigDecimal::add);
                }
            }
        }
        long unpaid = rows(ProfiObject.INVOICE).stream().filter(i -> !withPayment.contains(i.get("id"))).count();
        assertThat(unpaid).isPositive().isEqualTo(counts.trap("unpaid_invoice"));
        assertThat(rows(ProfiObject.INVOICE)).filteredOn(i -> "partially_paid".equals(i.get("status"))).isNotEmpty()
                .allMatch(i -> paid.getOrDefault(i.get("id"), BigDecimal.ZERO).compareTo(new BigDecimal(i.get("total"))) < 0
                        && paid.containsKey(i.get("id")));
        assertThat(rows(ProfiObject.INVOICE)).filteredOn(i -> "paid".equals(i.get("status")))
                .allMatch(i -> paid.getOrDefault(i.get("id"), BigDecimal.ZERO).compareTo(new BigDecimal(i.get("total"))) == 0
                        || rows(ProfiObject.PAYMENT).stream().anyMatch(p -> i.get("id").equals(p.get("invoice_id"))
                        && "refund_pending".equals(p.get("status"))));
    }

    @Test
    void custom_fields_cover_every_type_with_a_fractional_number_and_an_undeclared_option() {
        List<ProfiRecord> definitions = rows(ProfiObject.CUSTOM_FIELD);
        assertThat(definitions.stream().map(d -> d.get("type")).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "text", "long_text", "number", "decimal", "date", "datetime", "boolean", "single_select", "multi_select",
                "url", "email", "phone");
        boolean fractional = false;
        boolean undeclared = false;
        for (ProfiRecord d : definitions) {
            ProfiObject file = ProfiObject.byTypeName(d.get("entity")).orElseThrow();
            List<String> values = rows(file).stream().map(r -> r.get("cf_" + d.get("key"))).filter(Objects::nonNull).toList();
            assertThat(values).as("values of cf_" + d.get("key")).isNotEmpty();
            if ("number".equals(d.get("type"))) {
                fractional |= values.stream().anyMatch(v -> v.contains("."));
            }
            if ("single_select".equals(d.get("type"))) {
                List<String> options = List.of(d.get("options").split(";"));
                undeclared |= values.stream().anyMatch(v -> !options.contains(v));
            }
        }
        assertThat(fractional).isTrue();
        assertThat(undeclared).isTrue();
    }

    @Test
    void trap_counts_name_every_kind_and_most_data_stays_clean() {
        assertThat(counts.traps().keySet()).contains("orphan_session", "duplicate_email", "missing_last_name", "unknown_status",
                "date_out_of_range", "recording_url", "broken_package_link", "large_note", "invalid_email", "non_latin_name",
                "apostrophe_name", "co_managed_client", "inactive_coach");
        assertThat(counts.traps()).allSatisfy((kind, n) -> assertThat(n).as(kind).isPositive());
        for (String dirt : List.of("duplicate_email", "missing_last_name", "invalid_email", "non_latin_name", "apostrophe_name")) {
            assertThat(counts.trap(dirt)).as(dirt).isLessThan(CLIENTS * 3L / 100);
        }
    }

    @Test
    void a_tiny_export_still_holds_every_trap() throws IOException {
        GeneratedCounts tiny = new ExportGenerator(50, 7L).writeTo(shared.resolve("tiny"));
        assertThat(tiny.traps()).allSatisfy((kind, n) -> assertThat(n).as(kind).isPositive());
        assertThat(tiny.of(ProfiObject.CLIENT)).isEqualTo(50);
    }

    // ------------------------------------------------------------------ helpers

    private static List<ProfiRecord> rows(ProfiObject o) {
        return rows.get(o);
    }

    private static Set<String> ids(ProfiObject o) {
        return rows(o).stream().map(ProfiRecord::profiId).collect(Collectors.toSet());
    }

    private static Set<String> unknownValues(ProfiObject o, String column) {
        List<String> known = o.column(column).orElseThrow().values();
        return rows(o).stream().map(r -> r.get(column)).filter(v -> v != null && !known.contains(v)).collect(Collectors.toSet());
    }

    /** An offset-less timestamp is in the manifest's zone. */
    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text).atZone(BERLIN).toInstant();
        }
    }

    private static List<String> header(Path csv) throws IOException {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(reader)
                     .setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            return parser.getHeaderNames();
        }
    }

    private static Map<String, Path> tree(Path root) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(p -> files.put(root.relativize(p).toString(), p));
        }
        return files;
    }
}

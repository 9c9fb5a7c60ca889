package org.profid365.migrator.profi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.ExportFixture;

class ExportReaderTest {

    @TempDir
    Path tmp;

    private List<ProfiRecord> read(Path dir, ProfiObject o) {
        List<ProfiRecord> out = new ArrayList<>();
        try (ExportReader r = ExportReader.open(dir)) {
            r.read(o, out::add);
        }
        return out;
    }

    @Test
    void columns_in_any_order_a_bom_and_unknown_columns_are_read_and_kept() throws Exception {
        ExportFixture f = new ExportFixture(tmp).file("clients.csv", "\uFEFFlast_name,id,favourite_colour", "Nakamura,CL-1,teal");

        List<ProfiRecord> clients = read(tmp, ProfiObject.CLIENT);

        assertThat(clients).singleElement().satisfies(c -> {
            assertThat(c.profiId()).isEqualTo("CL-1");
            assertThat(c.fields()).containsEntry("last_name", "Nakamura").containsEntry("favourite_colour", "teal");
            assertThat(c.location()).isEqualTo("clients.csv line 2");
        });
    }

    @Test
    void a_record_spanning_lines_reports_the_line_it_starts_on() throws Exception {
        new ExportFixture(tmp).file("notes.csv", "id,body", "NO-1,\"one\r\ntwo\r\nthree\"", "NO-2,plain");

        assertThat(read(tmp, ProfiObject.NOTE)).extracting(ProfiRecord::sourceLine).containsExactly(2L, 5L);
    }

    @Test
    void a_missing_file_is_an_empty_one() throws Exception {
        new ExportFixture(tmp);

        assertThat(read(tmp, ProfiObject.INVOICE)).isEmpty();
    }

    @Test
    void an_export_without_manifest_is_refused() {
        assertThatThrownBy(() -> ExportReader.open(tmp)).isInstanceOf(ExportFormatException.class)
                .hasMessage("Profi export " + tmp + " has no manifest.json");
    }

    @Test
    void a_manifest_with_an_unknown_time_zone_or_format_is_refused() throws Exception {
        new ExportFixture(tmp).manifest("Mars/Olympus");
        assertThatThrownBy(() -> ExportReader.open(tmp)).hasMessageContaining("timezone 'Mars/Olympus' is not an IANA zone");

        Files.writeString(tmp.resolve("manifest.json"), "{\"timezone\":\"UTC\",\"format_version\":2}");
        assertThatThrownBy(() -> ExportReader.open(tmp)).hasMessageContaining("format_version 2 is not supported");
    }

    @Test
    void a_row_with_more_cells_than_the_header_stops_the_file_with_its_line() throws Exception {
        new ExportFixture(tmp).file("clients.csv", "id,first_name", "CL-1,Ann", "CL-2,Bo,extra");

        assertThatThrownBy(() -> read(tmp, ProfiObject.CLIENT)).isInstanceOf(ExportFormatException.class)
                .hasMessage("clients.csv line 3 has 3 cells but the header has 2 columns");
    }

    @Test
    void an_unclosed_quote_and_invalid_utf8_are_errors_not_silent_damage() throws Exception {
        new ExportFixture(tmp).file("clients.csv", "id,first_name", "CL-1,\"Ann");
        assertThatThrownBy(() -> read(tmp, ProfiObject.CLIENT)).isInstanceOf(ExportFormatException.class)
                .hasMessageContaining("clients.csv");

        Files.write(tmp.resolve("clients.csv"), new byte[] {'i', 'd', '\n', 'C', (byte) 0xC3, (byte) 0x28, '\n'});
        assertThatThrownBy(() -> read(tmp, ProfiObject.CLIENT)).isInstanceOf(ExportFormatException.class)
                .hasMessageContaining("clients.csv cannot be read as CSV");
    }

    @Test
    void a_file_without_its_id_column_is_refused() throws Exception {
        new ExportFixture(tmp).file("session_participants.csv", "session_id,attendance", "SE-1,attended");

        assertThatThrownBy(() -> read(tmp, ProfiObject.SESSION_PARTICIPANT)).hasMessage("session_participants.csv has no 'client_id' column");
    }

    @Test
    void an_attachment_path_may_not_leave_the_files_folder() throws Exception {
        new ExportFixture(tmp).attachment("a.txt", "x".getBytes(StandardCharsets.UTF_8));
        try (ExportReader r = ExportReader.open(tmp)) {
            assertThat(r.openAttachment("a.txt").readAllBytes()).containsExactly('x');
            assertThatThrownBy(() -> r.openAttachment("../manifest.json")).hasMessageContaining("leaves the export's files/ folder");
        }
    }
}

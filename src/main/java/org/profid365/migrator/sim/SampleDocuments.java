package org.profid365.migrator.sim;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Small but real uploaded documents, built in code so the export needs no resources: a one-page PDF that
 * viewers open, a PNG "whiteboard photo", and UTF-8 text. A few kilobytes each, the same bytes for the same
 * random stream.
 */
final class SampleDocuments {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private SampleDocuments() {
    }

    /** A one-page PDF 1.4 with a title and lines of Helvetica text; the xref offsets are exact. */
    static byte[] pdf(String title, List<String> lines) {
        StringBuilder content = new StringBuilder();
        content.append("BT\n/F1 16 Tf\n56 780 Td\n(").append(pdfText(title)).append(") Tj\n/F1 10 Tf\n14 TL\nT*\n");
        for (String line : lines) {
            content.append('(').append(pdfText(line)).append(") '\n");
        }
        content.append("ET\n");
        byte[] stream = content.toString().getBytes(StandardCharsets.ISO_8859_1);

        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                        + "/Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + stream.length + " >>\nstream\n" + new String(stream, StandardCharsets.ISO_8859_1) + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
                "<< /Title (" + pdfText(title) + ") /Producer (profi-export-generator) >>");
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.length());
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
        for (int offset : offsets) {
            pdf.append(String.format(Locale.ROOT, "%010d 00000 n \n", offset));
        }
        pdf.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R /Info 6 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        // ISO-8859-1 keeps one byte per character, so the offsets counted in characters are byte offsets
        return pdf.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** PDF strings: escape the delimiters and keep to Latin-1, which WinAnsi shows. */
    private static String pdfText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            if (ch == '(' || ch == ')' || ch == '\\') {
                out.append('\\').append(ch);
            } else if (ch < 0x20 || ch > 0xFF) {
                out.append('?');
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** An RGB PNG of a pale "whiteboard" with a few coloured strokes and sensor noise. */
    static byte[] png(SplittableRandom random, int width, int height) {
        byte[] raw = new byte[height * (1 + width * 3)];
        int[][] strokes = new int[3 + random.nextInt(4)][];
        for (int s = 0; s < strokes.length; s++) {
            strokes[s] = new int[] {random.nextInt(height), random.nextInt(width / 2), width / 3 + random.nextInt(width / 2),
                    random.nextInt(0xFFFFFF)};
        }
        int at = 0;
        for (int y = 0; y < height; y++) {
            raw[at++] = 0; // filter type None
            for (int x = 0; x < width; x++) {
                int rgb = 0xF4F1EA - (y / 8) * 0x010101;
                for (int[] s : strokes) {
                    if (Math.abs(y - s[0]) < 2 && x >= s[1] && x < s[1] + s[2]) {
                        rgb = s[3];
                    }
                }
                int noise = random.nextInt(9) - 4;
                raw[at++] = (byte) clamp(((rgb >> 16) & 0xFF) + noise);
                raw[at++] = (byte) clamp(((rgb >> 8) & 0xFF) + noise);
                raw[at++] = (byte) clamp((rgb & 0xFF) + noise);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PNG_SIGNATURE);
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", deflate(raw));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** UTF-8 text as a client uploads it (homework, a journal entry), at least {@code minBytes} long. */
    static byte[] text(SplittableRandom random, String heading, int minBytes) {
        StringBuilder b = new StringBuilder(heading).append("\n\n");
        while (b.toString().getBytes(StandardCharsets.UTF_8).length < minBytes) {
            b.append(FakeText.plainNote(random)).append("\n\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}

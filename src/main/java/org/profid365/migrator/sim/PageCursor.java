package org.profid365.migrator.sim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The opaque {@code next_cursor} of the simulated Profi API: the position of the next record in its file,
 * bound to the collection and to the data snapshot it was issued for.
 */
record PageCursor(long snapshot, String collection, int index) {

    private static final String VERSION = "p1";

    /** URL-safe Base64 without padding, so the cursor needs no escaping in a query string. */
    String encode() {
        String plain = VERSION + "|" + snapshot + "|" + collection + "|" + index;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a string stands for, or empty when it is not one this simulator issued. */
    static Optional<PageCursor> decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            String[] parts = plain.split("\\|", -1);
            if (parts.length != 4 || !parts[0].equals(VERSION)) {
                return Optional.empty();
            }
            return Optional.of(new PageCursor(Long.parseLong(parts[1]), parts[2], Integer.parseInt(parts[3])));
        } catch (IllegalArgumentException e) {
            // bad Base64 and bad numbers both land here (NumberFormatException is one)
            return Optional.empty();
        }
    }
}

package org.profid365.migrator.sim;

/** Amounts are kept in cents, so sums are exact and the text never depends on locale or floating point. */
final class Amounts {

    private Amounts() {
    }

    /** {@code 15000} → {@code "150.00"}. */
    static String format(long cents) {
        String sign = cents < 0 ? "-" : "";
        long abs = Math.abs(cents);
        long fraction = abs % 100;
        return sign + (abs / 100) + "." + (fraction < 10 ? "0" : "") + fraction;
    }

    /** Converts a euro price to the client's currency, rounded to whole units as price lists are. */
    static long convert(long euroCents, String currency) {
        double rate = switch (currency) {
            case "USD" -> 1.10;
            case "GBP" -> 0.86;
            case "CHF" -> 0.96;
            default -> 1.0;
        };
        return Math.round(euroCents * rate / 100.0) * 100;
    }
}

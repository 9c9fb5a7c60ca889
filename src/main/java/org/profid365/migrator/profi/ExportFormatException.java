package org.profid365.migrator.profi;

/** The export as a whole cannot be read (missing manifest, broken CSV quoting, unreadable zip): no record of it is trusted. */
public class ExportFormatException extends RuntimeException {
    public ExportFormatException(String message) {
        super(message);
    }

    public ExportFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

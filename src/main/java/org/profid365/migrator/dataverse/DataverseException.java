package org.profid365.migrator.dataverse;

/** A Dataverse request that did not succeed; {@link #error()} carries the details. */
public class DataverseException extends RuntimeException {

    private final DataverseError error;

    public DataverseException(DataverseError error) {
        super(error.toString());
        this.error = error;
    }

    public DataverseException(DataverseError error, Throwable cause) {
        super(error.toString(), cause);
        this.error = error;
    }

    public DataverseError error() {
        return error;
    }
}

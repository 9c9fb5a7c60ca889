package org.profid365.migrator.mapping;

/** A value a transform cannot convert; the message is the end of a sentence ("is not a whole number"). */
public final class TransformException extends Exception {

    public TransformException(String message) {
        super(message);
    }
}

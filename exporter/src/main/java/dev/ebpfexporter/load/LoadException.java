package dev.ebpfexporter.load;

/** A config that could not be turned into running programs; the message names the file and the fix. */
public class LoadException extends Exception {
    public LoadException(String message) {
        super(message);
    }

    public LoadException(String message, Throwable cause) {
        super(message, cause);
    }
}

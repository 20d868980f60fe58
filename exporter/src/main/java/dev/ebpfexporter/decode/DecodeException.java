package dev.ebpfexporter.decode;

/** A key that a label's decoder chain cannot turn into a label value. */
public class DecodeException extends Exception {
    public DecodeException(String message) {
        super(message);
    }
}

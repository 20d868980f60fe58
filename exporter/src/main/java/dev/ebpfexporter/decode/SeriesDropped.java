package dev.ebpfexporter.decode;

/**
 * A key whose series is left out on purpose (a {@code regexp} decoder matched none of its
 * patterns): not an error, so it is counted apart from keys that cannot be decoded.
 */
public final class SeriesDropped extends DecodeException {
    private static final long serialVersionUID = 1L;

    public SeriesDropped(String message) {
        super(message);
    }
}

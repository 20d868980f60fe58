package dev.ebpfexporter.it;

/** Closing what a test class started, in order, each even if another fails, so none leaks. */
final class Closeables {
    private Closeables() {}

    /** Closes each non-null one in order; the first failure is thrown at the end, later ones suppressed in it. */
    static void closeAll(AutoCloseable... closeables) {
        IllegalStateException failure = null;
        for (AutoCloseable closeable : closeables) {
            if (closeable == null) {
                continue;
            }
            try {
                closeable.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing " + closeable, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

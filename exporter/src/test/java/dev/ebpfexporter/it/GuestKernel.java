package dev.ebpfexporter.it;

/** The Debian kernels the guest tests boot (scripts/vm/boot.sh), by their package in Debian's archive. */
enum GuestKernel {
    /** Debian 12's own kernel (the metapackage follows its point releases). */
    DEBIAN_6_1("linux-image-amd64", "6.1.", false),
    /** Debian 12's newer kernel line. */
    DEBIAN_6_12("linux-image-6.12-amd64", "6.12.", true);

    final String debianPackage;
    final String releasePrefix;
    /** 6.12 added large_folio_split before reason in the mm_migrate_pages record. */
    final boolean migrateRecordHasLargeFolioSplit;

    GuestKernel(String debianPackage, String releasePrefix, boolean migrateRecordHasLargeFolioSplit) {
        this.debianPackage = debianPackage;
        this.releasePrefix = releasePrefix;
        this.migrateRecordHasLargeFolioSplit = migrateRecordHasLargeFolioSplit;
    }

    /** A name for folders and logs, e.g. debian-6.12. */
    String id() {
        return "debian-" + releasePrefix.substring(0, releasePrefix.length() - 1);
    }
}

package dev.ebpfexporter.it;

/** {@link GuestKernelIT} on Debian 12's 6.12 kernel. */
class Debian612KernelIT extends GuestKernelIT {
    Debian612KernelIT() {
        super(GuestKernel.DEBIAN_6_12);
    }
}

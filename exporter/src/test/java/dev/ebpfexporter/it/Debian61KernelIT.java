package dev.ebpfexporter.it;

/** {@link GuestKernelIT} on Debian 12's own kernel, 6.1. */
class Debian61KernelIT extends GuestKernelIT {
    Debian61KernelIT() {
        super(GuestKernel.DEBIAN_6_1);
    }
}

package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A kernel address (8 bytes, host byte order) → the name of the kernel symbol at exactly that
 * address, from /proc/kallsyms, as ebpf_exporter's {@code ksym} decoder does: {@code hrtimer_wakeup};
 * a module's symbol with its module after a tab, {@code estimation_timer\t[ip_vs]}; an address no
 * symbol starts at, {@code unknown_addr:0x<hex>}. How the symbols are read and re-read, and why a
 * config using it fails to load without CAP_SYSLOG: {@link KallsymsReader}. Thread-safe.
 */
public final class KsymDecoder implements Decoder {
    private final KallsymsReader kallsyms;

    KsymDecoder(KallsymsReader kallsyms) {
        this.kallsyms = kallsyms;
    }

    @Override
    public byte[] decode(byte[] in, DecoderConfig config) throws DecodeException {
        if (in.length != Long.BYTES) {
            throw new DecodeException("ksym needs an 8-byte kernel address, got " + in.length + " bytes");
        }
        long address = ByteBuffer.wrap(in).order(ByteOrder.nativeOrder()).getLong();
        byte[] name = kallsyms.names(new long[] {address}, KernelSymbols::at)[0];
        return name != null ? name
                : ("unknown_addr:0x" + Long.toHexString(address)).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void checkUsable() throws DecodeException {
        kallsyms.checkUsable();
    }
}

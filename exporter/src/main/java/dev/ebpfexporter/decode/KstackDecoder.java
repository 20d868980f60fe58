package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A kernel stack (the label's bytes: 8-byte addresses in host byte order, innermost frame first,
 * as {@code bpf_get_stack} writes them) → one symbol per frame, joined by newlines, as
 * ebpf_exporter's {@code kstack} decoder prints it: {@code hrtimer_wakeup\n__hrtimer_run_queues}.
 * The stack ends at the first zero address (the unused tail of the buffer); an empty stack is an
 * empty label. A frame is a return address inside a function, so it is named by the symbol at or
 * below it (not only at exactly its address, unlike {@code ksym}); a module's symbol keeps its
 * tab and {@code [module]}; an address below every symbol prints {@code ??}. Symbols come from the
 * same reading as {@code ksym}'s ({@link KallsymsReader}). Thread-safe.
 */
public final class KstackDecoder implements Decoder {
    private static final byte[] UNKNOWN_FRAME = "??".getBytes(StandardCharsets.US_ASCII);

    private final KallsymsReader kallsyms;

    KstackDecoder(KallsymsReader kallsyms) {
        this.kallsyms = kallsyms;
    }

    @Override
    public byte[] decode(byte[] in, DecoderConfig config) throws DecodeException {
        if (in.length % Long.BYTES != 0) {
            throw new DecodeException("kstack needs 8-byte kernel addresses, got " + in.length + " bytes");
        }
        ByteBuffer frames = ByteBuffer.wrap(in).order(ByteOrder.nativeOrder());
        long[] addresses = new long[in.length / Long.BYTES];
        int depth = 0;
        while (depth < addresses.length && (addresses[depth] = frames.getLong()) != 0) {
            depth++;
        }
        if (depth == 0) {
            return new byte[0];
        }
        byte[][] names = kallsyms.names(Arrays.copyOf(addresses, depth), KernelSymbols::containing);
        ByteArrayOutputStream stack = new ByteArrayOutputStream();
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                stack.write('\n');
            }
            stack.writeBytes(names[i] != null ? names[i] : UNKNOWN_FRAME);
        }
        return stack.toByteArray();
    }

    @Override
    public void checkUsable() throws DecodeException {
        kallsyms.checkUsable();
    }
}

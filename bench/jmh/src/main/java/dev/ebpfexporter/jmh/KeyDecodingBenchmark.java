package dev.ebpfexporter.jmh;

import dev.ebpfexporter.config.DecoderConfig;
import dev.ebpfexporter.config.LabelConfig;
import dev.ebpfexporter.decode.DecodeException;
import dev.ebpfexporter.decode.KeyDecoder;
import dev.ebpfexporter.decode.KeyDecoders;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding one map key into label values, per key: the synthetic counter's u32 id, and the
 * page-faults key (u32 kind through {@code uint} + {@code static_map}, 16-byte comm through
 * {@code string}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeyDecodingBenchmark {
    private static final int KEYS = 10_000;

    private KeyDecoder uintDecoder;
    private KeyDecoder pageFaultsDecoder;
    private byte[][] uintKeys;
    private byte[][] pageFaultsKeys;

    @Setup
    public void makeKeys() {
        DecoderConfig uint = decoder("uint", Map.of());
        uintDecoder = KeyDecoders.forLabels(List.of(new LabelConfig("id", 4, 0, List.of(uint))));
        pageFaultsDecoder = KeyDecoders.forLabels(List.of(
                new LabelConfig("kind", 4, 0, List.of(uint, decoder("static_map", Map.of("0", "user", "1", "kernel")))),
                new LabelConfig("comm", 16, 0, List.of(decoder("string", Map.of())))));
        uintKeys = new byte[KEYS][];
        pageFaultsKeys = new byte[KEYS][];
        for (int i = 0; i < KEYS; i++) {
            uintKeys[i] = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(i).array();
            byte[] comm = ("worker-" + i).getBytes(StandardCharsets.US_ASCII);
            pageFaultsKeys[i] = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder()).putInt(i % 2).put(comm).array();
        }
    }

    @Benchmark
    @OperationsPerInvocation(KEYS)
    public void uintId(Blackhole blackhole) throws DecodeException {
        for (byte[] key : uintKeys) {
            blackhole.consume(uintDecoder.decode(key));
        }
    }

    @Benchmark
    @OperationsPerInvocation(KEYS)
    public void pageFaultsKindAndComm(Blackhole blackhole) throws DecodeException {
        for (byte[] key : pageFaultsKeys) {
            blackhole.consume(pageFaultsDecoder.decode(key));
        }
    }

    private static DecoderConfig decoder(String name, Map<String, String> staticMap) {
        return new DecoderConfig(name, staticMap, false, List.of());
    }
}

package dev.ebpfexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.config.CounterConfig;
import dev.ebpfexporter.config.DecoderConfig;
import dev.ebpfexporter.config.LabelConfig;
import dev.ebpfexporter.decode.KeyDecoders;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Counters whose labels are all enumerations have their series at 0 before any key exists. */
class CounterSeedsTest {
    private static final DecoderConfig UINT = new DecoderConfig("uint", Map.of(), false, List.of());
    private static final LabelConfig FAMILY = enumerated("family", Map.of("2", "ipv4", "10", "ipv6"), false);
    private static final LabelConfig STATE = enumerated("state", Map.of("1", "established", "2", "syn_sent"), false);

    @Test
    void everyCombinationOfKnownValuesIsExposedAtZeroBeforeTheFirstKey() {
        SnapshotBuilder builder = builder(counter(false, FAMILY, STATE));
        assertThat(series(builder.build(contents(), 0).snapshot())).containsExactly(
                "ipv4,established=0.0", "ipv4,syn_sent=0.0", "ipv6,established=0.0", "ipv6,syn_sent=0.0");
    }

    @Test
    void keysAddToTheirSeriesAndUnknownValuesStillAppear() {
        SnapshotBuilder builder = builder(counter(false, FAMILY, STATE));
        builder.build(contents(), 0);
        MapContents read = contents(new int[] {10, 2}, 5, new int[] {2, 7}, 3);
        assertThat(series(builder.build(read, 4).snapshot())).containsExactly(
                "[overflow],[overflow]=4.0", "ipv4,established=0.0", "ipv4,syn_sent=0.0", "ipv4,unknown:7=3.0",
                "ipv6,established=0.0", "ipv6,syn_sent=5.0");
        assertThat(series(builder.build(contents(), 0).snapshot())).as("seeds stay, the others go with their keys")
                .containsExactly("ipv4,established=0.0", "ipv4,syn_sent=0.0", "ipv6,established=0.0",
                        "ipv6,syn_sent=0.0");
    }

    /** A per-CPU map's cpu label is not in the key: each known combination is seeded on every CPU. */
    @Test
    void aCpuLabelSeedsEachCpu() {
        LabelConfig cpu = new LabelConfig("cpu", 2, 0, List.of(UINT));
        CounterConfig counter = counter(false, FAMILY, cpu);
        SnapshotBuilder builder = SnapshotBuilder.of(counter, KeyDecoders.forLabels(List.of(FAMILY)),
                Optional.of(new CpuLabel("cpu", List.of("0", "1"))));
        assertThat(series(builder.build(contents(), 0).snapshot()))
                .containsExactly("0,ipv4=0.0", "0,ipv6=0.0", "1,ipv4=0.0", "1,ipv6=0.0"); // labels sort by name: cpu first
    }

    @Test
    void aLabelThatIsNoEnumerationSeedsNothing() {
        LabelConfig open = enumerated("state", Map.of("1", "established"), true);
        LabelConfig number = new LabelConfig("id", 4, 0, List.of(UINT));
        assertThat(series(builder(counter(false, FAMILY, open)).build(contents(), 0).snapshot())).isEmpty();
        assertThat(series(builder(counter(false, FAMILY, number)).build(contents(), 0).snapshot())).isEmpty();
    }

    @Test
    void skipZerosSeedsNothing() {
        assertThat(series(builder(counter(true, FAMILY, STATE)).build(contents(), 0).snapshot())).isEmpty();
    }

    @Test
    void aCounterWithoutLabelsIsOneSeriesKnownAhead() {
        assertThat(series(builder(counter(false)).build(contents(), 0).snapshot())).containsExactly("=0.0");
    }

    @Test
    void crossProductsBeyondTheBoundAreNotSeeded() {
        int per = 33; // 33 × 33 = 1,089 > 1,024; 31 × 33 = 1,023 is seeded
        LabelConfig a = enumerated("a", numbered(per), false);
        assertThat(series(builder(counter(false, a, enumerated("b", numbered(per), false)))
                .build(contents(), 0).snapshot())).isEmpty();
        assertThat(series(builder(counter(false, a, enumerated("b", numbered(31), false)))
                .build(contents(), 0).snapshot())).hasSize(31 * 33);
    }

    private static Map<String, String> numbered(int count) {
        return IntStream.range(0, count).boxed().collect(Collectors.toMap(String::valueOf, i -> "v" + i));
    }

    private static LabelConfig enumerated(String name, Map<String, String> names, boolean allowUnknown) {
        return new LabelConfig(name, 4, 0,
                List.of(UINT, new DecoderConfig("static_map", names, allowUnknown, List.of())));
    }

    private static CounterConfig counter(boolean skipZeros, LabelConfig... labels) {
        return new CounterConfig("c_total", "help", List.of(labels), OptionalInt.empty(), skipZeros);
    }

    private static SnapshotBuilder builder(CounterConfig counter) {
        return SnapshotBuilder.of(counter, KeyDecoders.forLabels(counter.labels()));
    }

    /** Keys of u32 label values (int arrays) and their values, alternating. */
    private static MapContents contents(Object... keysAndValues) {
        int count = keysAndValues.length / 2;
        int keySize = count == 0 ? 8 : ((int[]) keysAndValues[0]).length * Integer.BYTES;
        ByteBuffer keys = ByteBuffer.allocate(keySize * count).order(ByteOrder.nativeOrder());
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            for (int label : (int[]) keysAndValues[2 * i]) {
                keys.putInt(label);
            }
            values[i] = ((Integer) keysAndValues[2 * i + 1]).longValue();
        }
        return new MapContents(keySize, keys.array(), values, count);
    }

    private static List<String> series(MetricSnapshot snapshot) {
        return snapshot.getDataPoints().stream()
                .map(p -> String.join(",", p.getLabels().stream().map(l -> l.getValue()).toList()) + "="
                        + ((CounterDataPointSnapshot) p).getValue())
                .toList();
    }
}

package dev.ebpfexporter.metrics;

import static dev.ebpfexporter.metrics.TestMaps.contents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.config.BucketType;
import dev.ebpfexporter.config.CounterConfig;
import dev.ebpfexporter.config.DecoderConfig;
import dev.ebpfexporter.config.HistogramBuckets;
import dev.ebpfexporter.config.HistogramConfig;
import dev.ebpfexporter.config.LabelConfig;
import dev.ebpfexporter.config.SeriesLimits;
import dev.ebpfexporter.config.ValueField;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A counter with {@code value_multiplier} fed the same u64 as a histogram's sum slot serves the
 * same double as the histogram's {@code _sum}: numa_latency_total beside numa_move_latency_seconds.
 */
class CounterValueMultiplierTest {
    private static final double NANOSECONDS = 0.000000001;

    @Test
    void aScaledCounterEqualsTheHistogramSumOfTheSameNanoseconds() {
        CounterConfig counter = new CounterConfig("busy_total", "help", List.of(), OptionalInt.empty(), false, false,
                Optional.empty(), ValueField.whole("busy_total"), NANOSECONDS, SeriesLimits.NONE);
        HistogramConfig histogram = new HistogramConfig("busy_seconds", "help",
                new HistogramBuckets.SlotRange(BucketType.EXP2, 0, 3), NANOSECONDS,
                List.of(new LabelConfig("bucket", 4, 0, List.of(new DecoderConfig("uint", Map.of(), false, List.of())))),
                OptionalInt.empty());
        SnapshotBuilder counterBuilder = SnapshotBuilder.of(counter, key -> List.of());
        SnapshotBuilder histogramBuilder = SnapshotBuilder.of(histogram, TestMaps.DECODER);
        for (long nanoseconds : new long[] {0, 1, 7, 123_456_789_123L, 0x7fff_ffff_ffff_ffffL, -1L}) {
            double counted = ((CounterSnapshot) counterBuilder.build(contents("", nanoseconds), 0).snapshot())
                    .getDataPoints().get(0).getValue();
            double summed = ((HistogramSnapshot) histogramBuilder.build(contents("4", nanoseconds), 0).snapshot())
                    .getDataPoints().get(0).getSum();
            assertThat(counted).as("%s ns", Long.toUnsignedString(nanoseconds)).isEqualTo(summed);
        }
        assertThat(((CounterSnapshot) counterBuilder.build(contents("", 123_456_789_123L), 0).snapshot())
                .getDataPoints().get(0).getValue()).isEqualTo(123.456789123);
    }

    @Test
    void withoutAMultiplierTheSumIsServedAsIs() {
        CounterConfig counter = new CounterConfig("busy_total", "help", List.of(), OptionalInt.empty(), false);
        double value = ((CounterSnapshot) SnapshotBuilder.of(counter, key -> List.of())
                .build(contents("", -1L), 0).snapshot()).getDataPoints().get(0).getValue();
        assertThat(value).isEqualTo(0x1p64);
    }
}

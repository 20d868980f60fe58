package dev.ebpfexporter.metrics;

import static dev.ebpfexporter.metrics.Samples.hasMetric;
import static dev.ebpfexporter.metrics.Samples.value;
import static dev.ebpfexporter.metrics.TestMaps.DECODER;
import static dev.ebpfexporter.metrics.TestMaps.contents;
import static dev.ebpfexporter.metrics.TestMaps.counter;
import static dev.ebpfexporter.metrics.TestMaps.histogram;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.bpf.MapType;
import dev.ebpfexporter.bpf.ProgramRunStats;
import dev.ebpfexporter.config.BucketType;
import dev.ebpfexporter.config.CounterConfig;
import dev.ebpfexporter.config.DecoderConfig;
import dev.ebpfexporter.config.LabelConfig;
import dev.ebpfexporter.config.MetricConfig;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class DrainLoopTest {
    private static final Duration LONG_INTERVAL = Duration.ofHours(1); // only drainNow() drains
    private static final String FAULTS = "ebpf_exporter_page_faults";

    @Test
    void publishesNothingBeforeTheFirstDrain() {
        DrainLoop loop = loop(List.of(source("a", counter("page_faults_total", "kind"), FakeReader.always(contents("user", 1L)))));

        assertThat(loop.latest().size()).isZero();
    }

    @Test
    void startDrainsSynchronouslyThenCloseStopsTheSchedule() throws Exception {
        FakeReader reader = new FakeReader(read -> contents("user", (long) read));
        DrainLoop loop = new DrainLoop(List.of(source("a", counter("page_faults_total", "kind"), reader)),
                List.of(), Map.of("a", true), Duration.ofMillis(5));

        loop.start();
        assertThat(value(loop.latest(), FAULTS, "kind", "user")).isEqualTo(1);
        assertThat(value(loop.latest(), SelfMetrics.DRAINS)).isEqualTo(1);

        waitFor(() -> value(loop.latest(), SelfMetrics.DRAINS) >= 3);
        loop.close();
        double drains = value(loop.latest(), SelfMetrics.DRAINS);
        Thread.sleep(50);
        assertThat(value(loop.latest(), SelfMetrics.DRAINS)).isEqualTo(drains);
        assertThat(value(loop.latest(), FAULTS, "kind", "user")).isEqualTo(drains); // one read per drain
    }

    @Test
    void startTwiceOrAfterCloseIsRefused() {
        DrainLoop loop = loop(List.of());
        loop.start();

        assertThatThrownBy(loop::start).isInstanceOf(IllegalStateException.class).hasMessage("drain loop already started");
        loop.close();
        assertThatThrownBy(loop::start).isInstanceOf(IllegalStateException.class).hasMessage("drain loop is closed");
    }

    @Test
    void aFailingMapKeepsItsLastGoodValuesAndTheOthersGoOn() {
        FakeReader failing = new FakeReader(read -> contents("user", 10L * read)).failOn(2, 3);
        FakeReader healthy = new FakeReader(read -> contents("user", (long) read));
        DrainLoop loop = loop(List.of(
                source("a", counter("faults_a_total", "kind"), failing),
                source("b", counter("faults_b_total", "kind"), healthy)));

        List<Double> published = new ArrayList<>();
        for (int drain = 1; drain <= 4; drain++) {
            loop.drainNow();
            published.add(value(loop.latest(), "ebpf_exporter_faults_a", "kind", "user"));
            assertThat(value(loop.latest(), "ebpf_exporter_faults_b", "kind", "user")).isEqualTo(drain);
        }

        assertThat(published).containsExactly(10.0, 10.0, 10.0, 40.0); // monotonic, never a gap
        MetricSnapshots last = loop.latest();
        assertThat(value(last, SelfMetrics.MAP_READ_ERRORS, "config", "a", "map", "faults_a_total")).isEqualTo(2);
        assertThat(value(last, SelfMetrics.MAP_READ_ERRORS, "config", "b", "map", "faults_b_total")).isZero();
        assertThat(value(last, SelfMetrics.DRAINS)).isEqualTo(4);
    }

    @Test
    void aMapFailingFromTheStartHasNoSeriesYet() {
        FakeReader failing = FakeReader.always(contents("user", 1L)).failOn(1);
        DrainLoop loop = loop(List.of(source("a", counter("page_faults_total", "kind"), failing)));

        loop.drainNow();

        assertThat(hasMetric(loop.latest(), FAULTS)).isFalse();
        assertThat(Samples.find(loop.latest(), SelfMetrics.MAP_ENTRIES, "config", "a", "map", "page_faults_total")).isEmpty();
        assertThat(value(loop.latest(), SelfMetrics.MAP_READ_ERRORS, "config", "a", "map", "page_faults_total")).isEqualTo(1);

        loop.drainNow();

        assertThat(value(loop.latest(), FAULTS, "kind", "user")).isEqualTo(1);
        assertThat(value(loop.latest(), SelfMetrics.MAP_ENTRIES, "config", "a", "map", "page_faults_total")).isEqualTo(1);
    }

    @Test
    void aFailingOverflowReadKeepsTheWholeMetric() {
        FakeReader map = new FakeReader(read -> contents("user", 10L * read));
        FakeReader overflow = new FakeReader(FakeReader::oneValue).failOn(2);
        DrainLoop loop = loop(List.of(new MetricSource("a", counter("page_faults_total", "kind"), DECODER, map,
                FakeReader.NO_DELETES, Optional.of(overflow.asCounter()), 64, MapType.HASH)));

        loop.drainNow();
        loop.drainNow();

        MetricSnapshots latest = loop.latest();
        assertThat(value(latest, FAULTS, "kind", "user")).isEqualTo(10);
        assertThat(value(latest, FAULTS, "kind", "[overflow]")).isEqualTo(1);
        assertThat(value(latest, SelfMetrics.MAP_OVERFLOW, "config", "a", "map", "page_faults_total")).isEqualTo(1);
        assertThat(value(latest, SelfMetrics.MAP_READ_ERRORS, "config", "a", "map", "page_faults_total")).isEqualTo(1);
    }

    @Test
    void decodeErrorsAreCountedOnEveryDrain() {
        DrainLoop loop = loop(List.of(source("a", counter("page_faults_total", "kind"),
                FakeReader.always(contents("user", 1L, "!bad", 1L)))));

        for (int i = 0; i < 3; i++) {
            loop.drainNow();
        }

        assertThat(value(loop.latest(), SelfMetrics.DECODE_ERRORS, "config", "a", "metric", "page_faults_total")).isEqualTo(3);
    }

    @Test
    void droppedKeysAreCountedOnEveryDrainForMetricsWithARegexpDecoder() {
        CounterConfig filtered = new CounterConfig("filtered_total", "Help", List.of(new LabelConfig("comm", 4, 0,
                List.of(new DecoderConfig("regexp", Map.of(), false, List.of("^bash$"))))), OptionalInt.empty());
        DrainLoop loop = loop(List.of(
                source("a", filtered, FakeReader.always(contents("bash", 1L, "~cron", 1L, "~sshd", 1L))),
                source("a", counter("page_faults_total", "kind"), FakeReader.always(contents("user", 1L)))));

        for (int i = 0; i < 3; i++) {
            loop.drainNow();
        }

        MetricSnapshots latest = loop.latest();
        assertThat(value(latest, SelfMetrics.DECODE_DROPPED_KEYS, "config", "a", "metric", "filtered_total")).isEqualTo(6);
        assertThat(value(latest, SelfMetrics.DECODE_ERRORS, "config", "a", "metric", "filtered_total")).isZero();
        assertThat(latest.stream().filter(s -> s.getMetadata().getName().equals(SelfMetrics.DECODE_DROPPED_KEYS))
                .flatMap(s -> s.getDataPoints().stream()).toList()).as("only the metric that can drop").hasSize(1);
    }

    @Test
    void selfMetricsDescribeTheDrain() {
        AtomicLong nanos = new AtomicLong();
        Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_500L), ZoneOffset.UTC);
        MetricSource withOverflow = new MetricSource("a", counter("page_faults_total", "kind"), DECODER,
                FakeReader.always(contents("user", 1L, "kernel", 2L)), FakeReader.NO_DELETES, Optional.of(FakeReader.overflow(0).asCounter()),
                1024, MapType.HASH);
        MetricSource plain = new MetricSource("a", counter("syscalls_total", "id"), DECODER,
                FakeReader.always(contents("0", 1L)), FakeReader.NO_DELETES, Optional.empty(), 64, MapType.HASH);
        DrainLoop loop = new DrainLoop(List.of(withOverflow, plain), List.of(), Map.of("a", true, "broken", false),
                LONG_INTERVAL, clock, () -> nanos.getAndAdd(2_500_000));

        loop.drainNow();

        MetricSnapshots latest = loop.latest();
        assertThat(value(latest, SelfMetrics.DRAIN_DURATION)).isEqualTo(0.0025);
        assertThat(value(latest, SelfMetrics.LAST_DRAIN)).isEqualTo(1_700_000_000.5);
        assertThat(value(latest, SelfMetrics.DRAINS)).isEqualTo(1);
        assertThat(value(latest, SelfMetrics.CONFIG_LOADED, "config", "a")).isEqualTo(1);
        assertThat(value(latest, SelfMetrics.CONFIG_LOADED, "config", "broken")).isZero();
        assertThat(value(latest, SelfMetrics.MAP_ENTRIES, "config", "a", "map", "page_faults_total")).isEqualTo(2);
        assertThat(value(latest, SelfMetrics.MAP_MAX_ENTRIES, "config", "a", "map", "page_faults_total")).isEqualTo(1024);
        assertThat(value(latest, SelfMetrics.MAP_ENTRIES, "config", "a", "map", "syscalls_total")).isEqualTo(1);
        assertThat(value(latest, SelfMetrics.MAP_MAX_ENTRIES, "config", "a", "map", "syscalls_total")).isEqualTo(64);
        // An overflow counter at zero is exported (so alerts can rely on it) but adds no series.
        assertThat(value(latest, SelfMetrics.MAP_OVERFLOW, "config", "a", "map", "page_faults_total")).isZero();
        assertThat(Samples.find(latest, SelfMetrics.MAP_OVERFLOW, "config", "a", "map", "syscalls_total")).isEmpty();
        assertThat(Samples.find(latest, FAULTS, "kind", "[overflow]")).isEmpty();
    }

    @Test
    void programRunCountersAreExportedAndAProgramThatCannotBeReadIsLeftOut() {
        AtomicLong runs = new AtomicLong();
        ProgramSource counted = new ProgramSource("a", "handle_switch",
                () -> new ProgramRunStats(42, 1_500_000_000L * runs.incrementAndGet(), 1000 * runs.get()));
        ProgramSource broken = new ProgramSource("a", "handle_wakeup", () -> {
            throw new BpfException("bpf_obj_get_info_by_fd", "a:handle_wakeup", 9, "");
        });
        DrainLoop loop = new DrainLoop(List.of(), List.of(counted, broken), Map.of("a", true), LONG_INTERVAL);

        loop.drainNow();
        loop.drainNow();

        MetricSnapshots latest = loop.latest();
        assertThat(value(latest, SelfMetrics.PROGRAM_RUN_TIME, "config", "a", "program", "handle_switch")).isEqualTo(3.0);
        assertThat(value(latest, SelfMetrics.PROGRAM_RUNS, "config", "a", "program", "handle_switch")).isEqualTo(2000);
        assertThat(Samples.find(latest, SelfMetrics.PROGRAM_RUNS, "config", "a", "program", "handle_wakeup")).isEmpty();
        assertThat(loop.status().programs()).containsExactly(
                new DrainStatus.Program("a", "handle_switch", Optional.of(new ProgramRunStats(42, 3_000_000_000L, 2000))),
                new DrainStatus.Program("a", "handle_wakeup", Optional.empty()));
    }

    @Test
    void statusDescribesTheSameDrainAsTheMetrics() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_500L), ZoneOffset.UTC);
        MetricSource faults = new MetricSource("a", counter("page_faults_total", "kind"), DECODER,
                FakeReader.always(contents("user", 1L, "kernel", 2L)), FakeReader.NO_DELETES, Optional.of(FakeReader.overflow(7).asCounter()),
                1024, MapType.HASH);
        MetricSource latency = new MetricSource("a",
                histogram("latency_seconds", BucketType.EXP2, 0, 3, 1, List.of(), "op", "bucket"), DECODER,
                FakeReader.always(contents("read,0", 1L, "read,3", 2L, "write,1", 2L)), FakeReader.NO_DELETES, Optional.empty(), 64,
                MapType.PERCPU_ARRAY);
        DrainLoop loop = new DrainLoop(List.of(faults, latency), List.of(), Map.of("a", true), LONG_INTERVAL, clock,
                new AtomicLong()::incrementAndGet);
        assertThat(loop.status().count()).isZero();

        loop.drainNow();

        DrainStatus status = loop.status();
        assertThat(status.count()).isEqualTo(1);
        assertThat(status.finishedAt()).isEqualTo(clock.instant());
        assertThat(status.metrics()).containsExactly(
                new DrainStatus.Metric("a", "ebpf_exporter_page_faults_total", "counter",
                        3, OptionalInt.of(2), 1024, false, OptionalLong.of(7), 0, 0), // user, kernel, [overflow]
                new DrainStatus.Metric("a", "ebpf_exporter_latency_seconds", "histogram",
                        2 * (4 + 2), OptionalInt.of(3), 64, true, OptionalLong.empty(), 0, 0)); // 2 ops: le 1,2,4,+Inf
    }

    @Test
    void concurrentScrapesSeeOneConsistentDrain() throws Exception {
        // Both keys read n on drain n: a scrape mixing two drains would see them differ.
        FakeReader reader = new FakeReader(read -> contents("user", (long) read, "kernel", (long) read));
        DrainLoop loop = new DrainLoop(List.of(source("a", counter("page_faults_total", "kind"), reader)),
                List.of(), Map.of("a", true), Duration.ofNanos(1));
        EbpfCollector collector = new EbpfCollector(loop::latest);
        ExecutorService scrapers = Executors.newFixedThreadPool(4);
        try {
            loop.start();
            List<Future<Integer>> scrapes = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            for (int t = 0; t < 4; t++) {
                scrapes.add(scrapers.submit(() -> {
                    int checked = 0;
                    double previous = 0;
                    while (System.nanoTime() < deadline) {
                        MetricSnapshots scrape = collector.collect();
                        double user = value(scrape, FAULTS, "kind", "user");
                        assertThat(value(scrape, FAULTS, "kind", "kernel")).isEqualTo(user);
                        assertThat(value(scrape, SelfMetrics.DRAINS)).isEqualTo(user);
                        assertThat(user).isGreaterThanOrEqualTo(previous); // monotonic for every scraper
                        previous = user;
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> scrape : scrapes) {
                assertThat(scrape.get()).isPositive();
            }
            assertThat(value(loop.latest(), SelfMetrics.DRAINS)).isGreaterThan(10);
        } finally {
            scrapers.shutdownNow();
            loop.close();
        }
    }

    @Test
    void aBugInOneDrainDoesNotEndTheSchedule() throws Exception {
        MapReader buggy = new MapReader() {
            private int reads;

            @Override
            public MapContents read() {
                if (++reads == 2) {
                    throw new IllegalStateException("bug");
                }
                return contents("user", (long) reads);
            }
        };
        try (DrainLoop loop = new DrainLoop(List.of(source("a", counter("page_faults_total", "kind"), buggy)),
                List.of(), Map.of("a", true), Duration.ofMillis(1))) {
            loop.start();
            waitFor(() -> value(loop.latest(), FAULTS, "kind", "user") >= 4);
        }
    }

    @Test
    void rejectsTwoMetricsWithTheSameExposedName() {
        assertThatThrownBy(() -> loop(List.of(
                        source("a", counter("page_faults_total", "kind"), FakeReader.always(contents())),
                        source("b", counter("page_faults", "kind"), FakeReader.always(contents())))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config 'b': metric 'page_faults' would be exposed as ebpf_exporter_page_faults,"
                        + " a name already taken by config 'a'; rename the map and the metric");
    }

    @Test
    void rejectsMetricsNamedLikeSelfMetrics() {
        assertThatThrownBy(() -> loop(List.of(source("a", counter("drains_total"), FakeReader.always(contents())))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config 'a': metric 'drains_total' would be exposed as ebpf_exporter_drains,"
                        + " a name already taken by the exporter's own metrics; rename the map and the metric");
    }

    @Test
    void replaceKeepsTheStateOfTheSourcesItKeepsAndStartsNewOnesAfresh() {
        MetricSource kept = source("a", counter("faults_a_total", "kind"),
                new FakeReader(read -> contents("user", 10L * read)).failOn(1));
        MetricSource dropped = source("b", counter("faults_b_total", "kind"), FakeReader.always(contents("user", 5L)));
        MetricSource added = source("c", counter("faults_c_total", "kind"), FakeReader.always(contents("user", 7L)));
        DrainLoop loop = loop(List.of(kept, dropped));
        loop.drainNow();

        loop.replace(List.of(kept, added), List.of(), Map.of("a", true, "c", true), LastReload.succeeded(Instant.EPOCH));
        loop.drainNow();

        MetricSnapshots latest = loop.latest();
        assertThat(value(latest, "ebpf_exporter_faults_a", "kind", "user")).isEqualTo(20);
        assertThat(value(latest, SelfMetrics.MAP_READ_ERRORS, "config", "a", "map", "faults_a_total"))
                .as("the read error of the first drain, kept").isEqualTo(1);
        assertThat(value(latest, "ebpf_exporter_faults_c", "kind", "user")).isEqualTo(7);
        assertThat(hasMetric(latest, "ebpf_exporter_faults_b")).isFalse();
        assertThat(Samples.find(latest, SelfMetrics.CONFIG_LOADED, "config", "b")).isEmpty();
        assertThat(value(latest, SelfMetrics.DRAINS)).isEqualTo(2);
    }

    @Test
    void replaceRefusesANameClashAndKeepsWhatItHad() {
        MetricSource faults = source("a", counter("page_faults_total", "kind"), FakeReader.always(contents("user", 1L)));
        DrainLoop loop = loop(List.of(faults));
        MetricSource clash = source("b", counter("page_faults", "kind"), FakeReader.always(contents("user", 9L)));

        assertThatThrownBy(() -> loop.replace(List.of(faults, clash), List.of(), Map.of("a", true, "b", true),
                        LastReload.succeeded(Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("config 'b': metric 'page_faults'");
        loop.drainNow();

        assertThat(value(loop.latest(), FAULTS, "kind", "user")).isEqualTo(1);
    }

    @Test
    void onceStartedReplaceDrainsRightAwaySoARemovedConfigVanishesAtOnce() {
        MetricSource faults = source("a", counter("page_faults_total", "kind"), FakeReader.always(contents("user", 1L)));
        try (DrainLoop loop = loop(List.of(faults))) {
            loop.start();

            loop.replace(List.of(), List.of(), Map.of(), LastReload.succeeded(Instant.EPOCH));

            assertThat(hasMetric(loop.latest(), FAULTS)).isFalse();
            assertThat(value(loop.latest(), SelfMetrics.DRAINS)).isEqualTo(2);
        }
    }

    @Test
    void selfMetricsSayHowTheLastReloadWent() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_500L), ZoneOffset.UTC);
        DrainLoop loop = new DrainLoop(List.of(), List.of(), Map.of(), LONG_INTERVAL, clock, System::nanoTime);
        loop.drainNow();
        assertThat(value(loop.latest(), SelfMetrics.RELOAD_SUCCESSFUL)).as("the start-up load").isEqualTo(1);
        assertThat(value(loop.latest(), SelfMetrics.RELOAD_SUCCESS_TIME)).isEqualTo(1_700_000_000.5);

        loop.replace(List.of(), List.of(), Map.of(), LastReload.succeeded(clock.instant()).failed());
        loop.drainNow();

        assertThat(value(loop.latest(), SelfMetrics.RELOAD_SUCCESSFUL)).isZero();
        assertThat(value(loop.latest(), SelfMetrics.RELOAD_SUCCESS_TIME)).isEqualTo(1_700_000_000.5);

        loop.replace(List.of(), List.of(), Map.of(), new LastReload(false, Optional.empty()));
        loop.drainNow();

        assertThat(value(loop.latest(), SelfMetrics.RELOAD_SUCCESS_TIME)).as("no load ever succeeded").isZero();
    }

    private static MetricSource source(String config, MetricConfig metric, MapReader reader) {
        return new MetricSource(config, metric, DECODER, reader, FakeReader.NO_DELETES, Optional.empty(), 1024, MapType.HASH);
    }

    private static DrainLoop loop(List<MetricSource> sources) {
        return new DrainLoop(sources, List.of(), Map.of("a", true, "b", true), LONG_INTERVAL);
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}

package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet of three: three exporters, each in a network namespace of its own reached over a veth
 * pair at a private address ({@link PrometheusFleet}), and one Prometheus in the root namespace
 * scraping all three as job "fleet". The hosts share one kernel, so every exporter
 * counts the same events: after one faulting process has run, each instance reports exactly the
 * faults the kernel counted for it (getrusage), and a query summing over instances reports three
 * times that. Only page-faults and run-queue-latency run, to keep three exporters cheap.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusFleetIT {
    private static final int HOSTS = 3;
    private static final String JOB = "fleet";
    private static final long PAGES = 20_000;
    private static final int SAMPLES_WANTED = 10;
    private static final long TIMEOUT_MILLIS = 40_000;

    @TempDir
    static Path dir;

    private final String comm = Faulter.uniqueComm();
    private final List<ExporterProcess> exporters = new ArrayList<>();
    private PrometheusFleet fleet;
    private PrometheusServer prometheus;
    private long kernelFaults;

    @BeforeAll
    void startTheFleetAndFaultOnce() throws Exception {
        fleet = PrometheusFleet.create(HOSTS);
        for (int host = 1; host <= HOSTS; host++) {
            List<String> command = List.of("java", "-jar", ExporterProcess.JAR.toString(),
                    "--web.listen-address", fleet.exporterAddress(host),
                    "--drain.interval", "1s", "--config.names", "page-faults,run-queue-latency");
            exporters.add(ExporterProcess.startCommand("prometheus-fleet-" + host, fleet.inHost(host, command),
                    PrometheusFleet.EXPORTER_PORT));
        }
        prometheus = PrometheusServer.start(dir, JOB, addresses()).awaitReady();
        // An exporter serves (up == 1) before its programs are attached, which the "ready" line
        // follows: after both, no fault is missed.
        for (ExporterProcess exporter : exporters) {
            exporter.awaitLogged("ready in");
        }
        awaitQuery("count(up{job=\"" + JOB + "\"} == 1)", HOSTS);
        kernelFaults = Faulter.run(comm, PAGES);
        awaitQuery("count(" + faultsByInstance() + " == " + kernelFaults + ")", HOSTS);
        awaitQuery("count(sum_over_time(up{job=\"" + JOB + "\"}[1m]) >= " + SAMPLES_WANTED + ")", HOSTS);
    }

    private List<String> addresses() {
        return IntStream.rangeClosed(1, HOSTS).mapToObj(fleet::exporterAddress).toList();
    }

    private String faultsByInstance() {
        return "sum by (instance) (ebpf_exporter_page_faults_total{job=\"" + JOB + "\",comm=\"" + comm + "\"})";
    }

    /** Until {@code promql} answers one sample equal to {@code wanted}. */
    private void awaitQuery(String promql, double wanted) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        List<PrometheusSample> result = List.of();
        while (System.currentTimeMillis() < deadline) {
            result = prometheus.query(promql);
            if (result.size() == 1 && result.get(0).value() == wanted) {
                return;
            }
            Thread.sleep(500);
        }
        StringBuilder logs = new StringBuilder(prometheus.log());
        exporters.forEach(exporter -> logs.append("\nexporter:\n").append(exporter.log()));
        throw new AssertionError(promql + " is " + result + ", not " + wanted + " after " + TIMEOUT_MILLIS
                + " ms:\n" + logs);
    }

    @AfterAll
    void stopEverything() {
        try {
            if (prometheus != null) {
                prometheus.close();
            }
        } finally {
            try {
                exporters.forEach(ExporterProcess::close);
            } finally {
                if (fleet != null) {
                    fleet.close();
                }
            }
        }
    }

    @Test
    void everyHostIsUpAtItsOwnAddress() throws Exception {
        List<PrometheusSample> up = prometheus.query("up{job=\"" + JOB + "\"}");

        assertThat(up).extracting(sample -> sample.labels().get("instance"))
                .containsExactlyInAnyOrderElementsOf(addresses());
        assertThat(up).extracting(PrometheusSample::value).containsOnly(1.0);
        assertThat(prometheus.labelValues("instance", "ebpf_exporter_config_loaded{job=\"" + JOB + "\"}"))
                .as("the dashboard's $instance variable").containsExactlyInAnyOrderElementsOf(addresses());
    }

    @Test
    void eachHostCountsTheKernelsFaultsAndTheFleetSumIsThreeTimesThat() throws Exception {
        List<PrometheusSample> perInstance = prometheus.query(faultsByInstance());
        List<PrometheusSample> fleetTotal = prometheus.query("sum(" + faultsByInstance() + ")");
        System.out.printf("faulter: %d faults (getrusage); per instance %s; fleet sum %s%n",
                kernelFaults, perInstance, fleetTotal);

        assertThat(kernelFaults).isGreaterThanOrEqualTo(PAGES);
        assertThat(perInstance).hasSize(HOSTS).extracting(PrometheusSample::value)
                .containsOnly((double) kernelFaults);
        assertThat(fleetTotal).singleElement().extracting(PrometheusSample::value)
                .isEqualTo((double) HOSTS * kernelFaults);
    }

    @Test
    void runQueueLatencyP99AcrossTheFleetIsAFiniteNumberOfSeconds() throws Exception {
        String buckets = "rate(ebpf_exporter_run_queue_latency_seconds_bucket{job=\"" + JOB + "\"}[10s])";
        List<PrometheusSample> fleetP99 = prometheus.query("histogram_quantile(0.99, sum by (le) (" + buckets + "))");
        List<PrometheusSample> perInstance = prometheus.query(
                "histogram_quantile(0.99, sum by (instance, le) (" + buckets + "))");
        System.out.printf("run-queue latency p99: fleet %s, per instance %s%n", fleetP99, perInstance);

        assertThat(fleetP99).singleElement().extracting(PrometheusSample::value)
                .satisfies(p99 -> assertThat(p99).isFinite().isGreaterThan(1e-9).isLessThan(1.0));
        assertThat(perInstance).hasSize(HOSTS);
    }
}

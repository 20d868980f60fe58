package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /-/healthy} and {@code /-/ready} on the real daemon: both 200 "ok" while it works; when
 * its drain thread hangs (held stopped by ptrace, as a thread stuck in the kernel would be) the
 * scrapes keep answering with old numbers and {@code /-/healthy} turns 503 naming the drain, the
 * signal a liveness probe restarts the pod on; released, the drain catches up and it is 200 again.
 */
@KernelTest
class HealthIT {
    /** Polls of at most this many, 100 ms apart: a deadline for the state to come, not a timing assertion. */
    private static final int POLLS = 600;
    private static final TestHelper HOLD_THREAD = new TestHelper("hold-thread");

    @TempDir
    Path dir;

    @Test
    void aHungDrainMakesTheDaemonUnhealthyAndReadinessStays() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults");
        try (ExporterProcess exporter = ExporterProcess.start("health", "--config.dir", dir.toString(),
                "--drain.interval", "100ms").awaitReady()) {
            assertAnswers(exporter, "/-/healthy", 200, "ok\n");
            assertAnswers(exporter, "/-/ready", 200, "ok\n");

            Process hold = new ProcessBuilder(HOLD_THREAD.binary().toString(), String.valueOf(exporter.pid()),
                    "ebpf-drain").redirectErrorStream(true).start();
            try {
                String held = new BufferedReader(new InputStreamReader(hold.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                assertThat(held).as("hold-thread output").startsWith("held ");
                HttpResponse<String> unhealthy = awaitStatus(exporter, "/-/healthy", 503);
                assertThat(unhealthy.body()).contains("the drain last published").contains("stuck or has stopped");
                assertThat(awaitStatus(exporter, "/-/ready", 200).body()).isEqualTo("ok\n");
                assertThat(awaitStatus(exporter, "/metrics", 200).body()).contains("ebpf_exporter_page_faults_total");
            } finally {
                hold.destroy();
                hold.waitFor();
            }
            assertThat(awaitStatus(exporter, "/-/healthy", 200).body()).isEqualTo("ok\n");
        }
    }

    private static void assertAnswers(ExporterProcess exporter, String path, int status, String body) throws Exception {
        HttpResponse<String> response = exporter.get(path, "text/plain");
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
    }

    /**
     * The first answer of {@code path} with {@code status}. A request that times out is asked again:
     * on a loaded machine the JVM may pause for seconds just after the thread is stopped.
     */
    private static HttpResponse<String> awaitStatus(ExporterProcess exporter, String path, int status)
            throws Exception {
        HttpResponse<String> response = null;
        for (int poll = 0; poll < POLLS && (response == null || response.statusCode() != status); poll++) {
            if (poll > 0) {
                Thread.sleep(100);
            }
            try {
                response = exporter.get(path, "text/plain");
            } catch (HttpTimeoutException slow) {
                response = null;
            }
        }
        assertThat(response).as("%s answered", path).isNotNull();
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(status);
        return response;
    }
}

package dev.ebpfexporter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.metrics.DrainStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthTest {
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Instant FINISHED = Instant.parse("2026-12-06T05:00:00Z");
    private static final DrainStatus DRAIN_7 = new DrainStatus(7, FINISHED, Duration.ofMillis(3), List.of(), List.of());

    @Test
    void aDrainIsLateAfterThreeIntervalsAndTheSlack() {
        assertThat(Health.staleAfter(INTERVAL)).isEqualTo(Duration.ofSeconds(25));
        assertThat(Health.drainTrouble(DRAIN_7, INTERVAL, FINISHED.plusSeconds(25))).isEmpty();
        assertThat(Health.drainTrouble(DRAIN_7, INTERVAL, FINISHED.plusSeconds(26))).hasValue(
                "the drain last published 26 s ago (drain 7), more than 25 s with a drain every 5000 ms: the drain"
                        + " thread is stuck or has stopped; the log says why");
    }

    /** Before the first drain the daemon is starting, not dead: readiness covers that time. */
    @Test
    void noDrainYetIsNoTrouble() {
        assertThat(Health.drainTrouble(DrainStatus.none(), INTERVAL, FINISHED)).isEmpty();
    }
}

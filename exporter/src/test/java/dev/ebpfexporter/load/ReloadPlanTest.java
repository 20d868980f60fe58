package dev.ebpfexporter.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.load.ReloadPlan.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReloadPlanTest {
    private static final Digest A = Digest.of("metrics: a", new byte[] {1});
    private static final Digest B = Digest.of("metrics: b", new byte[] {2});

    @Test
    void sortsEachConfigByWhatItsFilesDid() {
        ReloadPlan plan = ReloadPlan.of(
                Map.of("kept", A, "edited", A, "unreadable", A, "gone", B),
                Map.of("kept", Optional.of(A), "edited", Optional.of(B), "unreadable", Optional.empty(),
                        "new", Optional.of(B), "new-unreadable", Optional.empty()));

        assertThat(plan).isEqualTo(new ReloadPlan(List.of("new", "new-unreadable"),
                List.of("edited", "unreadable"), List.of("kept"), List.of("gone")));
    }

    @Test
    void fromNothingEveryConfigIsAdded() {
        ReloadPlan plan = ReloadPlan.of(Map.of(), Map.of("b", Optional.of(B), "a", Optional.of(A)));

        assertThat(plan.added()).containsExactly("a", "b");
        assertThat(plan.changed()).isEmpty();
        assertThat(plan.unchanged()).isEmpty();
        assertThat(plan.removed()).isEmpty();
    }

    @Test
    void aDigestCoversBothFilesAndWhereOneEnds() {
        byte[] object = {7, 8};

        assertThat(Digest.of("x: 1", object)).isEqualTo(Digest.of("x: 1", object.clone()));
        assertThat(Digest.of("x: 1", object)).isNotEqualTo(Digest.of("x: 2", object));
        assertThat(Digest.of("x: 1", object)).isNotEqualTo(Digest.of("x: 1", new byte[] {7, 9}));
        // The same bytes split differently between the YAML and the object.
        assertThat(Digest.of("ab", new byte[0]))
                .isNotEqualTo(Digest.of("a", "b".getBytes(StandardCharsets.UTF_8)));
    }
}

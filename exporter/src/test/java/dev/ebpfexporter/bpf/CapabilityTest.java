package dev.ebpfexporter.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilityTest {
    @Test
    void numberedAsTheKernelNumbersThem() {
        assertThat(Capability.DAC_READ_SEARCH.ordinal()).isEqualTo(2);
        assertThat(Capability.SYS_ADMIN.ordinal()).isEqualTo(21);
        assertThat(Capability.SYSLOG.ordinal()).isEqualTo(34);
        assertThat(Capability.PERFMON.ordinal()).isEqualTo(38);
        assertThat(Capability.BPF.ordinal()).isEqualTo(39);
        assertThat(Capability.CHECKPOINT_RESTORE.ordinal()).isEqualTo(40);
    }

    @Test
    void parsesEitherCase() {
        assertThat(Capability.parse("cap_bpf")).isEqualTo(Capability.BPF);
        assertThat(Capability.parse(" CAP_PERFMON ")).isEqualTo(Capability.PERFMON);
        assertThat(Capability.BPF.capName()).isEqualTo("cap_bpf");
    }

    @Test
    void refusesWhatIsNoCapability() {
        for (String name : new String[] {"bpf", "cap_", "cap_nonsense", ""}) {
            assertThatThrownBy(() -> Capability.parse(name)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + name + "' is not a capability: write it as capabilities(7) does, like cap_bpf or"
                            + " cap_perfmon");
        }
    }

    @Test
    void masksAsProcStatusShowsThem() {
        Set<Capability> defaults = EnumSet.of(Capability.BPF, Capability.PERFMON, Capability.SYSLOG,
                Capability.DAC_READ_SEARCH);

        assertThat(Capability.mask(defaults)).isEqualTo(0xc400000004L);
        assertThat(Capability.of(0xc400000004L)).isEqualTo(defaults);
        assertThat(Capability.of(-1L)).as("bits of capabilities newer than this list").hasSize(41);
    }
}

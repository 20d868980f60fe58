package dev.ebpfexporter.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrivilegesTest {
    private static final long KEEP = 0xc400000004L;
    private static final ThreadPrivileges RESTRICTED = new ThreadPrivileges("100", KEEP, KEEP, 0, KEEP, 0, true);

    @Test
    void readsAStatusFile() {
        String status = """
                Name:\tjava
                Pid:\t100
                CapInh:\t0000000000000000
                CapPrm:\t000000c400000004
                CapEff:\t000000c400000004
                CapBnd:\t000001ffffffffff
                CapAmb:\t0000000000000000
                NoNewPrivs:\t1
                Seccomp:\t0
                """;

        assertThat(ThreadPrivileges.parse("100", status))
                .isEqualTo(new ThreadPrivileges("100", KEEP, KEEP, 0, 0x1ffffffffffL, 0, true));
    }

    @Test
    void aStatusFileWithoutCapabilitiesIsRefused() {
        assertThatThrownBy(() -> ThreadPrivileges.parse("1", "Name:\tx\n"))
                .hasMessage("no CapEff line in the status file");
    }

    @Test
    void threadsHoldingTheSameRestrictedSetPass() throws BpfException {
        ThreadPrivileges other = new ThreadPrivileges("101", KEEP, KEEP, 0, KEEP, 0, true);

        assertThat(Privileges.verify(List.of(RESTRICTED, other), KEEP))
                .isEqualTo(Set.of(Capability.BPF, Capability.PERFMON, Capability.SYSLOG, Capability.DAC_READ_SEARCH));
    }

    @Test
    void aSubsetOfTheKeptSetPasses() throws BpfException {
        long bpfOnly = 1L << Capability.BPF.ordinal();
        ThreadPrivileges fewer = new ThreadPrivileges("100", bpfOnly, bpfOnly, 0, -1L >>> 23, 0, true);

        assertThat(Privileges.verify(List.of(fewer), KEEP)).containsExactly(Capability.BPF);
    }

    @Test
    void everyThreadThatDiffersIsNamed() {
        long sysAdmin = 1L << Capability.SYS_ADMIN.ordinal();
        assertFails(new ThreadPrivileges("102", KEEP | sysAdmin, KEEP | sysAdmin, 0, KEEP, 0, true),
                "thread 102 capabilities differ from thread 100's");
        assertFails(new ThreadPrivileges("102", KEEP, KEEP, 0, KEEP, KEEP, true), "thread 102 can still pass"
                + " capabilities on");
        assertFails(new ThreadPrivileges("102", KEEP, KEEP, 0, KEEP, 0, false), "thread 102 no_new_privs is not set");
    }

    @Test
    void aSetBeyondTheKeptOneFails() {
        long sysAdmin = 1L << Capability.SYS_ADMIN.ordinal();
        ThreadPrivileges all = new ThreadPrivileges("100", KEEP | sysAdmin, KEEP | sysAdmin, 0, KEEP, 0, true);

        assertThatThrownBy(() -> Privileges.verify(List.of(all), KEEP))
                .hasMessageEndingWith("thread 100 holds cap_sys_admin still");
        ThreadPrivileges lopsided = new ThreadPrivileges("100", 0, KEEP, 0, KEEP, 0, true);
        assertThatThrownBy(() -> Privileges.verify(List.of(lopsided), KEEP))
                .hasMessageEndingWith("thread 100 permitted and effective capabilities differ");
    }

    private static void assertFails(ThreadPrivileges second, String message) {
        assertThatThrownBy(() -> Privileges.verify(List.of(RESTRICTED, second), KEEP))
                .isInstanceOf(BpfException.class)
                .hasMessage("restrict capabilities(every thread): failed — " + message);
    }
}

package dev.ebpfexporter.decode;

import static dev.ebpfexporter.decode.DecoderTesting.bytes;
import static dev.ebpfexporter.decode.DecoderTesting.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * configs/syscalls.yaml's chain (uint, then syscall) on raw u32 keys of the syscalls_total array,
 * little-endian as on both architectures, with each architecture's table. Expected names are the
 * kernel's tables (arch/x86/entry/syscalls/syscall_64.tbl, scripts/syscall.tbl), read by hand.
 */
class SyscallDecoderTest {
    private static final UintDecoder UINT = new UintDecoder(ByteOrder.LITTLE_ENDIAN);

    static Stream<Arguments> keys() {
        return Stream.of(
                Arguments.of("amd64", bytes(0, 0, 0, 0), "read"),
                Arguments.of("amd64", bytes(1, 0, 0, 0), "write"),
                Arguments.of("amd64", bytes(5, 0, 0, 0), "fstat"),
                Arguments.of("amd64", bytes(17, 0, 0, 0), "pread64"), // strace (and ebpf_exporter): pread
                Arguments.of("amd64", bytes(121, 0, 0, 0), "getpgid"),
                Arguments.of("amd64", bytes(143, 0, 0, 0), "sched_getparam"),
                Arguments.of("amd64", bytes(231, 0, 0, 0), "exit_group"),
                Arguments.of("amd64", bytes(0x25, 0x01, 0, 0), "pipe2"), // 293, both bytes of the key
                Arguments.of("amd64", bytes(0x4f, 0x01, 0, 0), "uretprobe"), // 335
                Arguments.of("amd64", bytes(0x50, 0x01, 0, 0), "uprobe"), // 336: the last before the gap
                Arguments.of("amd64", bytes(0x51, 0x01, 0, 0), "unknown_syscall:337"), // the gap up to 423
                Arguments.of("amd64", bytes(0xa8, 0x01, 0, 0), "pidfd_send_signal"), // 424
                Arguments.of("amd64", bytes(0xbf, 0x01, 0, 0), "memfd_secret"), // 447
                Arguments.of("amd64", bytes(0xd6, 0x01, 0, 0), "listns"), // 470: the newest (Linux 6.18)
                Arguments.of("amd64", bytes(0xd7, 0x01, 0, 0), "unknown_syscall:471"),
                Arguments.of("amd64", bytes(0x00, 0x02, 0, 0), "unknown_syscall:512"), // x32's rt_sigaction: not 64-bit
                Arguments.of("amd64", bytes(0xff, 0xff, 0xff, 0xff), "unknown_syscall:4294967295"),
                Arguments.of("aarch64", bytes(0, 0, 0, 0), "io_setup"),
                Arguments.of("aarch64", bytes(38, 0, 0, 0), "renameat"), // the renameat ABI
                Arguments.of("aarch64", bytes(42, 0, 0, 0), "unknown_syscall:42"), // nfsservctl: not in the table
                Arguments.of("aarch64", bytes(63, 0, 0, 0), "read"),
                Arguments.of("aarch64", bytes(64, 0, 0, 0), "write"),
                Arguments.of("aarch64", bytes(79, 0, 0, 0), "newfstatat"),
                Arguments.of("aarch64", bytes(80, 0, 0, 0), "fstat"), // "newfstat" in scripts/syscall.tbl
                Arguments.of("aarch64", bytes(121, 0, 0, 0), "sched_getparam"),
                Arguments.of("aarch64", bytes(155, 0, 0, 0), "getpgid"),
                Arguments.of("aarch64", bytes(163, 0, 0, 0), "getrlimit"), // the rlimit ABI
                Arguments.of("aarch64", bytes(222, 0, 0, 0), "mmap"), // not 32-bit's mmap2
                Arguments.of("aarch64", bytes(244, 0, 0, 0), "unknown_syscall:244"), // other architectures' own
                Arguments.of("aarch64", bytes(0x04, 0x01, 0, 0), "wait4"), // 260
                Arguments.of("aarch64", bytes(0x26, 0x01, 0, 0), "kexec_file_load"), // 294: the last before the gap
                Arguments.of("aarch64", bytes(0x93, 0x01, 0, 0), "unknown_syscall:403"), // 32-bit clock_gettime64
                Arguments.of("aarch64", bytes(0xa9, 0x01, 0, 0), "io_uring_setup"), // 425: shared numbering since 424
                Arguments.of("aarch64", bytes(0xbf, 0x01, 0, 0), "memfd_secret"), // 447, the memfd_secret ABI
                Arguments.of("aarch64", bytes(0xd6, 0x01, 0, 0), "listns"),
                Arguments.of("aarch64", bytes(0xd7, 0x01, 0, 0), "unknown_syscall:471"),
                Arguments.of("riscv64", bytes(63, 0, 0, 0), "unknown_syscall:63")); // no table: all unknown
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource
    void keys(String osArch, byte[] key, String expected) throws DecodeException {
        byte[] number = UINT.decode(key, named("uint"));
        byte[] name = SyscallDecoder.forArch(osArch).decode(number, named("syscall"));
        assertThat(new String(name, StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void theUnameSpellingsOfTheArchitecturesPickTheSameTables() throws DecodeException {
        assertThat(decode("x86_64", "39")).isEqualTo(decode("amd64", "39")).isEqualTo("getpid");
        assertThat(decode("arm64", "172")).isEqualTo(decode("aarch64", "172")).isEqualTo("getpid");
    }

    @Test
    void aNegativeNumberIsReadAsTwosComplementLikeEbpfExporters() throws DecodeException {
        assertThat(decode("amd64", "-1")).isEqualTo("unknown_syscall:18446744073709551615");
        assertThat(decode("amd64", "18446744073709551615")).isEqualTo("unknown_syscall:18446744073709551615");
    }

    @Test
    void textThatIsNoNumberIsADecodeError() {
        assertThatThrownBy(() -> decode("amd64", "read"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("syscall needs a decimal syscall number (decode with uint first), got \"read\"");
        assertThatThrownBy(() -> decode("amd64", "")).isInstanceOf(DecodeException.class);
    }

    private static String decode(String osArch, String number) throws DecodeException {
        byte[] out = SyscallDecoder.forArch(osArch).decode(number.getBytes(StandardCharsets.US_ASCII), named("syscall"));
        return new String(out, StandardCharsets.UTF_8);
    }
}

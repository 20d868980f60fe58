package dev.ebpfexporter.decode;

import static dev.ebpfexporter.decode.DecoderTesting.bytes;
import static dev.ebpfexporter.decode.DecoderTesting.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecodersTest {
    private static final List<String> ALL = List.of("cgroup", "dname", "errno", "hex", "ifname", "inet_ip", "kstack", "ksym", "majorminor", "numa_node", "pci_class", "pci_device", "pci_subclass", "pci_vendor", "regexp", "static_map",
            "string", "syscall", "uint");

    @ParameterizedTest
    @CsvSource({"uint, true", "string, true", "static_map, true", "hex, true", "majorminor, true", "syscall, true", "ksym, true", "no_such_decoder, false", "UINT, false", "'', false"})
    void knows(String name, boolean known) {
        assertThat(Decoders.standard().knows(name)).isEqualTo(known);
    }

    @Test
    void namesAreSorted() {
        assertThat(Decoders.standard().names()).containsExactlyElementsOf(ALL);
    }

    @Test
    void getReturnsTheNamedDecoder() {
        assertThat(Decoders.standard().get("uint")).isInstanceOf(UintDecoder.class);
        assertThat(Decoders.standard().get("string")).isInstanceOf(StringDecoder.class);
        assertThat(Decoders.standard().get("static_map")).isInstanceOf(StaticMapDecoder.class);
        assertThat(Decoders.standard().get("hex")).isInstanceOf(HexDecoder.class);
        assertThat(Decoders.standard().get("syscall")).isInstanceOf(SyscallDecoder.class);
        assertThat(Decoders.standard().get("ksym")).isInstanceOf(KsymDecoder.class);
        assertThat(Decoders.standard().get("majorminor")).isInstanceOf(MajorMinorDecoder.class);
        assertThat(Decoders.standard().get("errno")).isInstanceOf(ErrnoDecoder.class);
        assertThat(Decoders.standard().get("kstack")).isInstanceOf(KstackDecoder.class);
    }

    @Test
    void getRejectsUnknownNames() {
        assertThatThrownBy(() -> Decoders.standard().get("no_such_decoder"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown decoder \"no_such_decoder\" (known: " + String.join(", ", ALL) + ")");
    }

    @Test
    void standardUintReadsHostByteOrder() throws DecodeException {
        byte[] one = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? bytes(1, 0) : bytes(0, 1);
        byte[] out = Decoders.standard().get("uint").decode(one, named("uint"));
        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo("1");
    }
}

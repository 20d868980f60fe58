package dev.ebpfexporter.decode;

import static dev.ebpfexporter.decode.DecoderTesting.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The four pci_* decoders over a small pci.ids in pci.ids' own layout; inputs are what uint makes of the key. */
class PciDecodersTest {
    private static final String PCI_IDS = """
            #
            #	List of PCI ID's (a test excerpt)
            #
            # Vendors, devices and subsystems. Please keep sorted.

            0010  Allied Telesis, Inc (Wrong ID)
            # 0014 is a vendor without devices
            0014  Loongson Technology LLC
            1002  Advanced Micro Devices, Inc. [AMD/ATI]
            	73df  Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT]
            8086  Intel Corporation
            	1000  82542 Gigabit Ethernet Controller (Fiber)
            		0e11 b0df  Gigabit Server Adapter (Fiber)
            		1af4 0001  not this one: a subsystem line names no device
            1af4  Red Hat, Inc.
            	1000  Virtio network device
            	1041  Virtio 1.0 network device

            # List of known device classes, subclasses and programming interfaces
            C 00  Unclassified device
            	00  Non-VGA unclassified device
            C 01  Mass storage controller
            	06  SATA controller
            		01  AHCI 1.0
            C 02  Network controller
            	00  Ethernet controller
            	80  Network controller
            C 0c  Serial bus controller
            	03  USB controller
            """;

    @TempDir
    Path dir;

    private PciIdsReader reader;

    @BeforeEach
    void database() throws IOException {
        Path file = Files.writeString(dir.resolve("pci.ids"), PCI_IDS);
        reader = new PciIdsReader(List.of(dir.resolve("missing.ids"), file)); // the first that exists
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "32902 | Intel Corporation", // 0x8086
        "6900 | Red Hat, Inc.", // 0x1af4
        "4098 | 'Advanced Micro Devices, Inc. [AMD/ATI]'",
        "20 | unknown pci vendor: 0x14", // 0x0014 is listed, but ebpf_exporter looks up "14" (%02x): as theirs
        "16 | unknown pci vendor: 0x10",
        "57005 | unknown pci vendor: 0xdead",
        "0 | unknown pci vendor: 0x00",
    })
    void vendors(String in, String expected) throws DecodeException {
        assertThat(decode(new PciVendorDecoder(reader), in)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "2156269568 | 82542 Gigabit Ethernet Controller (Fiber)", // 0x80861000: vendor and device
        "268596191 | 'Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT]'", // 0x100273df
        "452202561 | Virtio 1.0 network device", // 0x1af41041
        "452202496 | Virtio network device", // 0x1af41000: device 1000 of another vendor
        "2156272372 | unknown pci device: 0x80861af4", // a subsystem id is no device
        "3735928559 | unknown pci device: 0xdeadbeef",
        "4096 | unknown pci device: 0x1000", // a device id without its vendor
    })
    void devices(String in, String expected) throws DecodeException {
        assertThat(decode(new PciDeviceDecoder(reader), in)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1 | Mass storage controller",
        "2 | Network controller",
        "12 | Serial bus controller",
        "0 | Unclassified device",
        "253 | unknown pci class: 0xfd",
    })
    void classes(String in, String expected) throws DecodeException {
        assertThat(decode(new PciClassDecoder(reader), in)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "512 | Ethernet controller", // 0x0200
        "640 | Network controller", // 0x0280
        "262 | SATA controller", // 0x0106
        "3075 | USB controller", // 0x0c03
        "0 | Non-VGA unclassified device",
        "513 | unknown pci subclass: 0x01 (class 0x02)",
        "65024 | unknown pci class: 0xfe", // 0xfe00
    })
    void subclasses(String in, String expected) throws DecodeException {
        assertThat(decode(new PciSubclassDecoder(reader), in)).isEqualTo(expected);
    }

    @Test
    void theInputIsAnUnsignedDecimal() {
        assertThatThrownBy(() -> decode(new PciVendorDecoder(reader), "0x8086")).isInstanceOf(DecodeException.class)
                .hasMessage("pci_vendor needs a PCI id as a decimal number (decode with uint first), got \"0x8086\"");
    }

    @Test
    void withoutADatabaseAConfigUsingThemIsRefusedNamingThePackage() {
        PciIdsReader none = new PciIdsReader(List.of(dir.resolve("a/pci.ids"), dir.resolve("b/pci.ids")));
        for (Decoder decoder : List.of(new PciVendorDecoder(none), new PciDeviceDecoder(none),
                new PciClassDecoder(none), new PciSubclassDecoder(none))) {
            assertThatThrownBy(decoder::checkUsable).isInstanceOf(DecodeException.class)
                    .hasMessage("no PCI id database at " + dir.resolve("a/pci.ids") + " or " + dir.resolve("b/pci.ids")
                            + ", so no PCI id could be named: install Debian's pci.ids package (apt-get install"
                            + " pci.ids; pciutils depends on it), or hwdata on Fedora and RHEL");
        }
    }

    @Test
    void theStandardPathsAreEbpfExportersOwn() {
        assertThat(PciIds.STANDARD_PATHS).containsExactly(Path.of("/usr/share/misc/pci.ids"),
                Path.of("/usr/share/hwdata/pci.ids"));
    }

    private static String decode(Decoder decoder, String in) throws DecodeException {
        return new String(decoder.decode(in.getBytes(StandardCharsets.US_ASCII), named("pci")), StandardCharsets.UTF_8);
    }
}

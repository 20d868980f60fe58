package dev.ebpfexporter.decode;

import static dev.ebpfexporter.decode.DecoderTesting.named;
import static dev.ebpfexporter.decode.DecoderTesting.staticMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NumaNodeDecoderTest {
    @TempDir
    Path sys;

    @Test
    void theOnlineNodesAreTheKnownOutputs() throws Exception {
        Path online = Files.writeString(sys.resolve("online"), "0-1,4\n");
        assertThat(new NumaNodeDecoder(online).knownOutputs(named("numa_node"))).contains(List.of("0", "1", "4"));
    }

    @Test
    void withoutNumaNodeZeroIsKnown() {
        assertThat(new NumaNodeDecoder(sys.resolve("node/online")).knownOutputs(named("numa_node")))
                .contains(List.of("0"));
    }

    @Test
    void anUnreadableListIsALoadError() throws Exception {
        Path garbage = Files.writeString(sys.resolve("online"), "zero\n");
        assertThatThrownBy(() -> new NumaNodeDecoder(garbage).knownOutputs(named("numa_node")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decoder numa_node cannot list the online nodes from " + garbage);
    }

    /** A node that came online after load still decodes; anything but a number is an error. */
    @Test
    void numbersPassThroughUnchanged() throws Exception {
        NumaNodeDecoder nodes = new NumaNodeDecoder(sys.resolve("online"));
        assertThat(nodes.decode("7".getBytes(StandardCharsets.US_ASCII), named("numa_node")))
                .asString(StandardCharsets.US_ASCII).isEqualTo("7");
        assertThatThrownBy(() -> nodes.decode(new byte[] {1, 0, 0, 0}, named("numa_node")))
                .isInstanceOf(DecodeException.class).hasMessageContaining("put uint before it");
    }

    @Test
    void aStaticMapKnowsItsNamesUnlessItAllowsUnknown() {
        Map<String, String> kinds = Map.of("0", "move", "1", "swap", "2", "move");
        assertThat(new StaticMapDecoder().knownOutputs(staticMap(kinds, false))).contains(List.of("move", "swap"));
        assertThat(new StaticMapDecoder().knownOutputs(staticMap(kinds, true))).isEmpty();
    }
}

package dev.ebpfexporter.decode;

import dev.ebpfexporter.bpf.CpuList;
import dev.ebpfexporter.config.DecoderConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A NUMA node number, after {@code uint}: the value is the number itself, and the host's online
 * nodes, read from sysfs when a config loads, are its known outputs, so a counter by node has a
 * series for each of them from the first scrape on. A node that comes online later still decodes
 * (its series appears with its first event).
 */
public final class NumaNodeDecoder implements Decoder {
    /** A kernel without NUMA has no node directory, and node 0 only. */
    private static final List<String> WITHOUT_NUMA = List.of("0");

    private final Path onlineList;

    /** @param onlineList a sysfs node list such as "0-3,6" */
    NumaNodeDecoder(Path onlineList) {
        this.onlineList = onlineList;
    }

    static NumaNodeDecoder ofThisHost() {
        return new NumaNodeDecoder(Path.of("/sys/devices/system/node/online"));
    }

    @Override
    public byte[] decode(byte[] in, DecoderConfig config) throws DecodeException {
        if (in.length == 0) {
            throw new DecodeException("numa_node needs a number (put uint before it), got nothing");
        }
        for (byte b : in) {
            if (b < '0' || b > '9') {
                throw new DecodeException("numa_node needs a number (put uint before it), got '"
                        + new String(in, StandardCharsets.UTF_8) + "'");
            }
        }
        return in;
    }

    /** @throws IllegalArgumentException when sysfs cannot be read: the config does not load */
    @Override
    public Optional<List<String>> knownOutputs(DecoderConfig config) {
        try {
            return Optional.of(CpuList.parse(Files.readString(onlineList)).stream().map(String::valueOf).toList());
        } catch (NoSuchFileException e) {
            return Optional.of(WITHOUT_NUMA);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("decoder numa_node cannot list the online nodes from " + onlineList
                    + ": " + e.getMessage(), e);
        }
    }
}

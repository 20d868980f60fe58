package dev.ebpfexporter.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Simulated hosts on one machine: each a network namespace of its own, joined to the root
 * namespace by a veth pair on a private /24 ({@code 10.B.i.0/24}, the host at {@code .2}, the
 * root side at {@code .1}), so a Prometheus in the root namespace scrapes each at a distinct
 * address as it would scrape separate machines. They share the one kernel, so exporters in them
 * see the same events. Names carry a random tag, so a leftover of a killed run never collides;
 * closing deletes the namespaces, which destroys the veth pairs with them.
 */
final class PrometheusFleet implements AutoCloseable {
    static final int EXPORTER_PORT = 9435;

    private final String tag;
    private final int secondOctet;
    private final List<String> namespaces = new ArrayList<>();

    private PrometheusFleet(String tag, int secondOctet) {
        this.tag = tag;
        this.secondOctet = secondOctet;
    }

    /** Creates {@code size} hosts; on a failure part way, those already made are deleted. */
    static PrometheusFleet create(int size) throws IOException, InterruptedException {
        Random random = new Random();
        PrometheusFleet fleet = new PrometheusFleet(String.format("%06x", random.nextInt(1 << 24)),
                200 + random.nextInt(50));
        try {
            for (int host = 1; host <= size; host++) {
                fleet.addHost(host);
            }
            return fleet;
        } catch (IOException | InterruptedException | AssertionError e) {
            fleet.close();
            throw e;
        }
    }

    private void addHost(int host) throws IOException, InterruptedException {
        String namespace = namespace(host);
        String outside = "ebx" + tag + host; // interface names: 15 bytes at most
        String inside = outside + "p";
        String subnet = "10." + secondOctet + "." + host + ".";
        ip("netns", "add", namespace);
        namespaces.add(namespace);
        ip("link", "add", outside, "type", "veth", "peer", "name", inside);
        ip("link", "set", inside, "netns", namespace);
        ip("addr", "add", subnet + "1/24", "dev", outside);
        ip("link", "set", outside, "up");
        ip("-n", namespace, "addr", "add", subnet + "2/24", "dev", inside);
        ip("-n", namespace, "link", "set", inside, "up");
        ip("-n", namespace, "link", "set", "lo", "up");
    }

    private String namespace(int host) {
        return "ebpfx-" + tag + "-" + host;
    }

    /** The address host {@code host} (1-based) serves its exporter on. */
    String exporterAddress(int host) {
        return "10." + secondOctet + "." + host + ".2:" + EXPORTER_PORT;
    }

    /**
     * {@code command} run inside host {@code host}'s network namespace. nsenter enters the
     * network namespace only, unlike {@code ip netns exec}, which also remounts /sys and so would
     * hide tracefs and cgroupfs from the exporter.
     */
    List<String> inHost(int host, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + namespace(host)));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Commands.run(command);
    }

    /** Deletes every namespace made; a failure to delete one does not stop the others. */
    @Override
    public void close() {
        IllegalStateException failure = null;
        for (String namespace : namespaces) {
            try {
                ip("netns", "del", namespace);
            } catch (IOException | AssertionError | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failure = failure == null ? new IllegalStateException("deleting " + namespaces, e) : failure;
            }
        }
        namespaces.clear();
        if (failure != null) {
            throw failure;
        }
    }
}

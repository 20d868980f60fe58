package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A fresh network namespace whose loopback drops a share of the TCP packets it receives, so TCP in
 * it retransmits. The drop is an nftables rule ({@code numgen random}) on the input hook, not on
 * output: a packet dropped on output fails its transmit, which RetransSegs counts but the
 * tcp_retransmit_skb tracepoint of kernels before 6.17 never reports, while a packet dropped on
 * input left the sender successfully and is lost as if on a wire. Loopback's MTU is set to 1500 so
 * that a retransmitted GSO skb carries several segments, as on real links. The rule lives in the
 * namespace, so deleting the namespace ({@link #close}) removes it too. The name carries a random
 * tag, so a leftover of a killed run never collides.
 */
final class LossyNamespace implements AutoCloseable {
    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(60);

    private final String name;

    private LossyNamespace(String name) {
        this.name = name;
    }

    /** Creates the namespace dropping {@code dropPercent} % of incoming TCP packets; on a failure, deletes it. */
    static LossyNamespace create(int dropPercent) throws IOException, InterruptedException {
        LossyNamespace namespace = new LossyNamespace(String.format("ebpfx-lossy-%06x", new Random().nextInt(1 << 24)));
        Commands.run(List.of("ip", "netns", "add", namespace.name));
        try {
            Commands.run(List.of("ip", "-n", namespace.name, "link", "set", "lo", "mtu", "1500", "up"));
            namespace.run("nft", "add", "table", "inet", "lossy");
            namespace.run("nft", "add", "chain", "inet", "lossy", "input",
                    "{ type filter hook input priority 0; policy accept; }");
            namespace.run("nft", "add", "rule", "inet", "lossy", "input",
                    "meta", "l4proto", "tcp", "numgen", "random", "mod", "100", "<", Integer.toString(dropPercent), "drop");
            return namespace;
        } catch (IOException | InterruptedException | AssertionError e) {
            namespace.close();
            throw e;
        }
    }

    /**
     * Runs {@code command} in the namespace; returns its output. nsenter enters the network
     * namespace only (ip netns exec would also remount /sys).
     */
    String run(Duration timeout, String... command) throws IOException, InterruptedException {
        List<String> wrapped = new ArrayList<>(List.of("nsenter", "--net=" + path()));
        wrapped.addAll(List.of(command));
        return Commands.run(wrapped, timeout);
    }

    private String run(String... command) throws IOException, InterruptedException {
        return run(Duration.ofSeconds(10), command);
    }

    /** True when loopback has ::1 (a kernel booted with ipv6.disable=1, or disable_ipv6 set by default, has none). */
    boolean hasIpv6Loopback() throws IOException, InterruptedException {
        return run("ip", "-6", "addr", "show", "dev", "lo").contains("::1/128");
    }

    /** The namespace's own {@code Tcp: RetransSegs}. */
    long retransSegs() throws IOException, InterruptedException {
        return NodeRetransSegs.parse(run("cat", "/proc/net/snmp"));
    }

    /**
     * The namespace's {@code TcpExt: TCPRetransFail}: retransmits counted in RetransSegs whose
     * transmit then failed, which the tcp_retransmit_skb tracepoint reports with an error.
     */
    long retransFails() throws IOException, InterruptedException {
        return NodeRetransSegs.field(run("cat", "/proc/net/netstat"), "TcpExt:", "TCPRetransFail");
    }

    /** Identifies the namespace among those {@link NodeRetransSegs} reads. */
    long inode() throws IOException {
        return (Long) Files.getAttribute(path(), "unix:ino");
    }

    /**
     * Waits until no TCP socket is left that could still retransmit: only TIME-WAIT ones (which
     * never send data) or none. After its processes exit, orphaned sockets may still resend a
     * lost FIN (fin_wait1, last_ack, closing).
     */
    void awaitQuiet() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + QUIET_TIMEOUT.toNanos();
        String sockets;
        while (!(sockets = run("ss", "-tanH", "exclude", "time-wait")).isBlank()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("TCP sockets still open in " + name + " after " + QUIET_TIMEOUT + ":\n" + sockets);
            }
            Thread.sleep(100);
        }
    }

    private Path path() {
        return Path.of("/run/netns", name);
    }

    /** Deletes the namespace, its rule and any socket left in it. */
    @Override
    public void close() throws IOException {
        try {
            Commands.run(List.of("ip", "netns", "del", name));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close() may not throw it (javac's try lint)
            throw new IOException("interrupted while deleting " + this, e);
        }
    }

    @Override
    public String toString() {
        return "network namespace " + name;
    }
}

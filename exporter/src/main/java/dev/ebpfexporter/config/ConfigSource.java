package dev.ebpfexporter.config;

import java.util.List;

/**
 * Where configs come from: each config {@code <name>} is a {@code <name>.yaml} with a compiled
 * {@code <name>.bpf.o} beside it.
 */
public interface ConfigSource {
    /**
     * The configs run when {@code --config.names} names none (a {@code .yaml} without its suffix),
     * sorted: every config, less a bundled source's opt-in ones.
     */
    List<String> names() throws ConfigException;

    /** Where {@code <name>.yaml} lives, as error messages should show it. */
    String describe(String name);

    /** Where {@code <name>.bpf.o} lives, as error messages should show it. */
    String describeObject(String name);

    String readYaml(String name) throws ConfigException;

    /** The compiled BPF object; its absence is an error that names the expected place. */
    byte[] readObject(String name) throws ConfigException;
}

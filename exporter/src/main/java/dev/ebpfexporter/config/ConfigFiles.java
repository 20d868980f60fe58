package dev.ebpfexporter.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;

/** File naming and reading rules that every {@link ConfigSource} shares. */
final class ConfigFiles {
    static final String YAML_SUFFIX = ".yaml";
    static final String OBJECT_SUFFIX = ".bpf.o";

    private ConfigFiles() {}

    static String yamlFile(String name) {
        return name + YAML_SUFFIX;
    }

    static String objectFile(String name) {
        return name + OBJECT_SUFFIX;
    }

    /** The config name of a file name, or null when it is not a {@code .yaml}. */
    static String configName(String fileName) {
        boolean isYaml = fileName.endsWith(YAML_SUFFIX) && fileName.length() > YAML_SUFFIX.length();
        return isYaml ? fileName.substring(0, fileName.length() - YAML_SUFFIX.length()) : null;
    }

    /** Strict UTF-8: a config with broken bytes is rejected rather than silently altered. */
    static String utf8(String where, byte[] bytes) throws ConfigException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(where + ": not valid UTF-8", e);
        }
    }

    /** A short reason for an I/O failure; the path is already in the caller's message. */
    static String reason(IOException e) {
        if (e instanceof BoundedFile.Refused refused) {
            return "it " + refused.getMessage();
        }
        String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        return e.getClass().getSimpleName() + (reason == null ? "" : " (" + reason + ")");
    }

    static ConfigException missingObject(ConfigSource source, String name) {
        return new ConfigException(source.describeObject(name) + ": missing BPF object for config " + name
                + " (build programs/" + name + ".bpf.c and put the object next to " + source.describe(name) + ")");
    }
}

package dev.ebpfexporter.config;

/** A YAML document bound to {@code value}, with the index that locates its paths for later errors. */
public record YamlDocument<T>(T value, YamlIndex index) {}

package dev.ebpfexporter.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of a counter's or gauge's {@code values} (an extension): the metric one u64 field of the map's values feeds. */
public record ValueConfig(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String help) {
    public ValueConfig {
        MetricRules.identifier("name", name, "a Prometheus metric name");
        MetricRules.help("help", help);
    }
}

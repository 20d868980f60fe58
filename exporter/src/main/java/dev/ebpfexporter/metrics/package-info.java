/**
 * Map contents to Prometheus snapshots: {@link dev.ebpfexporter.metrics.SnapshotBuilder} converts one
 * map read (keeping decoded keys and unchanged data points from read to read),
 * {@link dev.ebpfexporter.metrics.DrainLoop} reads every map on a schedule and publishes one
 * immutable {@code MetricSnapshots}, and {@link dev.ebpfexporter.metrics.EbpfCollector} hands that
 * object to scrapes. Nothing on the scrape path touches the kernel.
 */
package dev.ebpfexporter.metrics;

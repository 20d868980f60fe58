package dev.ebpfexporter.it;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A latency histogram on a common power-of-two scale, so that the exporter's buckets and
 * runqlat's can be compared: each bucket is keyed by the base-2 logarithm of its upper bound in
 * nanoseconds, rounded to an integer (+Inf: {@link Integer#MAX_VALUE}).
 *
 * <ul>
 *   <li>Exporter (exp2 of ns, slot j = ⌈log2 ns⌉): slot j holds (2^(j−1), 2^j] ns, bound 2^j ns:
 *       index j, exactly.
 *   <li>runqlat (slot k = ⌊log2 µs⌋, µs = ⌊ns / 1000⌋): slot k holds [2^k, 2^(k+1)) µs, bound
 *       2^(k+1) µs = 2^(k+1+log2 1000) ns = 2^(k+10.97) ns: index k + 11.
 * </ul>
 *
 * <p>Why quantile indices may then differ by one: a value v falls in exporter slot j = ⌈log2 v⌉
 * and runqlat slot k ≥ 1 with 2^(k+9.97) ≤ v < 2^(k+10.97), so j is k + 10 or k + 11 (k + 10 only
 * for v in [2^(k+9.97), 2^(k+10)], the bottom 3 % of runqlat's bucket on a log scale). Hence
 * for the very same samples, runqlat's cumulative count up to k lies between the exporter's
 * cumulative counts up to index k + 10 and k + 11, and the exporter's q-quantile bucket is the
 * mapped runqlat one or the one below it: equal or adjacent (runqlat's slot 0, [0, 2) µs, maps to
 * index 11 or below). Two tools sampling the same
 * window add only noise at the edges of that window.
 */
record RunQueueLatencyHistogram(NavigableMap<Integer, Long> countsByIndex) {
    static final int INF = Integer.MAX_VALUE;
    private static final String METRIC = "ebpf_exporter_run_queue_latency_seconds";
    /** runqlat's slot k is exclusive-bounded by 2^(k+1) µs = 2^(k + 1 + 9.97) ns: rounded, k + 11. */
    private static final int RUNQLAT_INDEX_OFFSET = (int) Math.round(1 + Math.log(1000) / Math.log(2));
    /** A row of runqlat's log2 histogram: "   low -> high   : count   |***|". */
    private static final Pattern RUNQLAT_ROW = Pattern.compile("^\\s*(\\d+) -> (\\d+)\\s*: (\\d+)\\s");

    RunQueueLatencyHistogram {
        countsByIndex = new TreeMap<>(countsByIndex);
    }

    /** The run-queue-latency config's histogram from a scrape. */
    static RunQueueLatencyHistogram fromScrape(List<Series> scrape) {
        return fromScrape(scrape, METRIC, Map.of());
    }

    /** Histogram {@code metric}'s series with {@code labels} from a scrape (cumulative {@code le} buckets made per-bucket). */
    static RunQueueLatencyHistogram fromScrape(List<Series> scrape, String metric, Map<String, String> labels) {
        String bucketName = metric + "_bucket";
        NavigableMap<Double, Long> cumulative = new TreeMap<>();
        for (Series s : scrape) {
            if (s.name().equals(bucketName) && s.labels().entrySet().containsAll(labels.entrySet())) {
                String le = s.labels().get("le");
                cumulative.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), (long) s.value());
            }
        }
        if (cumulative.isEmpty()) {
            throw new AssertionError("scrape has no " + bucketName + labels);
        }
        NavigableMap<Integer, Long> counts = new TreeMap<>();
        long below = 0;
        for (Map.Entry<Double, Long> bucket : cumulative.entrySet()) {
            double le = bucket.getKey();
            int index = Double.isInfinite(le) ? INF : (int) Math.round(Math.log(le / 1e-9) / Math.log(2));
            counts.put(index, bucket.getValue() - below);
            below = bucket.getValue();
        }
        return new RunQueueLatencyHistogram(counts);
    }

    /** runqlat's printed log2 histogram in µs (rows "low -> high : count"; slot k = log2(high + 1) − 1). */
    static RunQueueLatencyHistogram fromRunqlat(String output) {
        NavigableMap<Integer, Long> counts = new TreeMap<>();
        for (String line : output.split("\n")) {
            Matcher row = RUNQLAT_ROW.matcher(line);
            if (row.find()) {
                long high = Long.parseLong(row.group(2));
                int slot = 63 - Long.numberOfLeadingZeros(high + 1) - 1;
                counts.merge(slot + RUNQLAT_INDEX_OFFSET, Long.parseLong(row.group(3)), Long::sum);
            }
        }
        if (counts.isEmpty()) {
            throw new AssertionError("runqlat printed no histogram:\n" + output);
        }
        return new RunQueueLatencyHistogram(counts);
    }

    /** This histogram minus an earlier one of the same source: the samples in between. */
    RunQueueLatencyHistogram minus(RunQueueLatencyHistogram earlier) {
        NavigableMap<Integer, Long> counts = new TreeMap<>(countsByIndex);
        earlier.countsByIndex.forEach((index, count) -> counts.merge(index, -count, Long::sum));
        return new RunQueueLatencyHistogram(counts);
    }

    long total() {
        return countsByIndex.values().stream().mapToLong(Long::longValue).sum();
    }

    long countAt(int index) {
        return countsByIndex.getOrDefault(index, 0L);
    }

    /** The index of the bucket holding the q-quantile: the first whose cumulative count reaches ⌈q·total⌉. */
    int quantileIndex(double q) {
        long rank = Math.max(1, (long) Math.ceil(q * total()));
        long cumulative = 0;
        for (Map.Entry<Integer, Long> bucket : countsByIndex.entrySet()) {
            cumulative += bucket.getValue();
            if (cumulative >= rank) {
                return bucket.getKey();
            }
        }
        throw new AssertionError("empty histogram has no quantile");
    }
}

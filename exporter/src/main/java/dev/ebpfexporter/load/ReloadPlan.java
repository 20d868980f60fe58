package dev.ebpfexporter.load;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a reload does to each config, from what runs and what the config source holds now: a
 * config whose files are byte for byte those it runs with is left alone (its maps, and so its
 * counts, go on); any other difference means loading it anew.
 *
 * @param added wanted and not running: loaded for the first time (or tried again after a failure)
 * @param changed running, and its files differ or could not be read: the new version is tried
 * @param unchanged running with the very same files: not touched
 * @param removed running and no longer wanted: detached and closed
 */
public record ReloadPlan(List<String> added, List<String> changed, List<String> unchanged, List<String> removed) {
    public ReloadPlan {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        unchanged = List.copyOf(unchanged);
        removed = List.copyOf(removed);
    }

    /**
     * @param running each running config's name → the digest of the files it was loaded from
     * @param wanted each config the source now holds → the digest of its files; empty when they
     *     cannot be read
     */
    public static ReloadPlan of(Map<String, Digest> running, Map<String, Optional<Digest>> wanted) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        new TreeMap<>(wanted).forEach((name, digest) -> {
            Digest current = running.get(name);
            if (current == null) {
                added.add(name);
            } else if (digest.filter(current::equals).isPresent()) {
                unchanged.add(name);
            } else {
                changed.add(name);
            }
        });
        SortedMap<String, Digest> removed = new TreeMap<>(running);
        removed.keySet().removeAll(wanted.keySet());
        return new ReloadPlan(added, changed, unchanged, List.copyOf(removed.keySet()));
    }

    /** A SHA-256 of a config's YAML and object together: equal digests, equal files. */
    public record Digest(String sha256) {
        public static Digest of(String yaml, byte[] object) {
            MessageDigest sha256;
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
            byte[] yamlBytes = yaml.getBytes(StandardCharsets.UTF_8);
            // The YAML's length first, so that no split of the same bytes between the two files collides.
            sha256.update(Long.toString(yamlBytes.length).getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) 0);
            sha256.update(yamlBytes);
            sha256.update(object);
            return new Digest(HexFormat.of().formatHex(sha256.digest()));
        }
    }
}

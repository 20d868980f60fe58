package dev.ebpfexporter.decode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the cgroup v2 hierarchy is mounted, read from a mountinfo file ({@code /proc/self/mountinfo}):
 * {@code /sys/fs/cgroup} on a unified host, {@code /sys/fs/cgroup/unified} on a hybrid one.
 *
 * <p>A mountinfo line is {@code id parent major:minor root MOUNT_POINT options [optional fields...]
 * - FSTYPE source super-options}; the optional fields vary in number, so the type is found after
 * the {@code -} separator. The mount point escapes space, tab, newline and backslash as octal
 * {@code \ooo}.
 */
public final class Cgroup2Mount {
    private static final int MOUNT_POINT_FIELD = 4;

    private Cgroup2Mount() {}

    /** The first cgroup2 mount point in {@code mountinfo}; empty when there is none or the file is unreadable. */
    public static Optional<Path> find(Path mountinfo) {
        try {
            return find(Files.readAllLines(mountinfo));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<Path> find(List<String> mountinfoLines) {
        for (String line : mountinfoLines) {
            String[] fields = line.split(" ");
            int separator = List.of(fields).indexOf("-");
            if (separator > MOUNT_POINT_FIELD && separator + 1 < fields.length && fields[separator + 1].equals("cgroup2")) {
                return Optional.of(Path.of(unescape(fields[MOUNT_POINT_FIELD])));
            }
        }
        return Optional.empty();
    }

    /** Undoes the kernel's octal escapes ({@code \040} is a space). */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}

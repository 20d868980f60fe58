package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * An IP address in network byte order → its text, as ebpf_exporter's {@code inet_ip} decoder
 * (Go's {@code net.IP.String}) writes it; the label's size says which: 4 bytes are IPv4,
 * {@code 1.2.3.4}; 16 bytes are IPv6 in RFC 5952's form, {@code 2400:cb00:4:1024::a29e:fd8f}
 * (lowercase, no leading zeros, the first longest run of two or more zero groups as {@code ::}),
 * except that an IPv4-mapped address {@code ::ffff:1.2.3.4} reads {@code 1.2.3.4}. Any other
 * size reads {@code ?} and the bytes in hex, and no bytes read {@code <nil>}, as in Go.
 */
public final class InetIpDecoder implements Decoder {
    private static final int IPV4 = 4;
    private static final int IPV6 = 16;
    private static final int GROUPS = IPV6 / 2;
    private static final int MAPPED_PREFIX = 12; // ten zero bytes, then ff ff

    @Override
    public byte[] decode(byte[] in, DecoderConfig config) {
        String text;
        if (in.length == 0) {
            text = "<nil>";
        } else if (in.length == IPV4) {
            text = dotted(in, 0);
        } else if (in.length == IPV6) {
            text = isIpv4Mapped(in) ? dotted(in, MAPPED_PREFIX) : ipv6(in);
        } else {
            text = "?" + HexFormat.of().formatHex(in);
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String dotted(byte[] in, int from) {
        return (in[from] & 0xff) + "." + (in[from + 1] & 0xff) + "." + (in[from + 2] & 0xff) + "." + (in[from + 3] & 0xff);
    }

    private static boolean isIpv4Mapped(byte[] in) {
        for (int i = 0; i < MAPPED_PREFIX - 2; i++) {
            if (in[i] != 0) {
                return false;
            }
        }
        return in[MAPPED_PREFIX - 2] == (byte) 0xff && in[MAPPED_PREFIX - 1] == (byte) 0xff;
    }

    private static String ipv6(byte[] in) {
        int[] groups = new int[GROUPS];
        for (int i = 0; i < GROUPS; i++) {
            groups[i] = (in[2 * i] & 0xff) << 8 | (in[2 * i + 1] & 0xff);
        }
        int zerosStart = -1;
        int zerosLength = 1; // a single zero group is written as 0, not ::
        for (int i = 0; i < GROUPS; i++) {
            int end = i;
            while (end < GROUPS && groups[end] == 0) {
                end++;
            }
            if (end - i > zerosLength) {
                zerosStart = i;
                zerosLength = end - i;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < GROUPS; i++) {
            if (i == zerosStart) {
                out.append("::");
                i += zerosLength - 1;
            } else {
                if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                    out.append(':');
                }
                out.append(Integer.toHexString(groups[i]));
            }
        }
        return out.toString();
    }
}

package dev.ebpfexporter.decode;

import java.nio.charset.StandardCharsets;

/** The input of decoders that follow {@code uint}: an unsigned decimal number as text. */
final class DecimalInput {
    private DecimalInput() {}

    /**
     * @param decoder the decoder's name, for the error
     * @param what what the number is, for the error ("a cgroup id")
     * @throws DecodeException when {@code in} is not an unsigned 64-bit decimal
     */
    static long unsigned(byte[] in, String decoder, String what) throws DecodeException {
        String text = new String(in, StandardCharsets.US_ASCII);
        try {
            if (!text.isEmpty() && text.charAt(0) != '+') {
                return Long.parseUnsignedLong(text);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DecodeException(decoder + " needs " + what + " as a decimal number (decode with uint first), got \""
                + text + "\"");
    }
}

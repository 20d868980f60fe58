package dev.ebpfexporter.metrics;

import java.math.BigDecimal;

/**
 * A config's multiplier ({@code bucket_multiplier}, a counter's {@code value_multiplier}) applied
 * exactly: the product of the integer and the decimal as the config wrote it, rounded once, so
 * 20 × 0.000001 is 2.0E-5, not 1.9999999999999998E-5, and two metrics scaling the same u64 by the
 * same multiplier serve the same double.
 */
final class DecimalMultiplier {
    private final BigDecimal multiplier;

    /** @param written a positive multiplier as parsed from the config */
    DecimalMultiplier(double written) {
        this.multiplier = new BigDecimal(Double.toString(written));
    }

    /** A u64 value (unsigned) times the multiplier. */
    double times(long unsigned) {
        return times(unsigned >= 0 ? BigDecimal.valueOf(unsigned) : new BigDecimal(Long.toUnsignedString(unsigned)));
    }

    double times(BigDecimal units) {
        return units.multiply(multiplier).doubleValue();
    }
}

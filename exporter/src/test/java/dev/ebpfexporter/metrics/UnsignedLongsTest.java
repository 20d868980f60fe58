package dev.ebpfexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnsignedLongsTest {
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        // u64 (decimal)             , nearest double
        "0                           , 0",
        "1                           , 1",
        "9007199254740992            , 9007199254740992", // 2^53: last exact
        "9007199254740993            , 9007199254740992", // 2^53 + 1: tie, rounds to even
        "9223372036854775807         , 9223372036854775808", // 2^63 − 1 → 2^63
        "9223372036854775808         , 9223372036854775808", // 2^63: first value a signed long sees as negative
        "9223372036854777856         , 9223372036854777856", // 2^63 + 2048: exact (spacing is 2048 above 2^63)
        "9223372036854776833         , 9223372036854777856", // 2^63 + 1025: just past the halfway point, up
        "9223372036854776832         , 9223372036854775808", // 2^63 + 1024: tie, rounds to even (down)
        "18446744073709549568        , 18446744073709549568", // 2^64 − 2048: exact
        "18446744073709550591        , 18446744073709549568", // 2^64 − 1025: below halfway, down
        "18446744073709551615        , 18446744073709551616", // 2^64 − 1 → 2^64
    })
    void convertsUnsignedValuesToTheNearestDouble(String u64, String expected) {
        double converted = UnsignedLongs.toDouble(Long.parseUnsignedLong(u64));

        assertThat(new BigDecimal(converted)).isEqualByComparingTo(new BigDecimal(expected));
        // Cross-check against BigDecimal's correctly rounded conversion.
        assertThat(converted).isEqualTo(new BigDecimal(u64).doubleValue());
    }
}

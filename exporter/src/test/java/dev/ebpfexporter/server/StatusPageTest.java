package dev.ebpfexporter.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusPageTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                               | ``",
        "plain text, 100%                 | plain text, 100%",
        "<script>alert(1)</script>        | &lt;script&gt;alert(1)&lt;/script&gt;",
        "a & b                            | a &amp; b",
        "&amp;                            | &amp;amp;",
        "say \"hi\"                       | say &quot;hi&quot;",
        "it's                             | it&#39;s",
        "<a href='x' title=\"y\">&</a>    | &lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;&amp;&lt;/a&gt;",
        "ünïcode ✓                        | ünïcode ✓",
    })
    void escapesTheFiveHtmlSpecialCharacters(String text, String escaped) {
        assertThat(StatusPage.escape(text)).isEqualTo(escaped);
    }
}

package org.deepminer.annotate.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesEveryCharacterThatCouldOpenMarkupOrCloseAnAttribute() {
        assertEquals("&lt;b onmouseover=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;", Html.text("<b onmouseover=\"x\" title='y'>&`"));
    }

    @Test
    void dropsControlCharactersButKeepsLineBreaks() {
        assertEquals("a\nb\tc", Html.text("a\u0000\n\u0007b\tc"));
    }

    @Test
    void plainTextIsReturnedAsIs() {
        String s = "spiculated margin, 0.33";
        assertSame(s, Html.text(s));
        assertEquals("", Html.text(null));
    }

    @Test
    void urlComponentsAreEncoded() {
        assertEquals("a%20b%2Fc%3Fd", Html.url("a b/c?d"));
    }
}

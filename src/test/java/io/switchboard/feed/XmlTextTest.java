package io.switchboard.feed;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class XmlTextTest {
    @Test
    void keepsEveryCharacterXmlAllows() {
        String s = "tab\there\nline\rcr <&> \u00E9 \u05E9 \uD83D\uDE00 \uE000 \uFFFD";
        assertSame(s, XmlText.clean(s));
    }

    @Test
    void dropsControlCharactersNonCharactersAndLoneSurrogates() {
        assertEquals("ab", XmlText.clean("a\u0000\u0001\u0008\u000B\u000C\u001Fb"));
        assertEquals("ab", XmlText.clean("a\uFFFE\uFFFFb"));
        assertEquals("ab", XmlText.clean("a\uD800b"));
        assertEquals("ab", XmlText.clean("a\uDC00b"));
        assertEquals("a\uD83D\uDE00", XmlText.clean("a\uD83D\uDE00\uD83D"));
    }

    @Test
    void plainTextBecomesHtmlThatRendersAsTheSameText() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot;", XmlText.asHtml("a <b> & \"c\""));
    }
}

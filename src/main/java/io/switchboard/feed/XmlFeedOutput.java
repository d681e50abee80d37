package io.switchboard.feed;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.io.WireFeedOutput;
import org.jdom2.Document;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;

import java.io.ByteArrayOutputStream;

/**
 * ROME's feed document written as UTF-8. JDOM would write characters beyond the BMP (emoji) as
 * character references; UTF-8 encodes every character, so only markup characters are escaped.
 */
final class XmlFeedOutput {
    private static final Format FORMAT = Format.getPrettyFormat().setEncoding("UTF-8").setEscapeStrategy(ch -> false);

    private XmlFeedOutput() {
    }

    static byte[] bytes(WireFeed feed) throws Exception {
        Document doc = new WireFeedOutput().outputJDom(feed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        new XMLOutputter(FORMAT).output(doc, out);
        return out.toByteArray();
    }
}

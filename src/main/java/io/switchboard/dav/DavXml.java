package io.switchboard.dav;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Hardened XML for DAV bodies: no DTDs at all (so no external entities and no entity expansion
 * bombs), namespace aware, and a size limit. Also a small serializer that writes an element with
 * explicit namespace declarations, used to keep dead property values as text (RFC 4918 §4.3).
 */
final class DavXml {
    static final String DAV = "DAV:";
    static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
    static final String CARDDAV = "urn:ietf:params:xml:ns:carddav";
    static final String CS = "http://calendarserver.org/ns/";
    static final String APPLE = "http://apple.com/ns/ical/";
    /** Largest XML request body we parse (PROPFIND, PROPPATCH, REPORT, LOCK, MKCOL). */
    static final int MAX_XML_BYTES = 1 << 20;
    /** The namespace declarations every multistatus we write carries. */
    static final String NS_DECL = " xmlns:D=\"DAV:\" xmlns:C=\"" + CALDAV + "\" xmlns:CR=\"" + CARDDAV
            + "\" xmlns:CS=\"" + CS + "\" xmlns:A=\"" + APPLE + "\"";

    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(DavXml::newBuilder);

    private DavXml() {
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The document, or a 400 DavException for malformed, oversized or DTD-carrying XML. */
    static Document parse(byte[] body) {
        if (body.length > MAX_XML_BYTES) throw new DavException(413, Replies.XML_TOO_LARGE);
        DocumentBuilder b = BUILDER.get();
        b.reset();
        try {
            return b.parse(new ByteArrayInputStream(body));
        } catch (SAXException e) {
            throw new DavException(400, Replies.XML_MALFORMED + ": " + e.getMessage());
        } catch (IOException e) {
            throw new DavException(400, Replies.XML_MALFORMED);
        }
    }

    static Document parseString(String s) {
        DocumentBuilder b = BUILDER.get();
        b.reset();
        try {
            return b.parse(new org.xml.sax.InputSource(new StringReader(s)));
        } catch (SAXException | IOException e) {
            throw new DavException(400, Replies.XML_MALFORMED);
        }
    }

    static boolean is(Node n, String ns, String local) {
        return n instanceof Element e && local.equals(e.getLocalName()) && ns.equals(nsOf(e));
    }

    static String nsOf(Node n) {
        String ns = n.getNamespaceURI();
        return ns == null ? "" : ns;
    }

    /** Clark notation key {ns}local. */
    static String key(Node n) {
        return "{" + nsOf(n) + "}" + n.getLocalName();
    }

    static List<Element> children(Node parent) {
        List<Element> out = new ArrayList<>();
        if (parent == null) return out;
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) if (nl.item(i) instanceof Element e) out.add(e);
        return out;
    }

    static Element child(Node parent, String ns, String local) {
        for (Element e : children(parent)) if (is(e, ns, local)) return e;
        return null;
    }

    /** Writes an empty element for the Clark key {ns}local with its own namespace declaration. */
    static String emptyElement(String key) {
        int close = key.indexOf('}');
        String ns = key.substring(1, close);
        String local = key.substring(close + 1);
        return "<" + local + " xmlns=\"" + escape(ns) + "\"/>";
    }

    /** The element as text, every element carrying its own default-namespace declaration. */
    static String serialize(Element e) {
        StringBuilder sb = new StringBuilder();
        write(e, sb);
        return sb.toString();
    }

    private static void write(Element e, StringBuilder sb) {
        String local = e.getLocalName();
        sb.append('<').append(local).append(" xmlns=\"").append(escape(nsOf(e))).append('"');
        NamedNodeMap attrs = e.getAttributes();
        int p = 0;
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            String ans = a.getNamespaceURI();
            if ("http://www.w3.org/2000/xmlns/".equals(ans)) continue;
            if (ans == null || ans.isEmpty()) {
                sb.append(' ').append(a.getLocalName()).append("=\"").append(escape(a.getValue())).append('"');
            } else if ("http://www.w3.org/XML/1998/namespace".equals(ans)) {
                sb.append(" xml:").append(a.getLocalName()).append("=\"").append(escape(a.getValue())).append('"');
            } else {
                String pre = "a" + (p++);
                sb.append(" xmlns:").append(pre).append("=\"").append(escape(ans)).append("\" ").append(pre).append(':')
                        .append(a.getLocalName()).append("=\"").append(escape(a.getValue())).append('"');
            }
        }
        NodeList nl = e.getChildNodes();
        if (nl.getLength() == 0) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        for (int i = 0; i < nl.getLength(); i++) {
            Node n = nl.item(i);
            if (n instanceof Element c) write(c, sb);
            else if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) sb.append(escape(n.getNodeValue()));
        }
        sb.append("</").append(local).append('>');
    }

    static String escape(String s) {
        if (s == null) return "";
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\r' -> "&#13;";
                default -> null;
            };
            if (rep != null) {
                if (sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                sb.append(rep);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    static String text(Element e) {
        return e == null ? null : e.getTextContent().trim();
    }
}

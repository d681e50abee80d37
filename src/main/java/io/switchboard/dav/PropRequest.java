package io.switchboard.dav;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;

/** What a PROPFIND (or the prop part of a REPORT) asks for (RFC 4918 §9.1): all, names, or a list. */
record PropRequest(Kind kind, List<String> names, List<Element> elements) {
    enum Kind { ALL, NAMES, PROPS }

    static final PropRequest ALL = new PropRequest(Kind.ALL, List.of(), List.of());

    static PropRequest parse(byte[] body) {
        if (body.length == 0) return ALL;
        Document d = DavXml.parse(body);
        Element root = d.getDocumentElement();
        if (!DavXml.is(root, DavXml.DAV, "propfind")) throw new DavException(400, "expected D:propfind");
        if (DavXml.child(root, DavXml.DAV, "propname") != null) return new PropRequest(Kind.NAMES, List.of(), List.of());
        Element prop = DavXml.child(root, DavXml.DAV, "prop");
        if (prop == null) return ALL;
        return of(prop);
    }

    /** The names listed in a D:prop element. */
    static PropRequest of(Element prop) {
        List<String> names = new ArrayList<>();
        List<Element> els = DavXml.children(prop);
        for (Element e : els) names.add(DavXml.key(e));
        return new PropRequest(Kind.PROPS, names, els);
    }

    Element element(String key) {
        for (Element e : elements) if (DavXml.key(e).equals(key)) return e;
        return null;
    }
}

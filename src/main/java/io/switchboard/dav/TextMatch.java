package io.switchboard.dav;

import org.w3c.dom.Element;

import java.util.Locale;

/**
 * One {@code text-match} of a calendar-query (RFC 4791 §9.7.5) or addressbook-query (RFC 6352
 * §10.5.4): the text, its collation, negate-condition and, for CardDAV, match-type (CalDAV
 * text-match is always a substring match).
 */
record TextMatch(String folded, Collation collation, boolean negate, MatchType type) {
    enum MatchType { EQUALS, CONTAINS, STARTS_WITH, ENDS_WITH }

    /** Parses the element; an unknown collation is the supported-collation precondition (403). */
    static TextMatch parse(Element tm, boolean carddav) {
        String ns = carddav ? "CR" : "C";
        Collation col = Collation.named(tm.getAttribute("collation"), carddav ? Collation.UNICODE_CASEMAP : Collation.ASCII_CASEMAP);
        if (col == null) {
            throw new DavException(403, "unsupported collation " + tm.getAttribute("collation"), "<" + ns + ":supported-collation/>");
        }
        String neg = tm.getAttribute("negate-condition");
        MatchType type = MatchType.CONTAINS;
        String mt = tm.getAttribute("match-type");
        if (carddav && !mt.isEmpty()) {
            type = switch (mt.toLowerCase(Locale.ROOT)) {
                case "equals" -> MatchType.EQUALS;
                case "contains" -> MatchType.CONTAINS;
                case "starts-with" -> MatchType.STARTS_WITH;
                case "ends-with" -> MatchType.ENDS_WITH;
                default -> throw new DavException(400, "unknown match-type " + mt);
            };
        }
        return new TextMatch(col.fold(tm.getTextContent()), col, "yes".equalsIgnoreCase(neg), type);
    }

    /** True when the value matches (after negate-condition). */
    boolean matches(String value) {
        String v = collation.fold(value == null ? "" : value);
        boolean m = switch (type) {
            case EQUALS -> v.equals(folded);
            case CONTAINS -> v.contains(folded);
            case STARTS_WITH -> v.startsWith(folded);
            case ENDS_WITH -> v.endsWith(folded);
        };
        return m != negate;
    }
}

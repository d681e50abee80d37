package io.switchboard.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The DSN extension's envelope parameters (RFC 3461 §4): RET and ENVID on MAIL, NOTIFY and ORCPT
 * on RCPT, with their xtext encoding. Values are kept as received (xtext), so they can be passed
 * on unchanged to a next hop that also speaks DSN (§5.2.1); they are decoded for reports only.
 */
final class DsnParameters {
    /** The events a sender may ask to hear about (§4.1). */
    enum Event { SUCCESS, FAILURE, DELAY }

    /** §4.4: ENVID at most 100 characters; §4.2: ORCPT at most 500. */
    static final int MAX_ENVID = 100;
    static final int MAX_ORCPT = 500;

    private DsnParameters() {
    }

    /**
     * A NOTIFY value in canonical form ("NEVER" or a comma list in SUCCESS, FAILURE, DELAY order),
     * or null when it is malformed (§4.1: NEVER stands alone; unknown keywords are errors).
     */
    static String notify(String value) {
        if (value == null || value.isEmpty()) return null;
        String[] parts = value.toUpperCase(Locale.ROOT).split(",", -1);
        if (parts.length == 1 && parts[0].equals("NEVER")) return "NEVER";
        boolean[] seen = new boolean[Event.values().length];
        for (String p : parts) {
            try {
                seen[Event.valueOf(p).ordinal()] = true;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        StringBuilder b = new StringBuilder();
        for (Event e : Event.values()) if (seen[e.ordinal()]) b.append(b.length() > 0 ? "," : "").append(e.name());
        return b.toString();
    }

    /**
     * Whether a report of this kind is wanted. Without NOTIFY the default is FAILURE only (§4.1
     * leaves FAILURE or FAILURE,DELAY to the MTA: we send no unasked-for delay notices).
     */
    static boolean wants(String notify, Event event) {
        if (notify == null || notify.isEmpty()) return event == Event.FAILURE;
        if (notify.equals("NEVER")) return false;
        for (String p : notify.split(",")) if (p.equals(event.name())) return true;
        return false;
    }

    /** RET's value in upper case, or null when it is neither FULL nor HDRS (§4.3). */
    static String ret(String value) {
        String v = value == null ? "" : value.toUpperCase(Locale.ROOT);
        return v.equals("FULL") || v.equals("HDRS") ? v : null;
    }

    /** ORCPT is "addr-type ; xtext" (§4.2); true when it has that shape and fits. */
    static boolean validOrcpt(String value) {
        int semi = value.indexOf(';');
        return semi > 0 && value.length() <= MAX_ORCPT && value.substring(0, semi).matches("[A-Za-z0-9][A-Za-z0-9-]*")
                && validXtext(value.substring(semi + 1));
    }

    /** §4: xtext is printable ASCII except "+" and "=", with "+" HEXCHAR HEXCHAR for anything else. */
    static boolean validXtext(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                if (i + 2 >= s.length() || !hex(s.charAt(i + 1)) || !hex(s.charAt(i + 2))) return false;
                i += 2;
            } else if (c < '!' || c > '~' || c == '=') {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'F';
    }

    /** Decodes xtext (already validated) for a report. */
    static String decodeXtext(String s) {
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+' && i + 2 < s.length()) {
                out[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** Encodes an address as xtext, for an ORCPT we add ourselves when relaying (§5.2.1 e). */
    static String encodeXtext(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= '!' && c <= '~' && c != '+' && c != '=') b.append((char) c);
            else b.append('+').append(String.format("%02X", c));
        }
        return b.toString();
    }

    /** "rfc822;a+2Bb@x" as "rfc822; a+b@x" for the Original-Recipient field (RFC 3464 §2.3.1). */
    static String originalRecipientField(String orcpt) {
        int semi = orcpt.indexOf(';');
        return orcpt.substring(0, semi) + "; " + decodeXtext(orcpt.substring(semi + 1));
    }
}

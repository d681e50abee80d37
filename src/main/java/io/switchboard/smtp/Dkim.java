package io.switchboard.smtp;

import io.switchboard.mail.ParsedMessage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DKIM (RFC 6376): signing with rsa-sha256 and relaxed/relaxed canonicalization, and verifying
 * the first valid signature of incoming mail against the key published in DNS.
 */
public final class Dkim {
    private Dkim() {
    }

    /** Headers we sign when present (RFC 6376 §5.4.1 recommends From and these). */
    private static final List<String> SIGNED = List.of("from", "to", "cc", "subject", "date", "message-id", "reply-to",
            "mime-version", "content-type", "content-transfer-encoding", "in-reply-to", "references");

    public enum Outcome { PASS, FAIL, NONE, TEMPERROR, PERMERROR;

        public String lower() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Verification(Outcome outcome, String domain, String reason) {
    }

    /** The message with a DKIM-Signature field prepended. */
    public static byte[] sign(byte[] message, String domain, String selector, PrivateKey key) throws Exception {
        ParsedMessage m = ParsedMessage.parse(message);
        String bh = Base64.getEncoder().encodeToString(sha256(relaxedBody(message, m.bodyOffset())));
        List<String> names = new ArrayList<>();
        StringBuilder canon = new StringBuilder();
        Map<String, Integer> used = new HashMap<>();
        for (String h : SIGNED) {
            List<ParsedMessage.Header> all = m.all(h);
            for (int i = all.size() - 1; i >= 0; i--) { // bottom-up, as a verifier will pick them (§5.4.2)
                canon.append(relaxedHeader(all.get(i).raw())).append("\r\n");
                names.add(h);
            }
            used.put(h, all.size());
        }
        String sigValue = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=" + selector
                + "; t=" + (System.currentTimeMillis() / 1000) + "; h=" + String.join(":", names) + "; bh=" + bh + "; b=";
        String field = "DKIM-Signature: " + sigValue;
        canon.append(relaxedHeader(field));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(canon.toString().getBytes(StandardCharsets.UTF_8));
        String b = Base64.getEncoder().encodeToString(s.sign());
        StringBuilder folded = new StringBuilder(field);
        for (int i = 0; i < b.length(); i += 72) folded.append("\r\n\t").append(b, i, Math.min(b.length(), i + 72));
        byte[] header = (folded + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[header.length + message.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(message, 0, out, header.length, message.length);
        return out;
    }

    /** Verifies the first DKIM-Signature (§6.1); NONE when the message has none. */
    public static Verification verify(ParsedMessage m, DnsResolver dns) {
        List<ParsedMessage.Header> sigs = m.all("DKIM-Signature");
        if (sigs.isEmpty()) return new Verification(Outcome.NONE, null, "no signature");
        ParsedMessage.Header sig = sigs.get(0);
        Map<String, String> tags = tags(sig.value());
        String d = tags.get("d");
        try {
            if (!"1".equals(tags.get("v")) || d == null || tags.get("s") == null || tags.get("b") == null
                    || tags.get("bh") == null || tags.get("h") == null) {
                return new Verification(Outcome.PERMERROR, d, "missing tags");
            }
            if (!"rsa-sha256".equals(tags.get("a"))) return new Verification(Outcome.PERMERROR, d, "unsupported algorithm");
            String c = tags.getOrDefault("c", "simple/simple");
            boolean relaxedH = c.startsWith("relaxed");
            boolean relaxedB = c.endsWith("/relaxed");
            byte[] body = relaxedB ? relaxedBody(m.raw(), m.bodyOffset()) : simpleBody(m.raw(), m.bodyOffset());
            if (tags.containsKey("l")) {
                int l = Integer.parseInt(tags.get("l"));
                if (l < body.length) body = java.util.Arrays.copyOf(body, l);
            }
            String bh = Base64.getEncoder().encodeToString(sha256(body));
            if (!bh.equals(tags.get("bh").replaceAll("\\s", ""))) return new Verification(Outcome.FAIL, d, "body hash mismatch");
            StringBuilder canon = new StringBuilder();
            Map<String, Integer> taken = new HashMap<>();
            for (String name : tags.get("h").split(":")) {
                String n = name.trim().toLowerCase(Locale.ROOT);
                List<ParsedMessage.Header> all = m.all(n);
                int k = taken.getOrDefault(n, 0);
                if (k < all.size()) {
                    String raw = all.get(all.size() - 1 - k).raw();
                    canon.append(relaxedH ? relaxedHeader(raw) : raw).append("\r\n");
                }
                taken.put(n, k + 1);
            }
            String withoutB = sig.raw().replaceAll("(?s)(\\bb=)[^;]*", "$1");
            canon.append(relaxedH ? relaxedHeader(withoutB) : withoutB);
            List<String> txts = dns.txt(tags.get("s") + "._domainkey." + d);
            if (txts.isEmpty()) return new Verification(Outcome.PERMERROR, d, "no key");
            Map<String, String> key = tags(txts.get(0));
            String p = key.get("p");
            if (p == null || p.isEmpty()) return new Verification(Outcome.PERMERROR, d, "key revoked");
            PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(p.replaceAll("\\s", ""))));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(pub);
            s.update(canon.toString().getBytes(StandardCharsets.UTF_8));
            boolean ok = s.verify(Base64.getDecoder().decode(tags.get("b").replaceAll("\\s", "")));
            return new Verification(ok ? Outcome.PASS : Outcome.FAIL, d, ok ? "good signature" : "signature mismatch");
        } catch (DnsResolver.DnsException e) {
            return new Verification(Outcome.TEMPERROR, d, "key lookup failed");
        } catch (Exception e) {
            return new Verification(Outcome.PERMERROR, d, e.getClass().getSimpleName());
        }
    }

    /** Tag=value list (§3.2), whitespace removed around names and values. */
    static Map<String, String> tags(String list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : list.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) continue;
            out.put(part.substring(0, eq).trim(), part.substring(eq + 1).replaceAll("[\\r\\n]", "").trim());
        }
        return out;
    }

    /** §3.4.2: lower-case name, unfold, runs of WSP to one SP, no WSP around the colon or at the end. */
    static String relaxedHeader(String raw) {
        int colon = raw.indexOf(':');
        String name = raw.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = raw.substring(colon + 1).replace("\r\n", "").replace("\n", "").replaceAll("[ \\t]+", " ").trim();
        return name + ":" + value;
    }

    /** §3.4.4: WSP runs to one SP, no WSP at line ends, no empty lines at the end. */
    static byte[] relaxedBody(byte[] raw, int offset) {
        String body = new String(raw, offset, raw.length - offset, StandardCharsets.ISO_8859_1);
        String[] lines = body.split("\r\n", -1);
        int last = lines.length - 1;
        StringBuilder b = new StringBuilder();
        List<String> out = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            if (i == last && lines[i].isEmpty()) break;
            out.add(lines[i].replaceAll("[ \\t]+", " ").replaceAll(" +$", ""));
        }
        int end = out.size();
        while (end > 0 && out.get(end - 1).isEmpty()) end--;
        for (int i = 0; i < end; i++) b.append(out.get(i)).append("\r\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** §3.4.3: the body as is, without trailing empty lines; an empty body is one CRLF. */
    static byte[] simpleBody(byte[] raw, int offset) {
        String body = new String(raw, offset, raw.length - offset, StandardCharsets.ISO_8859_1);
        while (body.endsWith("\r\n\r\n")) body = body.substring(0, body.length() - 2);
        if (!body.endsWith("\r\n")) body = body + "\r\n";
        if (body.equals("\r\n")) return "\r\n".getBytes(StandardCharsets.ISO_8859_1);
        return body.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(a.length + b.length);
        o.writeBytes(a);
        o.writeBytes(b);
        return o.toByteArray();
    }

    /** The DNS TXT record value publishing a public key (§3.6.1). */
    public static String txtRecord(PublicKey key) {
        return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** Whether this key pair's private half is usable: helper for key loading. */
    static PrivateKey privateKey(byte[] pkcs8) throws Exception {
        return KeyFactory.getInstance("RSA").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
    }
}

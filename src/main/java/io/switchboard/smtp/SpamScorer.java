package io.switchboard.smtp;

import io.switchboard.mail.ParsedMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * The spam score of incoming unauthenticated mail: a sum of fixed points per rule that fires.
 * At {@code smtp.spam.junk} (5.0) the mail is filed into Junk; at {@code smtp.spam.reject} (10.0)
 * it is refused at DATA with 550. The rules (points):
 * <ul>
 *   <li>SPF fail 5.0, softfail 2.0, permerror 1.0, none 0.5</li>
 *   <li>DKIM signature present but failing 3.0; permerror 1.0</li>
 *   <li>no From header 3.0; no Date 1.5; no Message-ID 1.5; no To/Cc 1.0</li>
 *   <li>HTML only (no text/plain alternative) 1.5</li>
 *   <li>subject in capitals (at least 8 letters, none lower case) 1.5; empty or missing subject 0.5</li>
 *   <li>Reply-To in another domain than From 1.0</li>
 *   <li>the GTUBE test string (the standard anti-spam test) 1000</li>
 * </ul>
 */
public final class SpamScorer {
    public record Score(double points, List<String> rules) {
        public String header() {
            return oneDecimal(points) + (rules.isEmpty() ? "" : " (" + String.join(", ", rules) + ")");
        }
    }

    /** "6.5" for 6.5 (what String.format("%.1f") gives, without a Formatter per message). */
    static String oneDecimal(double v) {
        long tenths = Math.round(v * 10);
        return (tenths < 0 ? "-" : "") + Math.abs(tenths) / 10 + "." + Math.abs(tenths) % 10;
    }

    static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    private SpamScorer() {
    }

    public static Score score(ParsedMessage m, SpfEvaluator.Result spf, Dkim.Outcome dkim, boolean htmlOnly) {
        List<String> rules = new ArrayList<>();
        double p = 0;
        switch (spf) {
            case FAIL -> p += add(rules, "SPF_FAIL", 5.0);
            case SOFTFAIL -> p += add(rules, "SPF_SOFTFAIL", 2.0);
            case PERMERROR -> p += add(rules, "SPF_PERMERROR", 1.0);
            case NONE -> p += add(rules, "SPF_NONE", 0.5);
            default -> {
            }
        }
        if (dkim == Dkim.Outcome.FAIL) p += add(rules, "DKIM_FAIL", 3.0);
        if (dkim == Dkim.Outcome.PERMERROR) p += add(rules, "DKIM_PERMERROR", 1.0);
        if (!m.has("From")) p += add(rules, "MISSING_FROM", 3.0);
        if (!m.has("Date")) p += add(rules, "MISSING_DATE", 1.5);
        if (!m.has("Message-ID")) p += add(rules, "MISSING_MESSAGE_ID", 1.5);
        if (!m.has("To") && !m.has("Cc")) p += add(rules, "MISSING_TO", 1.0);
        if (htmlOnly) p += add(rules, "HTML_ONLY", 1.5);
        String subject = m.header("Subject");
        if (subject == null || subject.isBlank()) {
            p += add(rules, "EMPTY_SUBJECT", 0.5);
        } else {
            long letters = subject.chars().filter(Character::isLetter).count();
            if (letters >= 8 && subject.chars().noneMatch(Character::isLowerCase)) p += add(rules, "SUBJECT_ALL_CAPS", 1.5);
        }
        String from = ParsedMessage.domain(ParsedMessage.address(m.header("From")));
        String replyTo = m.header("Reply-To");
        if (replyTo != null && !from.isEmpty() && !ParsedMessage.domain(ParsedMessage.address(replyTo)).equals(from)) {
            p += add(rules, "REPLY_TO_OTHER_DOMAIN", 1.0);
        }
        if (contains(m.raw(), GTUBE_BYTES)) p += add(rules, "GTUBE", 1000);
        return new Score(p, rules);
    }

    private static final byte[] GTUBE_BYTES = GTUBE.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (hay[i] != needle[0]) continue;
            for (int j = 1; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    private static double add(List<String> rules, String name, double points) {
        rules.add(name + "=" + points);
        return points;
    }
}

package io.switchboard.smtp;

import io.switchboard.mail.ParsedMessage;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SPF evaluation (RFC 7208) against a stub resolver, and DKIM sign/verify round trips. */
class SpfAndDkimTest {
    private final StubDns stub = new StubDns();
    private final Map<String, List<String>> txt = stub.txt;
    private final Map<String, List<InetAddress>> a = stub.a;
    private final Map<String, List<String>> mx = stub.mx;

    private SpfEvaluator.Result spf(String ip, String domain) throws Exception {
        return new SpfEvaluator(stub).check(InetAddress.getByName(ip), domain);
    }

    @Test
    void spfMechanismsQualifiersIncludeAndRedirect() throws Exception {
        txt.put("a.test", List.of("v=spf1 ip4:192.0.2.0/24 ~all"));
        assertEquals(SpfEvaluator.Result.PASS, spf("192.0.2.7", "a.test"));
        assertEquals(SpfEvaluator.Result.SOFTFAIL, spf("198.51.100.1", "a.test"));
        txt.put("b.test", List.of("some other record", "v=spf1 include:a.test -all"));
        assertEquals(SpfEvaluator.Result.PASS, spf("192.0.2.9", "b.test"));
        assertEquals(SpfEvaluator.Result.FAIL, spf("203.0.113.5", "b.test"));
        txt.put("c.test", List.of("v=spf1 mx a:web.c.test ?all"));
        mx.put("c.test", List.of("mx1.c.test"));
        a.put("mx1.c.test", List.of(InetAddress.getByName("203.0.113.10")));
        a.put("web.c.test", List.of(InetAddress.getByName("2001:db8::1")));
        assertEquals(SpfEvaluator.Result.PASS, spf("203.0.113.10", "c.test"));
        assertEquals(SpfEvaluator.Result.PASS, spf("2001:db8::1", "c.test"));
        assertEquals(SpfEvaluator.Result.NEUTRAL, spf("203.0.113.11", "c.test"));
        txt.put("d.test", List.of("v=spf1 redirect=a.test"));
        assertEquals(SpfEvaluator.Result.PASS, spf("192.0.2.1", "d.test"));
        assertEquals(SpfEvaluator.Result.NONE, spf("192.0.2.1", "nothing.test"));
    }

    @Test
    void spfErrorsAreReportedAsSuch() throws Exception {
        txt.put("two.test", List.of("v=spf1 -all", "v=spf1 +all"));
        assertEquals(SpfEvaluator.Result.PERMERROR, spf("192.0.2.1", "two.test"));
        txt.put("macro.test", List.of("v=spf1 exists:%{z}.bl.test -all")); // no such macro letter
        assertEquals(SpfEvaluator.Result.PERMERROR, spf("192.0.2.1", "macro.test"));
        for (int i = 0; i < 12; i++) txt.put("loop" + i + ".test", List.of("v=spf1 include:loop" + (i + 1) + ".test -all"));
        txt.put("loop12.test", List.of("v=spf1 +all"));
        assertEquals(SpfEvaluator.Result.PERMERROR, spf("192.0.2.1", "loop0.test")); // more than 10 lookups (§4.6.4)
        stub.failing = true;
        assertEquals(SpfEvaluator.Result.TEMPERROR, spf("192.0.2.1", "a.test"));
    }

    @Test
    void dkimSignatureVerifiesAndFailsWhenBodyOrSignedHeaderChanges() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        KeyPair kp = g.generateKeyPair();
        txt.put("d1._domainkey.example.test", List.of(Dkim.txtRecord(kp.getPublic())));
        String msg = "From: Ann <ann@example.test>\r\nTo: bob@else.test\r\nSubject:  Hello   there \r\nDate: Mon, 2 Feb 2026 10:00:00 +0000\r\n\r\n"
                + "Body line  with   spaces \r\n\r\n\r\n";
        byte[] signed = Dkim.sign(msg.getBytes(StandardCharsets.UTF_8), "example.test", "d1", kp.getPrivate());
        assertEquals(Dkim.Outcome.PASS, Dkim.verify(ParsedMessage.parse(signed), stub).outcome());
        // relaxed canonicalization tolerates whitespace changes
        String s = new String(signed, StandardCharsets.UTF_8);
        assertEquals(Dkim.Outcome.PASS, Dkim.verify(ParsedMessage.parse(bytes(s.replace("Body line  with", "Body line with"))), stub).outcome());
        assertEquals(Dkim.Outcome.FAIL, Dkim.verify(ParsedMessage.parse(bytes(s.replace("Body line", "Other line"))), stub).outcome());
        assertEquals(Dkim.Outcome.FAIL, Dkim.verify(ParsedMessage.parse(bytes(s.replace("Hello", "Goodbye"))), stub).outcome());
        assertEquals(Dkim.Outcome.NONE, Dkim.verify(ParsedMessage.parse(bytes(msg)), stub).outcome());
        txt.clear();
        assertEquals(Dkim.Outcome.PERMERROR, Dkim.verify(ParsedMessage.parse(signed), stub).outcome());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

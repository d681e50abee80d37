package io.switchboard.smtp;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** SPF macros (RFC 7208 §7): the examples of §7.4, the escapes, and macros inside records. */
class SpfMacroTest {
    private static SpfMacro.Context rfcContext(String ip) throws Exception {
        // §7.4: sender strong-bad@email.example.com, IPv4 192.0.2.3, IPv6 2001:db8::cb01
        return new SpfMacro.Context("strong-bad@email.example.com", "email.example.com", InetAddress.getByName(ip),
                "mx.example.org", "receiver.example.net", 1_700_000_000L);
    }

    private static String x(String spec) throws Exception {
        return SpfMacro.expand(spec, rfcContext("192.0.2.3"), false);
    }

    @Test
    void theExamplesOfSection7_4() throws Exception {
        assertEquals("strong-bad@email.example.com", x("%{s}"));
        assertEquals("email.example.com", x("%{o}"));
        assertEquals("email.example.com", x("%{d}"));
        assertEquals("email.example.com", x("%{d4}"));
        assertEquals("email.example.com", x("%{d3}"));
        assertEquals("example.com", x("%{d2}"));
        assertEquals("com", x("%{d1}"));
        assertEquals("com.example.email", x("%{dr}"));
        assertEquals("example.email", x("%{d2r}"));
        assertEquals("strong-bad", x("%{l}"));
        assertEquals("strong.bad", x("%{l-}"));
        assertEquals("strong-bad", x("%{lr}"));
        assertEquals("bad.strong", x("%{lr-}"));
        assertEquals("strong", x("%{l1r-}"));
        assertEquals("3.2.0.192.in-addr._spf.example.com", x("%{ir}.%{v}._spf.%{d2}"));
        assertEquals("bad.strong.lp._spf.example.com", x("%{lr-}.lp._spf.%{d2}"));
        assertEquals("bad.strong.lp.3.2.0.192.in-addr._spf.example.com", x("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}"));
        assertEquals("3.2.0.192.in-addr.strong.lp._spf.example.com", x("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}"));
        assertEquals("example.com.trusted-domains.example.net", x("%{d2}.trusted-domains.example.net"));
        assertEquals("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com",
                SpfMacro.expand("%{ir}.%{v}._spf.%{d2}", rfcContext("2001:db8::cb01"), false));
    }

    @Test
    void escapesHeloUnknownPtrAndUrlEncoding() throws Exception {
        assertEquals("a%b c%20d", x("a%%b%_c%-d"));
        assertEquals("mx.example.org", x("%{h}"));
        assertEquals("unknown", x("%{p}"));
        assertEquals("strong-bad%40email.example.com", x("%{S}"));
        assertEquals("bad.strong", x("%{l2r-.}"));
        assertEquals("192.0.2.3 receiver.example.net 1700000000",
                SpfMacro.expand("%{c} %{r} %{t}", rfcContext("192.0.2.3"), true));
    }

    @Test
    void malformedMacrosAreSyntaxErrors() {
        for (String bad : List.of("%{x}", "%{d0}", "%{d", "%", "%a", "%{}", "%{d2q}", "%{c}", "%{r}", "%{t}", "a b")) {
            assertThrows(SpfMacro.SyntaxError.class, () -> x(bad), bad);
        }
    }

    @Test
    void longExpansionsLoseLabelsOnTheLeft() {
        String name = "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + ".example.com";
        String cut = SpfMacro.truncate(name);
        assertEquals("b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + ".example.com", cut);
    }

    // ------------------------------------------------------------------ macros inside records

    private final StubDns stub = new StubDns();
    private final Map<String, List<String>> txt = stub.txt;
    private final Map<String, List<InetAddress>> a = stub.a;
    private final Map<String, List<String>> mx = stub.mx;

    private SpfEvaluator.Evaluation spf(String ip, String from) throws Exception {
        return new SpfEvaluator(stub, "receiver.example.net").evaluate(InetAddress.getByName(ip), from, "helo.example.org");
    }

    @Test
    void macrosInExistsIncludeRedirectAMxAndExp() throws Exception {
        // per-user and per-address lists through exists (§7.4's style)
        txt.put("email.example.com", List.of("v=spf1 exists:%{ir}.%{l1r-}.lp._spf.%{d2} include:%{d2} -all exp=explain._spf.%{d}"));
        a.put("3.2.0.192.strong.lp._spf.example.com", List.of(InetAddress.getByName("127.0.0.2")));
        assertEquals(SpfEvaluator.Result.PASS, spf("192.0.2.3", "strong-bad@email.example.com").result());
        // include:%{d2} -> example.com, which allows 198.51.100.0/24 via a:%{d2}/24 and mx:%{o}
        txt.put("example.com", List.of("v=spf1 a:mail.%{d2}/24 mx:%{o} -all"));
        a.put("mail.example.com", List.of(InetAddress.getByName("198.51.100.20")));
        assertEquals(SpfEvaluator.Result.PASS, spf("198.51.100.99", "someone@email.example.com").result());
        mx.put("email.example.com", List.of("mx.email.example.com"));
        a.put("mx.email.example.com", List.of(InetAddress.getByName("203.0.113.77")));
        assertEquals(SpfEvaluator.Result.PASS, spf("203.0.113.77", "someone@email.example.com").result());
        // a failure carries the exp= explanation, expanded with the explanation-only letters
        txt.put("explain._spf.email.example.com", List.of("%{i} is not one of %{d}'s designated mail servers (asked by %{r})"));
        SpfEvaluator.Evaluation fail = spf("203.0.113.9", "someone@email.example.com");
        assertEquals(SpfEvaluator.Result.FAIL, fail.result());
        assertEquals("203.0.113.9 is not one of email.example.com's designated mail servers (asked by receiver.example.net)", fail.explanation());
        // redirect with a macro: the redirect target's own policy decides
        txt.put("r.example.net", List.of("v=spf1 redirect=_spf.%{d}"));
        txt.put("_spf.r.example.net", List.of("v=spf1 ip4:192.0.2.0/24 -all"));
        assertEquals(SpfEvaluator.Result.PASS, spf("192.0.2.200", "x@r.example.net").result());
        assertEquals(SpfEvaluator.Result.FAIL, spf("192.0.3.1", "x@r.example.net").result());
        assertNull(spf("192.0.3.1", "x@r.example.net").explanation());
        // a null sender is checked as postmaster@HELO
        txt.put("helo.example.org", List.of("v=spf1 exists:%{l}.%{h} -all"));
        a.put("postmaster.helo.example.org", List.of(InetAddress.getByName("127.0.0.2")));
        assertEquals(SpfEvaluator.Result.PASS, spf("192.0.2.3", "").result());
    }

    @Test
    void malformedMacrosInARecordArePermerrors() throws Exception {
        txt.put("bad.example", List.of("v=spf1 include:%{q}.example -all"));
        assertEquals(SpfEvaluator.Result.PERMERROR, spf("192.0.2.3", "x@bad.example").result());
        txt.put("exp-only.example", List.of("v=spf1 exists:%{c}.example -all"));
        assertEquals(SpfEvaluator.Result.PERMERROR, spf("192.0.2.3", "x@exp-only.example").result());
    }
}

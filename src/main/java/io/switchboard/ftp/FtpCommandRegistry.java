package io.switchboard.ftp;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Verb name to handler (one class per verb); the login state each needs is answered in one place, the control handler. */
final class FtpCommandRegistry {
    record Entry(String verb, FtpVerb handler) {
        FtpVerb.Need need() {
            return handler.need();
        }
    }

    private final Map<String, Entry> verbs = new TreeMap<>();

    FtpCommandRegistry add(String verb, FtpVerb handler) {
        verbs.put(verb, new Entry(verb, handler));
        return this;
    }

    Entry find(String verb) {
        return verbs.get(verb);
    }

    Map<String, Entry> all() {
        return Collections.unmodifiableMap(verbs);
    }

    /** Every verb of this server (RFC 959, 775, 2228/4217, 2389, 2428, 3659, 2640). */
    static FtpCommandRegistry standard() {
        FtpCommandRegistry r = new FtpCommandRegistry();
        // login, RFC 959 section 4.1.1
        r.add("USER", new UserVerb()).add("PASS", new PassVerb()).add("ACCT", new AcctVerb()).add("QUIT", new QuitVerb());
        // explicit FTPS, RFC 4217
        r.add("AUTH", new AuthVerb()).add("PBSZ", new PbszVerb()).add("PROT", new ProtVerb());
        // verbs that only talk
        r.add("SYST", new SystVerb()).add("NOOP", new NoopVerb()).add("FEAT", new FeatVerb()).add("OPTS", new OptsVerb());
        r.add("HELP", new HelpVerb(r)).add("STAT", new StatVerb()).add("SITE", new SiteVerb());
        r.add("TYPE", new TypeVerb()).add("MODE", new ModeVerb()).add("STRU", new StruVerb()).add("ALLO", new AlloVerb());
        // folders, with the X-forms of RFC 775
        FtpVerb pwd = new PwdVerb(), cwd = new CwdVerb(), cdup = new CdupVerb(), mkd = new MkdVerb(), rmd = new RmdVerb();
        r.add("PWD", pwd).add("XPWD", pwd).add("CWD", cwd).add("XCWD", cwd).add("CDUP", cdup).add("XCUP", cdup);
        r.add("MKD", mkd).add("XMKD", mkd).add("RMD", rmd).add("XRMD", rmd);
        // data connections (RFC 959, RFC 2428) and transfers
        r.add("PASV", new PasvVerb()).add("EPSV", new EpsvVerb()).add("PORT", new PortVerb()).add("EPRT", new EprtVerb());
        r.add("REST", new RestVerb()).add("ABOR", new AborVerb());
        r.add("LIST", new ListVerb()).add("NLST", new NlstVerb()).add("MLSD", new MlsdVerb()).add("RETR", new RetrVerb());
        r.add("STOR", new StorVerb()).add("APPE", new AppeVerb()).add("STOU", new StouVerb());
        // files (RFC 959, RFC 3659)
        r.add("DELE", new DeleVerb()).add("RNFR", new RnfrVerb()).add("RNTO", new RntoVerb());
        r.add("SIZE", new SizeVerb()).add("MDTM", new MdtmVerb()).add("MLST", new MlstVerb());
        return r;
    }
}

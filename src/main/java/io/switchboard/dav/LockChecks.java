package io.switchboard.dav;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The checks before a write to a file space: the If header must hold (RFC 4918 §10.4, else 412) and
 * the locks protecting the target must have their tokens submitted by their owner (§7, else 423).
 */
final class LockChecks {
    private final Locks locks;

    LockChecks(Locks locks) {
        this.locks = locks;
    }

    Locks locks() {
        return locks;
    }

    /** 412 when an If header is present and false. */
    IfHeader checkIf(FileSpaceHandler.Ctx c) {
        String h = c.req().header("If");
        if (h == null) return null;
        IfHeader ih = IfHeader.parse(h);
        if (!ih.evaluate(resolver(c))) throw new DavException(412, Replies.PRECONDITION);
        return ih;
    }

    /** The If header must hold, and the locks protecting the target must have their tokens submitted (423 otherwise). */
    void checkWrite(FileSpaceHandler.Ctx c, DavPath target, boolean membership, boolean subtree) {
        checkIf(c);
        checkTokens(c, locks.protecting(c.space().id(), target, membership, subtree));
    }

    void checkTokens(FileSpaceHandler.Ctx c, List<Locks.Lock> protecting) {
        if (protecting.isEmpty()) return;
        String h = c.req().header("If");
        List<String> submitted = h == null ? List.of() : IfHeader.parse(h).tokens();
        boolean anyShared = false, sharedOk = false;
        for (Locks.Lock l : protecting) {
            boolean given = submitted.contains(l.token()) && l.principalId().equals(c.principalId());
            if (l.exclusive() && !given) throw new DavException(423, Replies.LOCKED, "<D:lock-token-submitted><D:href>"
                    + DavXml.escape(l.path().href(c.space().base(), false)) + "</D:href></D:lock-token-submitted>");
            if (!l.exclusive()) {
                anyShared = true;
                sharedOk |= given;
            }
        }
        if (anyShared && !sharedOk) throw new DavException(423, Replies.LOCKED, "<D:lock-token-submitted/>");
    }

    private IfHeader.Resolver resolver(FileSpaceHandler.Ctx c) {
        return new IfHeader.Resolver() {
            DavPath target(String tag) {
                if (tag == null) return c.path();
                String p = DavPath.pathOfUri(tag);
                if (p == null || !p.startsWith(c.space().base())) return null;
                return DavPath.parse(p.substring(c.space().base().length()));
            }

            @Override
            public String etag(String tag) {
                DavPath p = target(tag);
                BasicFileAttributes a = p == null ? null : c.space().files().attrs(p);
                return a == null || a.isDirectory() ? null : FileSpace.etag(a);
            }

            @Override
            public boolean lockedBy(String tag, String token) {
                DavPath p = target(tag);
                Locks.Lock l = locks.get(token);
                return p != null && l != null && l.space().equals(c.space().id()) && l.covers(p);
            }
        };
    }
}

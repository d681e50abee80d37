package io.switchboard.imap;

import java.util.List;

/**
 * What ENABLE IMAP4rev2 changes for one connection (RFC 9051 §6.3.1, Appendix E), and the search
 * result saved by SEARCH ... RETURN (SAVE) for "$" (RFC 5182, part of IMAP4rev2). Once enabled:
 * SEARCH answers as ESEARCH, mailbox names travel in UTF-8, SELECT sends no RECENT or UNSEEN
 * but a LIST of the folder, and STATUS RECENT is refused.
 */
final class Rev2Mode {
    /** Set by ENABLE IMAP4rev2; never unset for the connection's lifetime. */
    volatile boolean enabled;
    /** UIDs of the saved search result ("$"); messages expunged since simply no longer resolve. */
    private List<Long> savedUids = List.of();

    synchronized void save(List<Long> uids) {
        savedUids = List.copyOf(uids);
    }

    /** RFC 5182 §2.1: the saved result is emptied when a folder is selected or closed, and by a failed SEARCH ... SAVE. */
    synchronized void clearSaved() {
        savedUids = List.of();
    }

    synchronized List<Long> saved() {
        return savedUids;
    }
}

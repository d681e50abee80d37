package io.switchboard.dav;

import io.switchboard.http.ApiResponse;

import java.sql.SQLException;

/**
 * {user}/inbox/ and {user}/outbox/ (RFC 6638 §2.1, §2.2): OPTIONS, PROPFIND, and POST of busy-time
 * requests to the outbox. Three verbs on two fixed resources, so one small switch rather than a
 * registry of its own.
 */
final class SchedulingMailboxes {
    private final Scheduling scheduling;
    private final CollectionProps props;

    SchedulingMailboxes(Scheduling scheduling, CollectionProps props) {
        this.scheduling = scheduling;
        this.props = props;
    }

    ApiResponse handle(CollectionDav.Ctx c) throws SQLException {
        if (c.segs().size() > 2) throw new DavException(404, Replies.NOT_FOUND);
        String mailbox = c.segs().get(1);
        switch (c.req().method().name()) {
            case "OPTIONS" -> {
                return DavResponses.options(CollectionDav.DAV_HEADER,
                        mailbox.equals(Scheduling.OUTBOX) ? "OPTIONS, PROPFIND, POST" : "OPTIONS, PROPFIND");
            }
            case "PROPFIND" -> {
                Depth.ofPropfind(c.req());
                PropRequest pr = PropRequest.parse(c.req().body());
                return new Multistatus().response(scheduling.href(c.who(), mailbox), props.answer(pr, k -> {
                    String v = scheduling.mailboxProp(k, mailbox);
                    return v != null ? v : props.common(k, c.who());
                })).toResponse();
            }
            case "POST" -> {
                if (!mailbox.equals(Scheduling.OUTBOX)) throw new DavException(405, "POST goes to the scheduling outbox");
                return scheduling.post(c.req(), c.who());
            }
            default -> throw new DavException(405, c.req().method().name() + " is not supported on a scheduling " + mailbox);
        }
    }
}

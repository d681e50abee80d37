package io.switchboard.dav;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.auth.Principal;
import io.switchboard.http.ApiRequest;
import io.switchboard.http.ApiResponse;
import io.switchboard.store.Database;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scheduling basics of RFC 6638 for local users: each principal's scheduling inbox and outbox
 * ({@code schedule-inbox-URL}, {@code schedule-outbox-URL}, §2.1, §2.2), and busy-time requests
 * POSTed to the outbox: a VFREEBUSY REQUEST whose ORGANIZER is the caller, answered with a
 * {@code schedule-response} holding one VFREEBUSY REPLY per ATTENDEE that is a user of this server.
 * Invitations (implicit scheduling, iTIP delivery into inboxes) are not done: the inbox stays empty.
 */
final class Scheduling {
    static final String INBOX = "inbox";
    static final String OUTBOX = "outbox";
    /** Most attendees in one busy-time request. */
    static final int MAX_ATTENDEES = 100;

    private final CollectionStore calendars;
    private final Database db;
    private final String calBase;

    Scheduling(CollectionStore calendars, Database db, String calBase) {
        this.calendars = calendars;
        this.db = db;
        this.calBase = calBase;
    }

    static boolean isMailbox(String name) {
        return INBOX.equals(name) || OUTBOX.equals(name);
    }

    String href(Principal who, String mailbox) {
        return calBase + DavPath.encode(who.userId()) + "/" + mailbox + "/";
    }

    /** The principal properties that point at the mailboxes, or null for other keys. */
    String principalProp(String key, Principal who) {
        return switch (key) {
            case "{" + DavXml.CALDAV + "}schedule-inbox-URL" -> "<C:schedule-inbox-URL><D:href>" + DavXml.escape(href(who, INBOX))
                    + "</D:href></C:schedule-inbox-URL>";
            case "{" + DavXml.CALDAV + "}schedule-outbox-URL" -> "<C:schedule-outbox-URL><D:href>" + DavXml.escape(href(who, OUTBOX))
                    + "</D:href></C:schedule-outbox-URL>";
            case "{" + DavXml.CALDAV + "}calendar-user-type" -> "<C:calendar-user-type>INDIVIDUAL</C:calendar-user-type>";
            default -> null;
        };
    }

    /** Properties of the inbox or outbox collection itself. */
    String mailboxProp(String key, String mailbox) {
        return switch (key) {
            case "{DAV:}resourcetype" -> "<D:resourcetype><D:collection/><C:schedule-" + mailbox + "/></D:resourcetype>";
            case "{DAV:}displayname" -> "<D:displayname>" + (mailbox.equals(INBOX) ? "Scheduling inbox" : "Scheduling outbox") + "</D:displayname>";
            case "{DAV:}current-user-privilege-set" -> mailbox.equals(OUTBOX)
                    ? "<D:current-user-privilege-set><D:privilege><D:read/></D:privilege><D:privilege><C:schedule-send/></D:privilege></D:current-user-privilege-set>"
                    : "<D:current-user-privilege-set><D:privilege><D:read/></D:privilege></D:current-user-privilege-set>";
            default -> null;
        };
    }

    /** POST to the outbox: a busy-time request (RFC 6638 §3.2.1 example flow, CALDAV:schedule-response). */
    ApiResponse post(ApiRequest req, Principal who) throws SQLException {
        String type = req.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("text/calendar")) {
            throw new DavException(415, "POST to the outbox takes text/calendar", "<C:supported-calendar-data/>");
        }
        Calendar cal = ICalData.parse(req.bodyText());
        String method = cal.getProperty("METHOD").map(Property::getValue).orElse("");
        CalendarComponent fb = null;
        for (CalendarComponent c : cal.getComponents()) if (c.getName().equals("VFREEBUSY")) fb = c;
        if (!method.equalsIgnoreCase("REQUEST") || fb == null) {
            throw new DavException(403, "only VFREEBUSY REQUESTs are scheduled here", "<C:valid-calendar-object-resource/>");
        }
        String organizer = ICalData.prop(fb, "ORGANIZER");
        if (organizer == null || who.email() == null || !address(organizer).equalsIgnoreCase(who.email())) {
            throw new DavException(403, "the ORGANIZER must be the signed-in user", "<C:organizer-allowed/>");
        }
        Temporal s = ICalData.date(fb, "DTSTART"), e = ICalData.date(fb, "DTEND");
        if (s == null || e == null) throw new DavException(403, "a busy-time request needs DTSTART and DTEND", "<C:valid-calendar-data/>");
        long start = ICalData.epoch(s), end = ICalData.epoch(e);
        if (end <= start) throw new DavException(403, "DTEND must follow DTSTART", "<C:valid-calendar-data/>");
        List<Property> attendees = fb.getProperties("ATTENDEE");
        if (attendees.isEmpty()) throw new DavException(403, "a busy-time request needs an ATTENDEE", "<C:valid-calendar-data/>");
        if (attendees.size() > MAX_ATTENDEES) throw new DavException(403, "too many attendees", "<C:valid-calendar-data/>");
        String uid = ICalData.prop(fb, "UID");
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<C:schedule-response").append(DavXml.NS_DECL).append('>');
        for (Property a : attendees) {
            String recipient = a.getValue();
            sb.append("<C:response><C:recipient><D:href>").append(DavXml.escape(recipient)).append("</D:href></C:recipient>");
            String userId = recipient.regionMatches(true, 0, "mailto:", 0, 7) ? userByEmail(address(recipient)) : null;
            if (userId == null) {
                sb.append("<C:request-status>3.7;Invalid calendar user</C:request-status>");
            } else {
                List<long[]> busy = FreeBusy.busy(calendars, calendars.collections(userId), start, end);
                List<String> extra = new ArrayList<>();
                if (uid != null) extra.add("UID:" + uid);
                extra.add("ORGANIZER:" + organizer);
                extra.add("ATTENDEE:" + recipient);
                sb.append("<C:request-status>2.0;Success</C:request-status><C:calendar-data>")
                        .append(DavXml.escape(FreeBusy.calendar("REPLY", FreeBusy.component(start, end, busy, extra)))).append("</C:calendar-data>");
            }
            sb.append("</C:response>");
        }
        sb.append("</C:schedule-response>");
        return new ApiResponse(HttpResponseStatus.OK, Multistatus.XML_TYPE, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String address(String calAddress) {
        return calAddress.regionMatches(true, 0, "mailto:", 0, 7) ? calAddress.substring(7).trim() : calAddress.trim();
    }

    /** The id of the local user with this email address, or null. */
    private String userByEmail(String email) throws SQLException {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT \"reference_id\" FROM \"user_account\" WHERE LOWER(\"email\") = ?")) {
                ps.setString(1, email.toLowerCase(Locale.ROOT));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }
}

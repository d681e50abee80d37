#!/usr/bin/python3
"""RFC 6638 scheduling basics with python3-caldav: find the principal's inbox and outbox, then ask
the outbox for the busy time of a local user and of an unknown address.

usage: scheduling_client.py CALDAV_URL ORGANIZER_EMAIL PASSWORD ATTENDEE_EMAIL ATTENDEE_PASSWORD
Prints one JSON line.
"""
import json
import sys
from datetime import datetime, timezone

import caldav

url, org_email, org_pw, att_email, att_pw = sys.argv[1:6]

# the attendee's own calendar: one busy event, one transparent one
att = caldav.DAVClient(url=url, username=att_email, password=att_pw).principal()
cal = att.make_calendar(name="Work", cal_id="work")
cal.save_event("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:busy-1\r\nDTSTAMP:20260101T000000Z\r\n"
               "DTSTART:20260415T090000Z\r\nDTEND:20260415T100000Z\r\nSUMMARY:Secret meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
cal.save_event("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:free-1\r\nDTSTAMP:20260101T000000Z\r\n"
               "DTSTART:20260415T140000Z\r\nDTEND:20260415T150000Z\r\nTRANSP:TRANSPARENT\r\nSUMMARY:Optional\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")

client = caldav.DAVClient(url=url, username=org_email, password=org_pw)
p = client.principal()
out = {"inbox": str(p.schedule_inbox().url), "outbox": str(p.schedule_outbox().url)}
start = datetime(2026, 4, 15, 0, 0, tzinfo=timezone.utc)
end = datetime(2026, 4, 16, 0, 0, tzinfo=timezone.utc)
try:
    p.freebusy_request(start, end, ["mailto:" + att_email, "mailto:nobody@example.invalid"])
    out["library_call"] = "ok"
except Exception as e:  # the library's parsing of the answer is not what we test
    out["library_call"] = type(e).__name__
# the same request the library sends, to read the schedule-response ourselves
body = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nMETHOD:REQUEST\r\nBEGIN:VFREEBUSY\r\nUID:fb-1\r\n"
        "DTSTAMP:20260101T000000Z\r\nDTSTART:20260415T000000Z\r\nDTEND:20260416T000000Z\r\n"
        f"ORGANIZER:mailto:{org_email}\r\nATTENDEE:mailto:{att_email}\r\nATTENDEE:mailto:nobody@example.invalid\r\n"
        "END:VFREEBUSY\r\nEND:VCALENDAR\r\n")
r = client.post(str(p.schedule_outbox().url), body, headers={"Content-Type": "text/calendar; charset=utf-8"})
out["status"] = r.status
out["response"] = r.raw if isinstance(r.raw, str) else r.raw.decode()
forged = body.replace(f"ORGANIZER:mailto:{org_email}", "ORGANIZER:mailto:someone-else@example.com")
try:
    out["forged_status"] = client.post(str(p.schedule_outbox().url), forged, headers={"Content-Type": "text/calendar"}).status
except caldav.lib.error.AuthorizationError:
    out["forged_status"] = 403  # the library raises on 401/403
print(json.dumps(out))

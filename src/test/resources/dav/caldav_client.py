#!/usr/bin/python3
"""Drives Switchboard's CalDAV with python3-caldav (Debian) and prints one JSON object of findings.

usage: caldav_client.py URL EMAIL PASSWORD
"""
import json
import sys
from datetime import datetime

import caldav


def vcalendar(component, uid, *properties):
    """One iCalendar object holding one component: its UID, a fixed DTSTAMP, then the given property lines."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//switchboard test//EN", f"BEGIN:{component}",
             f"UID:{uid}", "DTSTAMP:20260101T000000Z", *properties, f"END:{component}", "END:VCALENDAR"]
    return "\n".join(lines) + "\n"


def uids(objects, component="VEVENT"):
    """The sorted UIDs of the first component of each object."""
    return sorted(str(o.icalendar_instance.walk(component)[0]["UID"]) for o in objects)


url, email, password = sys.argv[1:4]
out = {}
client = caldav.DAVClient(url=url, username=email, password=password)
principal = client.principal()
out["principal"] = str(principal.url)
home = principal.calendar_home_set
out["home"] = str(home.url)

cal = principal.make_calendar(name="Work", cal_id="work")
out["calendar"] = str(cal.url)
out["calendars"] = sorted(str(c.url) for c in principal.calendars())

single = vcalendar("VEVENT", "single-1@example.com", "DTSTART:20260310T100000Z", "DTEND:20260310T110000Z",
                   "SUMMARY:Single meeting")
weekly = vcalendar("VEVENT", "weekly-1@example.com", "DTSTART:20260105T090000Z", "DTEND:20260105T093000Z",
                   "RRULE:FREQ=WEEKLY;COUNT=52", "SUMMARY:Weekly standup")
january = vcalendar("VEVENT", "january-1@example.com", "DTSTART:20260120T120000Z", "DTEND:20260120T130000Z",
                    "SUMMARY:January lunch")
cal.save_event(single)
cal.save_event(weekly)
cal.save_event(january)
out["events"] = len(cal.events())

# June 2026: only the weekly event has instances there (expanded by the server's ical4j check)
june = cal.date_search(start=datetime(2026, 6, 1), end=datetime(2026, 7, 1), expand=False)
out["june"] = uids(june)
# server-side expansion (RFC 4791 §9.6.5): one VEVENT per June instance, no RRULE left
expanded = cal.date_search(start=datetime(2026, 6, 1), end=datetime(2026, 7, 1), expand=True)
vevents = [v for e in expanded for v in e.icalendar_instance.walk("VEVENT")]
out["june_expanded"] = sorted(str(v["RECURRENCE-ID"].dt.isoformat()) for v in vevents if "RECURRENCE-ID" in v)
out["june_expanded_rrules"] = sum(1 for v in vevents if "RRULE" in v)
march = cal.date_search(start=datetime(2026, 3, 10), end=datetime(2026, 3, 11), expand=False)
out["march10"] = uids(march)
# 2027: after the 52 weekly instances, nothing
out["y2027"] = len(cal.date_search(start=datetime(2027, 3, 1), end=datetime(2027, 4, 1), expand=False))

todo = vcalendar("VTODO", "todo-1@example.com", "DUE:20260401T170000Z", "SUMMARY:File taxes", "STATUS:NEEDS-ACTION")
done = vcalendar("VTODO", "todo-2@example.com", "SUMMARY:Already done", "STATUS:COMPLETED", "COMPLETED:20260102T000000Z")
cal.save_todo(todo)
cal.save_todo(done)
out["open_todos"] = uids(cal.todos(), "VTODO")
out["all_todos"] = len(cal.todos(include_completed=True))

# sync tokens (RFC 6578): everything first, then only the changes
objs = cal.objects_by_sync_token(load_objects=False)
out["sync_initial"] = len(list(objs))
token = objs.sync_token
ev = cal.event_by_uid("january-1@example.com")
ev.delete()
cal.save_event(single.replace("Single meeting", "Single meeting (moved)"))
changed = cal.objects_by_sync_token(sync_token=token, load_objects=False)
out["sync_changed"] = sorted(str(o.url).rsplit("/", 1)[-1] for o in changed)
out["sync_token_changed"] = changed.sync_token != token

# multiget
loaded = cal.calendar_multiget([e.url for e in cal.events()])
out["multiget"] = uids(loaded)
print(json.dumps(out))

#!/usr/bin/python3
"""Creates N calendars of M events for the DAV benchmark, over HTTP (MKCALENDAR + PUT, 8 threads) or,
for Radicale, MKCALENDAR over HTTP and the .ics files written straight into its storage folder.

usage: fill.py BASE_URL HOME_PATH USER PASSWORD CALENDARS EVENTS [RADICALE_STORAGE_DIR]
Events: spread over 2026 (about 83 a month); one in 25 recurs weekly for 10 weeks.
"""
import base64
import http.client
import os
import sys
import threading
import urllib.parse

base, home, user, password, ncal, nev = sys.argv[1:7]
radicale_dir = sys.argv[7] if len(sys.argv) > 7 else None
ncal, nev = int(ncal), int(nev)
u = urllib.parse.urlparse(base)
auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def event(c, i):
    day = i * 365 // nev
    month, dom = 1 + min(11, day // 31), 1 + day % 28
    hour = 8 + i % 10
    rrule = "RRULE:FREQ=WEEKLY;COUNT=10\r\n" if i % 25 == 0 else ""
    return (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nBEGIN:VEVENT\r\nUID:c{c}-e{i}@bench\r\n"
            f"DTSTAMP:20260101T000000Z\r\nDTSTART:2026{month:02d}{dom:02d}T{hour:02d}0000Z\r\n"
            f"DTEND:2026{month:02d}{dom:02d}T{hour:02d}3000Z\r\n{rrule}SUMMARY:Event {i} of calendar {c}\r\n"
            f"DESCRIPTION:benchmark data\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def req(conn, method, path, body=None, headers=None):
    h = {"Authorization": auth}
    h.update(headers or {})
    conn.request(method, path, body=body.encode() if body else None, headers=h)
    r = conn.getresponse()
    data = r.read()
    return r.status, data


conn = http.client.HTTPConnection(u.hostname, u.port)
for c in range(ncal):
    st, _ = req(conn, "MKCALENDAR", f"{home}cal{c}/")
    if st not in (201, 405):
        sys.exit(f"MKCALENDAR cal{c}: {st}")

if radicale_dir:
    # Radicale stores one .ics per item in collection-root/USER/CAL/
    for c in range(ncal):
        d = os.path.join(radicale_dir, "collection-root", user, f"cal{c}")
        for i in range(nev):
            with open(os.path.join(d, f"e{i}.ics"), "w", newline="") as f:
                f.write(event(c, i))
else:
    work = [(c, i) for c in range(ncal) for i in range(nev)]
    lock = threading.Lock()
    errors = []

    def worker():
        cn = http.client.HTTPConnection(u.hostname, u.port)
        while True:
            with lock:
                if not work:
                    return
                c, i = work.pop()
            st, data = req(cn, "PUT", f"{home}cal{c}/e{i}.ics", event(c, i), {"Content-Type": "text/calendar"})
            if st not in (201, 204):
                errors.append((st, data[:200]))

    ts = [threading.Thread(target=worker) for _ in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if errors:
        sys.exit(f"{len(errors)} PUTs failed, first: {errors[0]}")
print(f"filled {ncal} x {nev}")

// Drives Switchboard's CalDAV and CardDAV with tsdav and prints one JSON line of findings.
// usage: node tsdav-flow.mjs BASE_URL EMAIL PASSWORD
import { DAVClient } from 'tsdav';

const [base, username, password] = process.argv.slice(2);
const out = {};
const ical = (uid, start, end, extra = '') => [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//tsdav test//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260101T000000Z',
  `DTSTART:${start}`, `DTEND:${end}`, `SUMMARY:${uid}`, ...(extra ? [extra] : []), 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');

const cal = new DAVClient({ serverUrl: `${base}/caldav/`, credentials: { username, password }, authMethod: 'Basic',
  defaultAccountType: 'caldav' });
await cal.login();
out.principal = cal.account.principalUrl;
out.home = cal.account.homeUrl;
await cal.makeCalendar({ url: `${cal.account.homeUrl}team/`, props: { displayname: 'Team' } });
let calendars = await cal.fetchCalendars();
out.calendars = calendars.map((c) => c.displayName);
const team = calendars.find((c) => c.url.endsWith('/team/'));
await cal.createCalendarObject({ calendar: team, filename: 'a.ics', iCalString: ical('a', '20260402T100000Z', '20260402T110000Z') });
await cal.createCalendarObject({ calendar: team, filename: 'b.ics', iCalString: ical('b', '20260501T100000Z', '20260501T110000Z') });
await cal.createCalendarObject({ calendar: team, filename: 'r.ics',
  iCalString: ical('r', '20260101T080000Z', '20260101T083000Z', 'RRULE:FREQ=MONTHLY;COUNT=12') });
const april = await cal.fetchCalendarObjects({ calendar: team,
  timeRange: { start: '2026-04-01T00:00:00.000Z', end: '2026-04-30T00:00:00.000Z' } });
out.april = april.map((o) => o.url.split('/').pop()).sort();
const all = await cal.fetchCalendarObjects({ calendar: team });
out.all = all.length;
const before = (await cal.fetchCalendars()).find((c) => c.url.endsWith('/team/')).syncToken;
const a = all.find((o) => o.url.endsWith('/a.ics'));
const upd = await cal.updateCalendarObject({ calendarObject: { ...a, data: a.data.replace('SUMMARY:a', 'SUMMARY:a2') } });
out.update = upd.status;
const stale = await cal.updateCalendarObject({ calendarObject: { ...a, data: a.data } });
out.staleUpdate = stale.status;
const b = all.find((o) => o.url.endsWith('/b.ics'));
out.delete = (await cal.deleteCalendarObject({ calendarObject: b })).status;
const sync = await cal.syncCollection({ url: team.url, props: { 'd:getetag': {} }, syncLevel: 1, syncToken: before });
out.syncHrefs = sync.filter((r) => r.href).map((r) => `${r.href.split('/').pop()}:${r.status}`).sort();
calendars = await cal.fetchCalendars();
out.ctagChanged = calendars.find((c) => c.url.endsWith('/team/')).ctag !== team.ctag;

const card = new DAVClient({ serverUrl: `${base}/carddav/`, credentials: { username, password }, authMethod: 'Basic',
  defaultAccountType: 'carddav' });
await card.login();
out.cardHome = card.account.homeUrl;
await card.makeCollection({ url: `${card.account.homeUrl}friends/`, props: {
  'd:resourcetype': { 'd:collection': {}, 'card:addressbook': {} }, 'd:displayname': 'Friends' } });
const books = await card.fetchAddressBooks();
out.books = books.map((x) => x.displayName);
const friends = books.find((x) => x.url.endsWith('/friends/'));
await card.createVCard({ addressBook: friends, filename: 'c.vcf',
  vCardString: 'BEGIN:VCARD\r\nVERSION:4.0\r\nUID:c-1\r\nFN:Carol\r\nEMAIL:carol@example.com\r\nEND:VCARD\r\n' });
const cards = await card.fetchVCards({ addressBook: friends });
out.cards = cards.map((x) => x.data.includes('FN:Carol'));
console.log(JSON.stringify(out));

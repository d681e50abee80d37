-- wrk: PUT a new iCalendar event per request under a calendar URL.
-- usage: wrk ... -s put.lua URL -- /path/to/calendar/ "Basic xxx"
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  prefix = args[1]
  auth = args[2]
end

local template = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nBEGIN:VEVENT\r\nUID:%s\r\n" ..
  "DTSTAMP:20260101T000000Z\r\nDTSTART:20260%d%02dT%02d0000Z\r\nDTEND:20260%d%02dT%02d3000Z\r\nSUMMARY:bench %s\r\n" ..
  "END:VEVENT\r\nEND:VCALENDAR\r\n"

function request()
  counter = counter + 1
  local uid = "w" .. tid .. "-" .. counter .. "-" .. math.random(1, 1000000000)
  local m, d, h = 1 + counter % 9, 1 + counter % 28, 8 + counter % 10
  local body = string.format(template, uid, m, d, h, m, d, h, uid)
  return wrk.format("PUT", prefix .. uid .. ".ics", {["Authorization"] = auth, ["Content-Type"] = "text/calendar"}, body)
end

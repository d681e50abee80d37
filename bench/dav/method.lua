-- wrk: one fixed DAV request (PROPFIND or REPORT) with a body read from a file.
-- usage: wrk ... -s method.lua URL -- METHOD DEPTH BODYFILE "Basic xxx"
function init(args)
  local f = assert(io.open(args[3], "rb"))
  wrk.method = args[1]
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Depth"] = args[2]
  wrk.headers["Content-Type"] = "application/xml; charset=utf-8"
  wrk.headers["Authorization"] = args[4]
end

function response(status, headers, body)
  if status ~= 207 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end

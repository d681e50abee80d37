"""An SMTP sink on loopback for relay tests (Debian python3-aiosmtpd).
usage: sink.py PORT DIR MODE   MODE: ok | tempfail-once | permfail
Each accepted message is written to DIR/<n>.eml, its envelope sender to DIR/<n>.from and the
client's EHLO name to DIR/<n>.helo;
prints READY when listening."""
import os, sys, time
from aiosmtpd.controller import Controller

port, outdir, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
state = {"n": 0, "attempts": 0}

class Handler:
    async def handle_DATA(self, server, session, envelope):
        state["attempts"] += 1
        if mode == "permfail":
            return "550 5.1.1 No such mailbox at the sink"
        if mode == "tempfail-once" and state["attempts"] == 1:
            return "451 4.3.0 Try again later"
        state["n"] += 1
        # written under a temporary name and renamed, so a reader never sees half a file
        for suffix, data in (("from", (envelope.mail_from or "").encode()), ("helo", (session.host_name or "").encode()),
                             ("eml", envelope.original_content)):
            final = os.path.join(outdir, "%d.%s" % (state["n"], suffix))
            with open(final + ".tmp", "wb") as f:
                f.write(data)
            os.rename(final + ".tmp", final)
        return "250 OK stored"

c = Controller(Handler(), hostname="127.0.0.1", port=port)
c.start()
print("READY", flush=True)
try:
    while True:
        time.sleep(1)
except KeyboardInterrupt:
    pass
finally:
    c.stop()

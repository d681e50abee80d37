#!/usr/bin/python3
"""IMAP benchmark client for bench/imap/imap-bench.sh: Switchboard against Dovecot in one run.

  imapbench.py generate DIR N            write N deterministic messages (DIR/00001.eml ...) and DIR/flags.txt
  imapbench.py maildir DIR MAILDIR       copy them into a Maildir (cur/, flags in the file names)
  imapbench.py append DIR HOST PORT USER PASS [THREADS]   APPEND them over IMAP
  imapbench.py run HOST:PORT:USER:PASS:NAME ... [--sessions 1,50] [--rounds R] [--needle WORD]

The client is deliberately thin (raw sockets, no response parsing beyond finding the tagged line)
so that its own cost, the same for both servers, disturbs the ratio as little as possible.
"""
import os, random, socket, sys, threading, time, base64, quopri, imaplib

WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec "
         "romeo sierra tango uniform victor whiskey xray yankee zulu meeting budget report invoice schedule travel "
         "project release server client database network storage update review holiday coffee garden music").split()
NEEDLE = "zanzibarquux"


def text(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def wrap(s, width=72):
    out, line = [], []
    for w in s.split():
        if sum(len(x) + 1 for x in line) + len(w) > width:
            out.append(" ".join(line)); line = []
        line.append(w)
    if line:
        out.append(" ".join(line))
    return "\r\n".join(out)


def message(i, rng):
    """One message: plain 7bit, quoted-printable UTF-8, or multipart with a base64 text part and a binary attachment."""
    kind = i % 4
    hit = i % 97 == 0          # about 1% carry the needle, in every encoding
    words = rng.randint(80, 900)
    body = text(rng, words)
    if hit:
        pos = rng.randint(0, len(body))
        body = body[:pos] + " " + NEEDLE + " " + body[pos:]
    hdr = ("From: Sender %d <sender%d@example.org>\r\nTo: bench@bench.test\r\nSubject: %s %d\r\n"
           "Date: Sun, 22 Nov 2026 %02d:%02d:%02d +0000\r\nMessage-ID: <m%d@bench.test>\r\nMIME-Version: 1.0\r\n"
           % (i % 50, i % 50, text(rng, 4), i, (i // 3600) % 24, (i // 60) % 60, i % 60, i))
    if kind in (0, 1):
        return (hdr + "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + wrap(body) + "\r\n").encode()
    if kind == 2:
        utf = body.replace("coffee", "caf\u00e9").replace("garden", "G\u00e4rten")
        qp = quopri.encodestring(wrap(utf).encode("utf-8")).decode("ascii").replace("\n", "\r\n")
        return (hdr + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + qp + "\r\n").encode()
    b64 = base64.encodebytes(wrap(body).encode()).decode().replace("\n", "\r\n")
    att = base64.encodebytes(bytes(rng.getrandbits(8) for _ in range(rng.randint(500, 6000)))).decode().replace("\n", "\r\n")
    return (hdr + "Content-Type: multipart/mixed; boundary=\"BOUNDARY%d\"\r\n\r\n--BOUNDARY%d\r\n"
            "Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n"
            "--BOUNDARY%d\r\nContent-Type: application/octet-stream; name=\"a%d.bin\"\r\n"
            "Content-Disposition: attachment; filename=\"a%d.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n"
            "--BOUNDARY%d--\r\n" % (i, i, b64, i, i, i, att, i)).encode()


def generate(d, n):
    os.makedirs(d, exist_ok=True)
    rng = random.Random(20261122)
    with open(os.path.join(d, "flags.txt"), "w") as flags:
        for i in range(1, n + 1):
            with open(os.path.join(d, "%05d.eml" % i), "wb") as f:
                f.write(message(i, rng))
            fl = ("S" if i % 3 == 0 else "") + ("F" if i % 20 == 0 else "")
            flags.write(fl + "\n")


def files(d):
    names = sorted(x for x in os.listdir(d) if x.endswith(".eml"))
    flags = open(os.path.join(d, "flags.txt")).read().split("\n")
    return [(os.path.join(d, x), flags[k]) for k, x in enumerate(names)]


def to_maildir(d, md):
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(md, sub), exist_ok=True)
    t = 1795000000
    for k, (path, fl) in enumerate(files(d)):
        data = open(path, "rb").read()
        name = "%d.M%dP1.bench,S=%d:2,%s" % (t + k, k, len(data), "".join(sorted(fl)))
        with open(os.path.join(md, "cur", name), "wb") as f:
            f.write(data)
        os.utime(os.path.join(md, "cur", name), (t + k, t + k))


def append(d, host, port, user, password, threads=4):
    todo = files(d)
    lock = threading.Lock()
    errors = []
    # one connection appends in file order so UIDs follow it; the others are not needed for order
    def worker(chunk):
        try:
            m = imaplib.IMAP4(host, port)
            m.login(user, password)
            for path, fl in chunk:
                flags = "(" + " ".join({"S": "\\Seen", "F": "\\Flagged"}[c] for c in fl) + ")"
                typ, data = m.append("INBOX", flags, None, open(path, "rb").read())
                if typ != "OK":
                    raise RuntimeError("append %s: %r" % (path, data))
            m.logout()
        except Exception as e:
            with lock:
                errors.append(repr(e))
    worker(todo) if threads <= 1 else None
    if threads > 1:
        size = (len(todo) + threads - 1) // threads
        ts = [threading.Thread(target=worker, args=(todo[k:k + size],)) for k in range(0, len(todo), size)]
        for t in ts: t.start()
        for t in ts: t.join()
    if errors:
        sys.exit("append failed: %s" % errors[:3])


class Session:
    """A raw IMAP connection: send a command, read until its tagged completion, count bytes."""

    def __init__(self, host, port, user, password):
        self.s = socket.create_connection((host, port))
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.n = 0
        self.buf = b""
        self._read_line_start()
        self.cmd('LOGIN "%s" "%s"' % (user, password))

    def _read_line_start(self):
        while b"\r\n" not in self.buf:
            self.buf += self.s.recv(65536)
        self.buf = self.buf[self.buf.index(b"\r\n") + 2:]

    def cmd(self, line):
        self.n += 1
        tag = b"b%d" % self.n
        self.s.sendall(tag + b" " + line.encode() + b"\r\n")
        data = self.buf
        chunks = [data]
        total = len(data)
        marker = b"\r\n" + tag + b" "
        tail = b"\r\n" + data
        while True:
            k = tail.rfind(marker)
            if k >= 0 and tail.endswith(b"\r\n") and tail.find(b"\r\n", k + 2) == len(tail) - 2:
                status = tail[k + len(marker):k + len(marker) + 2]
                if status != b"OK":
                    raise RuntimeError("%s -> %r" % (line, tail[k:][:200]))
                self.buf = b""
                return total, tail
            chunk = self.s.recv(262144)
            if not chunk:
                raise RuntimeError("connection closed during " + line)
            total += len(chunk)
            tail = (tail + chunk)[-8192:]

    def close(self):
        try:
            self.cmd("LOGOUT")
        except Exception:
            pass
        self.s.close()


def phase(server, sessions, body):
    """Runs body(session, index) in `sessions` parallel connections (logged in beforehand); returns wall seconds and bytes."""
    host, port, user, password = server
    conns = [Session(host, int(port), user, password) for _ in range(sessions)]
    results = [None] * sessions
    errors = []
    barrier = threading.Barrier(sessions + 1)

    def run(k):
        barrier.wait()
        try:
            results[k] = body(conns[k], k)
        except Exception as e:
            errors.append(repr(e))
            results[k] = (0, b"")

    ts = [threading.Thread(target=run, args=(k,)) for k in range(sessions)]
    for t in ts: t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in ts: t.join()
    wall = time.perf_counter() - t0
    for c in conns: c.close()
    if errors:
        raise RuntimeError("%s: %s" % (server, errors[:3]))
    return wall, sum(r[0] for r in results), results


def main():
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3])); return
    if sys.argv[1] == "maildir":
        to_maildir(sys.argv[2], sys.argv[3]); return
    if sys.argv[1] == "append":
        a = sys.argv[2:]
        append(a[0], a[1], int(a[2]), a[3], a[4], int(a[5]) if len(a) > 5 else 4); return
    servers, sessions, rounds, needle, total = [], [1, 50], 1, NEEDLE, 10000
    args = sys.argv[2:]
    while args:
        a = args.pop(0)
        if a == "--sessions": sessions = [int(x) for x in args.pop(0).split(",")]
        elif a == "--rounds": rounds = int(args.pop(0))
        elif a == "--needle": needle = args.pop(0)
        elif a == "--messages": total = int(args.pop(0))
        else: servers.append(a.split(":"))

    def select_fetch_flags(c, k):
        n1, _ = c.cmd("SELECT INBOX")
        n2, _ = c.cmd("FETCH 1:* (FLAGS)")
        return n1 + n2, b""

    def fetch_bodies(n):
        def body(c, k):
            c.cmd("EXAMINE INBOX")
            per = total // n
            lo = k * per + 1
            got, _ = c.cmd("FETCH %d:%d (BODY.PEEK[])" % (lo, lo + per - 1))
            return got, b""
        return body

    def fetch_structures(n):
        def body(c, k):
            c.cmd("EXAMINE INBOX")
            per = total // n
            lo = k * per + 1
            got, _ = c.cmd("FETCH %d:%d (ENVELOPE BODYSTRUCTURE)" % (lo, lo + per - 1))
            return got, b""
        return body

    def search_text(c, k):
        c.cmd("EXAMINE INBOX")
        got, tail = c.cmd("SEARCH TEXT %s" % needle)
        return got, tail

    # warm-up of every path on both servers (Dovecot builds its index, the JVM compiles), not reported
    for srv in servers:
        phase(srv[:4], 1, select_fetch_flags)
        phase(srv[:4], 1, fetch_bodies(1))
        phase(srv[:4], 1, fetch_structures(1))
        phase(srv[:4], 1, search_text)
    # SEARCH answers must agree: the same messages (by Message-ID; UIDs differ) match on both servers
    answers = {}
    for srv in servers:
        m = imaplib.IMAP4(srv[0], int(srv[1]))
        m.login(srv[2], srv[3])
        m.select("INBOX", readonly=True)
        seqs = m.search(None, "TEXT", needle)[1][0].split()
        ids = set()
        if seqs:
            for x in m.fetch(b",".join(seqs).decode(), "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")[1]:
                if isinstance(x, tuple):
                    ids.add(x[1].strip().lower())
        answers[srv[4]] = ids
        m.logout()
    print("# SEARCH TEXT %s matches: %s" % (needle, ", ".join("%s=%d" % (k, len(v)) for k, v in answers.items())))
    print("# the servers' SEARCH answers are %s" % ("the same messages" if len(set(frozenset(v) for v in answers.values())) == 1
                                                   else "DIFFERENT"))
    print("| phase | sessions | server | round | wall s | MB read | load |")
    print("|---|---|---|---|---|---|---|")
    for r in range(1, rounds + 1):
        for name, fn in (("SELECT + FETCH 1:* FLAGS", lambda n: select_fetch_flags),
                         ("FETCH full bodies (BODY.PEEK[])", fetch_bodies),
                         ("FETCH ENVELOPE BODYSTRUCTURE", fetch_structures),
                         ("SEARCH TEXT", lambda n: search_text)):
            for n in sessions:
                for srv in servers:
                    wall, nbytes, _ = phase(srv[:4], n, fn(n))
                    print("| %s | %d | %s | %d | %.3f | %.1f | %s |" % (name, n, srv[4], r, wall, nbytes / 1e6,
                                                                   open("/proc/loadavg").read().split()[0]), flush=True)


if __name__ == "__main__":
    main()

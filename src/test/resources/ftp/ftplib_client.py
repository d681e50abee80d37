"""Drives Python's ftplib against Switchboard FTP for FtplibInteropTest.

usage: ftplib_client.py SCENARIO HOST PORT USER PASSWORD WORKDIR
Prints "OK <scenario>" at the end; any failed check raises (non-zero exit).
"""
import ftplib
import io
import os
import ssl
import sys

scenario, host, port, user, password, workdir = sys.argv[1:7]
port = int(port)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def exercise(ftp, tag):
    payload = os.urandom(700_000)
    ftp.cwd("/alpha")
    check(ftp.pwd() == "/alpha", "pwd " + ftp.pwd())
    ftp.mkd(tag)
    ftp.cwd(tag)
    ftp.storbinary("STOR data.bin", io.BytesIO(payload))
    check(ftp.size("data.bin") == len(payload), "size")
    got = io.BytesIO()
    ftp.retrbinary("RETR data.bin", got.write)
    check(got.getvalue() == payload, "round trip")
    # REST: download the tail only
    tail = io.BytesIO()
    ftp.retrbinary("RETR data.bin", tail.write, rest=600_000)
    check(tail.getvalue() == payload[600_000:], "rest retr")
    ftp.storlines("STOR notes.txt", io.BytesIO(b"line one\nline two\n"))
    lines = []
    ftp.retrlines("RETR notes.txt", lines.append)
    check(lines == ["line one", "line two"], "retrlines %r" % lines)
    facts = dict(ftp.mlsd(facts=["type", "size", "modify", "perm"]))
    check(facts["data.bin"]["type"] == "file" and facts["data.bin"]["size"] == str(len(payload)), "mlsd %r" % facts)
    check(facts["."]["type"] == "cdir", "mlsd cdir")
    check(sorted(ftp.nlst()) == ["data.bin", "notes.txt"], "nlst %r" % ftp.nlst())
    listing = []
    ftp.dir(listing.append)
    check(any(l.endswith(" notes.txt") for l in listing), "dir %r" % listing)
    ftp.rename("notes.txt", "renamed.txt")
    check("renamed.txt" in ftp.nlst(), "rename")
    try:
        ftp.rename("renamed.txt", "/docs/stolen.txt")
        raise AssertionError("rename out of the site was allowed")
    except ftplib.error_perm as e:
        check(str(e).startswith("553"), "rename refusal %s" % e)
    ftp.delete("renamed.txt")
    ftp.delete("data.bin")
    ftp.cwd("..")
    ftp.rmd(tag)
    check(tag not in ftp.nlst(), "rmd")
    try:
        ftp.cwd("/beta")
        raise AssertionError("cwd into a foreign site was allowed")
    except ftplib.error_perm as e:
        check(str(e).startswith("550"), "cwd refusal %s" % e)


if scenario == "plain":
    ftp = ftplib.FTP()
    ftp.connect(host, port, timeout=30)
    ftp.login(user, password)
    exercise(ftp, "ftplib-plain")
    ftp.quit()
elif scenario == "tls":
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ftp = ftplib.FTP_TLS(context=ctx)
    ftp.connect(host, port, timeout=30)
    ftp.login(user, password)           # sends AUTH TLS first
    ftp.prot_p()
    check(isinstance(ftp.sock, ssl.SSLSocket), "control is TLS")
    exercise(ftp, "ftplib-tls")
    ftp.quit()
elif scenario == "abort":
    ftp = ftplib.FTP()
    ftp.connect(host, port, timeout=30)
    ftp.login(user, password)
    ftp.voidcmd("TYPE I")
    conn = ftp.transfercmd("RETR /alpha/big.bin")
    first = conn.recv(65536)
    check(len(first) > 0, "some bytes arrived")
    # ftplib sends ABOR as urgent data (RFC 959 section 4.1.3); it accepts 426, 225 or 226
    resp = ftp.abort()
    conn.close()
    check(resp.startswith("426") or resp.startswith("226") or resp.startswith("225"), "abort reply " + resp)
    if resp.startswith("426"):
        after = ftp.getresp()
        check(after.startswith("226"), "after 426 " + after)
    check(ftp.voidcmd("NOOP").startswith("200"), "session still usable")
    ftp.quit()
else:
    raise SystemExit("unknown scenario " + scenario)
print("OK " + scenario)

"""One SMTP transaction with Python smtplib and raw MAIL/RCPT parameters (DSN, SIZE), step by step,
printing each reply as "STEP CODE TEXT" so a test can check every one.
usage: dsn_send.py PORT USER|- PASSWORD|- FROM SUBJECT BODYSIZE "MAIL OPTS" TO "RCPT OPTS" [TO "RCPT OPTS" ...]
With a USER: STARTTLS and AUTH first. BODYSIZE pads the body to about that many bytes."""
import smtplib, ssl, sys

port, user, password, frm, subject, size, mail_opts = sys.argv[1:8]
pairs = sys.argv[8:]
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
body = "DSN test body.\r\n" + ("x" * 70 + "\r\n") * (int(size) // 72)
msg = ("From: <%s>\r\nTo: <%s>\r\nSubject: %s\r\nDate: Mon, 1 Jan 2026 00:00:00 +0000\r\n"
       "Message-ID: <%s@client.test>\r\n\r\n%s" % (frm, pairs[0], subject, abs(hash(subject)), body))
with smtplib.SMTP("127.0.0.1", int(port), timeout=30) as s:
    s.ehlo("client.test")
    if user != "-":
        s.starttls(context=ctx)
        s.ehlo("client.test")
        s.login(user, password)
    print("EHLO-DSN", "yes" if s.has_extn("dsn") else "no")
    code, text = s.mail(frm, mail_opts.split())
    print("MAIL", code, text.decode())
    ok = 0
    for i in range(0, len(pairs), 2):
        code, text = s.rcpt(pairs[i], pairs[i + 1].split())
        print("RCPT", code, text.decode())
        ok += code in (250, 251)
    if ok:
        code, text = s.data(msg.encode())
        print("DATA", code, text.decode())
    else:
        s.rset()

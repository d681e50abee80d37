"""Sends one message with Python smtplib: STARTTLS, AUTH, then the message; prints the server's reply.
usage: smtplib_send.py PORT USER PASSWORD FROM TO"""
import smtplib, ssl, sys
from email.message import EmailMessage

port, user, password, frm, to = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
m = EmailMessage()
m["From"], m["To"], m["Subject"] = frm, to, "Hello from smtplib"
m.set_content("Sent by Python smtplib over STARTTLS with AUTH.\n")
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
with smtplib.SMTP("127.0.0.1", port, timeout=30) as s:
    s.ehlo("client.test")
    s.starttls(context=ctx)
    s.ehlo("client.test")
    s.login(user, password)
    refused = s.send_message(m)
    print("SENT", refused)

"""Parses a delivery status notification with Python's email package and prints its structure:
the report type, the part types, then every field of the message/delivery-status blocks.
usage: dsn_parse.py FILE"""
import email, sys
from email import policy

with open(sys.argv[1], "rb") as f:
    m = email.message_from_binary_file(f, policy=policy.compat32)
print("TYPE", m.get_content_type(), m.get_param("report-type"))
for part in m.get_payload():
    print("PART", part.get_content_type())
    if part.get_content_type() == "message/delivery-status":
        for block in part.get_payload():
            for k, v in block.items():
                print("FIELD", k, "=", v.strip())
            print("BLOCK-END")
    elif part.get_content_type() == "message/rfc822":
        inner = part.get_payload()[0]
        print("RETURNED-SUBJECT", inner["Subject"])
        print("RETURNED-BODY", "yes" if "DSN test body" in inner.get_payload() else "no")
    elif part.get_content_type() == "text/rfc822-headers":
        print("RETURNED-BODY", "yes" if "DSN test body" in part.get_payload() else "no")

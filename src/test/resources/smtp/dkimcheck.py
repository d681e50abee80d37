"""Verifies the DKIM signature of a message file against a given TXT record (Debian python3-dkim).
usage: dkimcheck.py MESSAGE_FILE RECORD_NAME RECORD_VALUE ; prints PASS or FAIL"""
import sys
import dkim

msg = open(sys.argv[1], "rb").read()
name, value = sys.argv[2], sys.argv[3]

def dnsfunc(qname, timeout=5):
    q = qname.decode() if isinstance(qname, bytes) else qname
    return value.encode() if q.rstrip(".") == name else None

print("PASS" if dkim.verify(msg, dnsfunc=dnsfunc) else "FAIL")

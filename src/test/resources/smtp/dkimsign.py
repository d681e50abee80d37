"""Signs a message file with DKIM (Debian python3-dkim), writing the signed message.
usage: dkimsign.py IN OUT SELECTOR DOMAIN KEY_PEM"""
import sys
import dkim

msg = open(sys.argv[1], "rb").read()
sig = dkim.sign(msg, sys.argv[3].encode(), sys.argv[4].encode(), open(sys.argv[5], "rb").read(),
                include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
open(sys.argv[2], "wb").write(sig + msg)

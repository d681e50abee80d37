"""FTP throughput bench: one big upload and download, then many small files from parallel clients.

usage: ftp_bench.py HOST PORT USER PASSWORD REMOTE_DIR BIG_MIB SMALL_FILES PARALLEL   (BIG_MIB 0: skip the big file)
Prints one JSON line: big_upload_mb_s, big_download_mb_s, small_files_per_s (same client code for every server).
Run against Switchboard and a peer (pure-ftpd) alternately; see bench/results/ftp-*.md.
"""
import ftplib
import json
import multiprocessing
import os
import sys
import time

host, port, user, password, remote, big_mib, small_files, parallel = sys.argv[1:9]
port, big_mib, small_files, parallel = int(port), int(big_mib), int(small_files), int(parallel)
BLOCK = 1 << 20


def connect():
    f = ftplib.FTP()
    f.connect(host, port, timeout=120)
    f.login(user, password)
    f.voidcmd("TYPE I")
    return f


class Source:
    """big_mib MiB of non-repeating-ish bytes without holding them in memory."""

    def __init__(self, mib):
        self.left = mib
        self.block = os.urandom(BLOCK)

    def read(self, n):
        if self.left == 0:
            return b""
        self.left -= 1
        return self.block


def big():
    f = connect()
    f.cwd(remote)
    t0 = time.perf_counter()
    f.storbinary("STOR big.bin", Source(big_mib), blocksize=BLOCK)
    up = time.perf_counter() - t0
    got = [0]

    def sink(b):
        got[0] += len(b)

    t0 = time.perf_counter()
    f.retrbinary("RETR big.bin", sink, blocksize=BLOCK)
    down = time.perf_counter() - t0
    assert got[0] == big_mib * BLOCK, got[0]
    f.delete("big.bin")
    f.quit()
    mb = big_mib * BLOCK / 1e6
    return mb / up, mb / down


def small_worker(args):
    idx, count = args
    payload = os.urandom(4096)
    f = connect()
    f.cwd(remote + "/small")
    import io
    for i in range(count):
        f.storbinary("STOR f-%d-%d.bin" % (idx, i), io.BytesIO(payload))
    f.quit()
    return count


def small():
    f = connect()
    f.cwd(remote)
    try:
        f.mkd("small")
    except ftplib.error_perm:
        pass
    f.quit()
    per = small_files // parallel
    t0 = time.perf_counter()
    with multiprocessing.Pool(parallel) as pool:
        done = sum(pool.map(small_worker, [(i, per) for i in range(parallel)]))
    took = time.perf_counter() - t0
    return done / took, done


if __name__ == "__main__":
    up, down = big() if big_mib > 0 else (0.0, 0.0)   # BIG_MIB 0: small files only
    rate, done = small()
    print(json.dumps({"big_mib": big_mib, "big_upload_mb_s": round(up, 1), "big_download_mb_s": round(down, 1),
                      "small_files": done, "parallel": parallel, "small_files_per_s": round(rate, 1)}))

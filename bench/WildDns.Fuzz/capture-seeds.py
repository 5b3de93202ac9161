#!/usr/bin/env python3
"""Writes the seed corpus from real clients: listens on 127.0.0.1:PORT (UDP), runs kdig and nsupdate against it,
and saves each message they send as a fuzzing input (mode byte 0: as sent, over UDP). No answer is sent back, so
each tool gives up after its timeout; only the first message of each run is kept.

usage: capture-seeds.py OUTDIR [PORT]"""
import os, socket, subprocess, sys

out = sys.argv[1]
port = int(sys.argv[2]) if len(sys.argv) > 2 else 53535
secret = "ZNVzvKhQoE6dbo0O9qTRBhF5hc7fumbgyrH7qCqrh20="  # FuzzInput.SecretBase64
os.makedirs(out, exist_ok=True)
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", port))
sock.settimeout(5)

kdig = ["kdig", "@127.0.0.1", "-p", str(port), "+notcp", "+retry=0", "+timeout=1", "+noall"]
runs = {
    "kdig-a": kdig + ["192-168-2-1.cald5f5f7ba45.cert.example.com", "A"],
    "kdig-aaaa": kdig + ["fd00--1.cald5f5f7ba45.cert.example.com", "AAAA"],
    "kdig-cname": kdig + ["pacs--hospital-abc--com.cald5f5f7ba45.cname.cert.example.com", "A"],
    "kdig-txt-challenge": kdig + ["_acme-challenge.abc.cert.example.com", "TXT"],
    "kdig-any-apex": kdig + ["cert.example.com", "ANY"],
    "kdig-ns-apex": kdig + ["cert.example.com", "NS"],
    "kdig-soa-dnssec": kdig + ["+dnssec", "+bufsize=4096", "cert.example.com", "SOA"],
    "kdig-nsid-cookie": kdig + ["+nsid", "+cookie", "www.cald5f5f7ba45.client-abc.cert.example.com", "A"],
    "kdig-edns1": kdig + ["+edns=1", "cert.example.com", "SOA"],
    "kdig-noedns-caa": kdig + ["+noedns", "cert.example.com", "CAA"],
    "kdig-chaos": kdig + ["-c", "CH", "version.bind", "TXT"],
    "kdig-signed-soa": kdig + ["-y", f"hmac-sha256:acme-key:{secret}", "cert.example.com", "SOA"],
}
update = """server 127.0.0.1 {port}
zone cert.example.com
update add _acme-challenge.abc.cert.example.com. 60 TXT "YhbC0Yb4dGh0bWu7mD-yb8EPMA_aqMS6rCZkBRgeb4M"
send
"""
delete = """server 127.0.0.1 {port}
zone cert.example.com
prereq yxdomain _acme-challenge.abc.cert.example.com.
update delete _acme-challenge.abc.cert.example.com. TXT
send
"""
for name, command in runs.items():
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    data, _ = sock.recvfrom(65535)
    process.wait(timeout=10)
    with open(os.path.join(out, name), "wb") as f:
        f.write(b"\x00" + data)
for name, script in {"nsupdate-add-signed": update, "nsupdate-delete-signed": delete}.items():
    process = subprocess.Popen(["nsupdate", "-t", "1", "-u", "1", "-r", "0", "-y", f"hmac-sha256:acme-key:{secret}"],
                               stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    process.stdin.write(script.format(port=port).encode())
    process.stdin.close()
    data, _ = sock.recvfrom(65535)
    process.wait(timeout=10)
    with open(os.path.join(out, name), "wb") as f:
        f.write(b"\x00" + data)

#!/usr/bin/env python3
"""Writes the crafted part of the seed corpus: messages no client library sends but an attacker may, and unsigned
UPDATEs with mode byte 2, which the harness signs (FuzzInput) so that mutations reach the update sections.

usage: craft-seeds.py OUTDIR"""
import os, struct, sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def name(text):
    wire = b"".join(bytes([len(label)]) + label.encode() for label in text.split(".") if label)
    return wire + b"\x00"


def header(id=0x5a5a, flags=0x0100, qd=1, an=0, ns=0, ar=0):
    return struct.pack(">HHHHHH", id, flags, qd, an, ns, ar)


def opt(size=1232, version=0, do=False, options=b""):
    return b"\x00" + struct.pack(">HHBBHH", 41, size, 0, version, 0x8000 if do else 0, len(options)) + options


def rr(owner, type, cls, ttl, data):
    return owner + struct.pack(">HHIH", type, cls, ttl, len(data)) + data


def save(file, mode, message):
    with open(os.path.join(out, file), "wb") as f:
        f.write(bytes([mode]) + message)


zone = name("cert.example.com")
challenge = "_acme-challenge.abc.cert.example.com"
value = b"\x2b" + b"YhbC0Yb4dGh0bWu7mD-yb8EPMA_aqMS6rCZkBRgeb4M"
soa_question = zone + struct.pack(">HH", 6, 1)
# Queries: EDNS with DO, compression pointers in odd places, truncations, meta types.
save("query-a-edns-do", 0, header(ar=1) + name("10-1-2-3.cald5f5f7ba45.a.cert.example.com") + struct.pack(">HH", 1, 1) + opt(do=True))
save("query-tcp-any-challenge", 1, header() + name(challenge) + struct.pack(">HH", 255, 1))
save("query-pointer-into-header", 0, header() + b"\x03abc\xc0\x04" + struct.pack(">HH", 1, 1))
save("query-pointer-to-itself", 0, header() + b"\xc0\x0c" + struct.pack(">HH", 1, 1))
save("query-opt-owner-pointer", 0, header(ar=1) + soa_question + b"\xc0\x0c" + opt()[1:])
save("query-two-opt", 0, header(ar=2) + soa_question + opt() + opt(do=True))
save("query-truncated-question", 0, (header() + soa_question)[:-3])
save("query-label-64", 0, header() + b"\x40" + b"a" * 64 + b"\x00" + struct.pack(">HH", 1, 1))
save("query-padding-small-bufsize", 0, header(ar=1) + soa_question + opt(size=100, options=b"\x00\x0c\x00\x10" + b"\x00" * 16))
save("query-axfr", 1, header() + zone + struct.pack(">HH", 252, 1))
save("query-notify", 0, header(flags=4 << 11) + soa_question)
save("query-zero-questions", 0, header(qd=0))
save("query-large-txt-udp", 0, header(ar=1) + name(challenge) + struct.pack(">HH", 16, 1) + opt(size=512))
# UPDATEs for the harness to sign (mode 2, 3 over TCP): every section kind RFC 2136 §2.4 and §2.5 define.
update = 5 << 11
add = rr(name(challenge), 16, 1, 60, value)
add_compressed = rr(b"\x0f_acme-challenge\x03abc\xc0\x0c", 16, 1, 60, value)
save("update-add", 2, header(flags=update, ns=1) + soa_question + add)
save("update-add-compressed-tcp", 3, header(flags=update, ns=1) + soa_question + add_compressed)
save("update-delete-set", 2, header(flags=update, ns=1) + soa_question + rr(name(challenge), 16, 255, 0, b""))
save("update-delete-all", 2, header(flags=update, ns=1) + soa_question + rr(name(challenge), 255, 255, 0, b""))
save("update-delete-value", 2, header(flags=update, ns=1) + soa_question + rr(name(challenge), 16, 254, 0, value))
prereqs = (rr(name(challenge), 255, 255, 0, b"")          # name in use
           + rr(name("_acme-challenge.x.cert.example.com"), 255, 254, 0, b"")  # name not in use
           + rr(name(challenge), 16, 255, 0, b"")          # RRset exists
           + rr(name("cert.example.com"), 99, 254, 0, b"")  # RRset does not exist
           + rr(name(challenge), 16, 1, 0, b"\x2bFkHj1h5R9gJ7xQm3LwPz0sKdT2bYcVnE8aUoRi6Ml4A"))  # RRset is, value dependent
save("update-prerequisites", 2, header(flags=update, an=5, ns=1) + soa_question + prereqs + add)
save("update-edns", 2, header(flags=update, ns=1, ar=1) + soa_question + add + opt())
save("update-other-zone", 2, header(flags=update, ns=1) + name("example.org") + struct.pack(">HH", 6, 1) + add)
save("update-static-name", 2, header(flags=update, ns=1) + soa_question + rr(name("ns1.cert.example.com"), 1, 1, 60, b"\x01\x02\x03\x04"))
save("query-harness-signed", 2, header() + soa_question)

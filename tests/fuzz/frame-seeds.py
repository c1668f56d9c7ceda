#!/usr/bin/env python3
# Writes the seed inputs of fuzz_frame (tests/fuzz/fuzz_frame.c explains the
# layout) into tests/fuzz/corpus/frame/: real BPDU frames (the kernel's, an
# RST BPDU as mstpd sends one, the attack of issue 15) on a few ports, with
# ticks, batches and guard settings. Run by hand from the top directory.
import os

OUT = "tests/fuzz/corpus/frame"
MCAST = 2  # PACKET_MULTICAST
GROUP = bytes.fromhex("0180c2000000")
SRC = bytes.fromhex("025e00005399")

def frame(bpdu, dst=GROUP, length=None, pad=True):
    llc = bytes([0x42, 0x42, 0x03]) + bpdu
    n = len(llc) if length is None else length
    f = dst + SRC + n.to_bytes(2, "big") + llc
    return f + bytes(max(0, 60 - len(f))) if pad else f

def body(root, cost, bridge, port, age=0, maxage=20, hello=2, fwd=15):
    return (root.to_bytes(8, "big") + cost.to_bytes(4, "big") + bridge.to_bytes(8, "big") +
            port.to_bytes(2, "big") + bytes([age, 0, maxage, 0, hello, 0, fwd, 0]))

def config(root, cost, bridge, port, flags=0, **kw):
    return bytes([0, 0, 0, 0, flags]) + body(root, cost, bridge, port, **kw)

def rst(root, cost, bridge, port, flags=0x3c, version=2, **kw):
    return bytes([0, 0, version, 2, flags]) + body(root, cost, bridge, port, **kw) + b"\0"

TCN = bytes([0, 0, 0, 0x80])

def rec_frame(port, f, pkttype=MCAST):
    # length: (high 5 bits of the 2nd octet) x 4 + the 3rd octet
    hi = max(0, (len(f) - 255 + 3) // 4)
    return bytes([port, pkttype | hi << 3, len(f) - 4 * hi]) + f

def ticks(n):
    return bytes([0x80 | (n - 1)])

def seed(name, bridge, ports, *recs):
    with open(os.path.join(OUT, name), "wb") as fh:
        fh.write(bytes([bridge]) + bytes(ports) + b"".join(recs))

UP_P2P = 0x41  # up, point-to-point
EVIL = 0x0000000000000001
PEER = 0x8000025e00005302
kernel = [bytes.fromhex(h) for h in (
    "0180c20000004ac4c49519ee00264242030000000000100002000000000a00000000100002000000000a80010000"
    "0a0001000400",
    "0180c20000005a2781662dff000742420300000080",
    "0180c2000000f2dfbf163d4a00264242030000000001100002000000000a00000002800002000000000b80020001"
    "0a0001000400")]

seed("rst-superior", 0, [UP_P2P] * 4, ticks(1),
     rec_frame(0, frame(rst(EVIL, 0, EVIL, 0x8001))), ticks(3),
     rec_frame(0, frame(rst(EVIL, 0, EVIL, 0x8001, flags=0x7e))), ticks(20))
seed("config-peer", 1, [UP_P2P] * 4, rec_frame(1, frame(config(PEER, 0, PEER, 0x8001))),
     ticks(2), rec_frame(1, frame(TCN)), ticks(16))
seed("kernel-frames", 0, [UP_P2P, UP_P2P, 0x01, 0x00],
     *[rec_frame(i % 2, f) + ticks(1) for i, f in enumerate(kernel * 2)])
seed("bpduguard", 0, [UP_P2P | 0x02 | 0x10, UP_P2P | 0x04, UP_P2P | 0x08, UP_P2P],
     ticks(4), rec_frame(0, frame(rst(EVIL, 0, EVIL, 0x8001))),
     rec_frame(1, frame(rst(EVIL, 0, EVIL, 0x8001))),
     rec_frame(2, frame(config(EVIL, 0, EVIL, 0x8001))), ticks(10))
seed("attack6-dst", 0, [UP_P2P] * 4,
     rec_frame(0, frame(rst(EVIL, 0, EVIL, 0x8001), dst=bytes.fromhex("010000000042"))),
     rec_frame(0, frame(rst(EVIL, 0, EVIL, 0x8001), length=3 + 35)),
     rec_frame(0, frame(rst(EVIL, 0, EVIL, 0x8001), length=50)),
     rec_frame(0, frame(rst(EVIL, 0, EVIL, 0x8001)), pkttype=4), ticks(5))
seed("batch-two-roots", 0x06, [UP_P2P] * 4, bytes([0xa0]),
     rec_frame(0, frame(rst(PEER, 0, PEER, 0x8001))),
     rec_frame(1, frame(rst(PEER, 200000, 0x8000025e00005303, 0x8002))),
     rec_frame(2, frame(rst(PEER, 0, PEER, 0x8002))), bytes([0xa1]), ticks(2),
     bytes([0xe0, 0xc9, 0xe9]), ticks(8), bytes([0xe4]), ticks(32))
seed("mst", 0x30, [UP_P2P] * 4,
     rec_frame(3, frame(rst(PEER, 0, PEER, 0x8001, version=3) + bytes([0, 0x40]) + bytes(64))),
     ticks(6))

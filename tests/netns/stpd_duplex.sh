#!/bin/sh
# brkit-stpd derives a port's point-to-point MAC status from its duplex
# (802.1D-2004 6.4.3), read through ethtool netlink (ETHTOOL_MSG_LINKMODES_GET):
# a tap set to half duplex (SIOCETHTOOL ETHTOOL_SSET from python3, and read
# back with ETHTOOL_GSET, not through brkit) is a shared medium with p2p auto,
# a veth (full duplex) is point-to-point; `p2p on|off` still wins; a duplex
# set while the port stays reaches the daemon through ethtool's monitor group.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/stpd-lab.inc"

# ethtool NS DEV [half|full]: set the duplex of DEV (legacy ETHTOOL_SSET), or
# print it (ETHTOOL_GSET: 0 half, 1 full, 255 unknown)
ethtool_duplex() {
	ip netns exec "$1" python3 - "$2" "${3:-}" <<'PY'
import ctypes, fcntl, socket, struct, sys
FMT = "<IIIHBBBBBBIIHBBI2I"  # struct ethtool_cmd, 44 octets
dev, want = sys.argv[1].encode(), sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
def call(cmd):
    buf = ctypes.create_string_buffer(cmd, 44)
    fcntl.ioctl(s, 0x8946, struct.pack("16sP", dev, ctypes.addressof(buf)))  # SIOCETHTOOL
    return list(struct.unpack(FMT, buf.raw))
c = call(struct.pack(FMT, 1, *([0] * 17)))  # ETHTOOL_GSET
if want:
    c[0] = 2  # ETHTOOL_SSET
    c[4] = 0 if want == "half" else 1
    call(struct.pack(FMT, *c))
else:
    print(c[4])
PY
}

s_node N dx
ip -n "$N" tuntap add t-half mode tap
ip -n "$N" link add v-a type veth peer name v-b
ethtool_duplex "$N" t-half half
t_eq "the tap reads half duplex (ETHTOOL_GSET)" "$(ethtool_duplex "$N" t-half)" 0
t_eq "the veth reads full duplex (ETHTOOL_GSET)" "$(ethtool_duplex "$N" v-a)" 1
for d in t-half v-a; do ip -n "$N" link set "$d" master br0 up; done
ip -n "$N" link set v-b up
s_daemon "$N" || exit 1
t_run "stp br0 on" 0 $BRKIT -n "$N" stp br0 on
p2p() { $BRKIT -n "$N" -j stp show br0 "$1" | jq -r '.bridges[0].ports[0] | "\(.admin_p2p) \(.p2p)"'; }
t_eq "half-duplex tap, p2p auto: not point-to-point" "$(p2p t-half)" "auto 0"
t_eq "full-duplex veth, p2p auto: point-to-point" "$(p2p v-a)" "auto 1"
t_run "p2p on for the tap" 0 $BRKIT -n "$N" stp port set br0 t-half p2p on
t_eq "half-duplex tap, p2p on: point-to-point" "$(p2p t-half)" "on 1"
t_run "p2p off for the veth" 0 $BRKIT -n "$N" stp port set br0 v-a p2p off
t_eq "full-duplex veth, p2p off: not point-to-point" "$(p2p v-a)" "off 0"
# a duplex change while the port stays: ethtool's LINKMODES notification
t_run "p2p auto for the tap again" 0 $BRKIT -n "$N" stp port set br0 t-half p2p auto
t_eq "p2p auto again: not point-to-point" "$(p2p t-half)" "auto 0"
ethtool_duplex "$N" t-half full
s_wait "the tap set to full duplex in place: point-to-point (notified)" 20 \
	[ "$(p2p t-half)" = "auto 1" ]
ethtool_duplex "$N" t-half half
s_wait "and back to half duplex: not point-to-point" 20 [ "$(p2p t-half)" = "auto 0" ]
# a duplex change is read again when the port joins anew (and at carrier up)
ethtool_duplex "$N" t-half full
ip -n "$N" link set t-half nomaster
ip -n "$N" link set t-half master br0
s_wait "full-duplex tap after it joins again: point-to-point" 20 [ "$(p2p t-half)" = "auto 1" ]
t_end

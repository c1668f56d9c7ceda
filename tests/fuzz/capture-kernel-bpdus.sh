#!/bin/sh
# How the kernel frames in tests/unit/test_bpdu.c and tests/fuzz/corpus/bpdu/
# were captured (run by hand as root; not a suite): two kernel STP bridges in
# two namespaces joined by a veth, br-a the root. tcpdump on br-a's port sees
# its Configuration BPDUs, then br-b's TCN when a second port of br-b goes
# forwarding, then br-a's TC+TCA answer; on br-b's second port, br-b's own
# Configuration BPDUs (a root path cost and a Message Age). Writes OUT/a.pcap,
# OUT/b.pcap and prints each distinct frame in hex.
set -u
OUT=${1:-/tmp/bpdu-capture}
A=bpducap-a-$$
B=bpducap-b-$$
TP=""
cleanup() {
	for p in $TP; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
}
trap cleanup EXIT INT TERM
mkdir -p "$OUT"
ip netns add "$A" && ip netns add "$B" || exit 1
ip -n "$A" link add p-ab type veth peer name p-ba netns "$B"
ip -n "$A" link add br-a address 02:00:00:00:00:0a type bridge stp_state 1 priority 4096 \
	forward_delay 400 hello_time 100 max_age 1000
ip -n "$B" link add br-b address 02:00:00:00:00:0b type bridge stp_state 1 priority 32768 \
	forward_delay 400 hello_time 100 max_age 1000
ip -n "$A" link set p-ab master br-a
ip -n "$B" link set p-ba master br-b
ip -n "$B" link add p-bx type veth peer name p-xb
ip -n "$B" link set p-xb up
ip -n "$A" link set p-ab up # tcpdump needs its interface up
ip netns exec "$A" tcpdump -i p-ab -w "$OUT/a.pcap" -s 0 -U ether dst 01:80:c2:00:00:00 2>/dev/null &
TP="$TP $!"
ip netns exec "$B" tcpdump -i p-xb -w "$OUT/b.pcap" -s 0 -U ether dst 01:80:c2:00:00:00 2>/dev/null &
TP="$TP $!"
sleep 1
ip -n "$A" link set br-a up
ip -n "$B" link set br-b up
ip -n "$B" link set p-ba up
sleep 12 # br-b's port reaches forwarding after 2 x 4 s
ip -n "$B" link set p-bx master br-b
ip -n "$B" link set p-bx up
sleep 14 # the second port's forwarding makes br-b send a TCN
for f in "$OUT/a.pcap" "$OUT/b.pcap"; do
	echo "$f:"
	tcpdump -r "$f" -xx 2>/dev/null | awk '
		/^[0-9]/ { if (h != "") print h; h = "" ; next }
		{ for (i = 2; i <= NF; i++) h = h $i }
		END { if (h != "") print h }' | sort -u
done

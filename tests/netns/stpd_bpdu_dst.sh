#!/bin/sh
# What brkit-stpd takes as a BPDU (issue 15, attack 6 and the 802.3 length):
# only frames to 01:80:c2:00:00:00 with LLC 42 42 03, read no further than
# their 802.3 length. A guest h on bridge a (tests/lab/stpd_bpdu_dst.yml)
# sends a superior BPDU (root 0000.000000000001) to 01:00:00:00:00:42, which
# the bridges flood as ordinary multicast: neither a nor its neighbour b may
# take it. Control: the same BPDU to 01:80:c2:00:00:00 moves the root.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/stpd-lab.inc"

SEND=$BUILD/tests/tools/bpdu_send
EVIL=0000000000000001
field() { $BRKIT -n "$1" -j stp show br0 "$2" | jq -r ".bridges[0].ports[0].$3"; }
field_is() { [ "$(field "$1" "$2" "$3")" = "$4" ]; }
root_is() { [ "$(s_root "$1")" = "$2" ]; }
kstate_is() { [ "$(bridge -n "$1" -j link show dev "$2" | jq -r '.[0].state')" = "$3" ]; }

L="t$$-bd"
s_up stpd_bpdu_dst.yml "$L" || exit 1
A=$L-a B=$L-b H=$L-h
aid=$(s_id "$A")
t_eq "a's id is its lab address" "$aid" "8000.00005e005361"
s_wait "b takes a as root" 40 root_is "$B" "$aid"
s_wait "a's port to the guest is up" 20 field_is "$A" p-ah carrier 1
# so that a floods the guest's multicast to b (the neighbour of the issue)
s_wait "a's port to the guest forwards (iproute2)" 60 kstate_is "$A" p-ah forwarding

# ---- attack 6: a superior BPDU to another multicast address ----
rx0=$(s_rx "$A" p-ah)
brx0=$(s_rx "$B" p-ba)
t_run "guest: 10 RST + 10 Config BPDUs of root 0000.000000000001 to 01:00:00:00:00:42" 0 \
	sh -c "ip netns exec $H $SEND p-ha 01:00:00:00:00:42 rst $EVIL 10 100 &&
		ip netns exec $H $SEND p-ha 01:00:00:00:00:42 config $EVIL 10 100"
sleep 2
t_eq "the frames reached a's port (iproute2 rx counter grew by 20 or more)" \
	"$(($(s_rx "$A" p-ah) - rx0 >= 20))" 1
t_eq "a flooded them to b (iproute2 rx counter on b's port grew by 20 or more)" \
	"$(($(s_rx "$B" p-ba) - brx0 >= 20))" 1
t_eq "a: root unchanged" "$(s_root "$A")" "$aid"
t_eq "b: root unchanged" "$(s_root "$B")" "$aid"
t_eq "a: none taken as a BPDU on p-ah" \
	"$(field "$A" p-ah rx_rst) $(field "$A" p-ah rx_config) $(field "$A" p-ah rx_taken)" "0 0 0"
t_eq "b: p-ba took no Config BPDU (a speaks RST)" "$(field "$B" p-ba rx_config)" 0

# ---- the 802.3 length bounds the BPDU (inferior root: only the counters tell) ----
WEAK=f000000000000009
rst0=$(field "$A" p-ah rx_rst)
t_run "length 38 (an RST BPDU cut to 35 octets), padded to 60: 3 frames" 0 \
	ip netns exec "$H" "$SEND" p-ha 01:80:c2:00:00:00 rst "$WEAK" 3 10 38 60
s_wait "a: counted as short, not read into the padding" 10 field_is "$A" p-ah drop_short 3
t_run "length 50, frame of 60 (46 octets after the header): 4 frames" 0 \
	ip netns exec "$H" "$SEND" p-ha 01:80:c2:00:00:00 rst "$WEAK" 4 10 50 60
s_wait "a: length past the frame counted" 10 field_is "$A" p-ah drop_length 4
t_run "length 2 (less than the LLC header): 2 frames" 0 \
	ip netns exec "$H" "$SEND" p-ha 01:80:c2:00:00:00 rst "$WEAK" 2 10 2 60
s_wait "a: counted as not STP" 10 field_is "$A" p-ah drop_not_stp 2
t_eq "a: none of them taken in" "$(field "$A" p-ah rx_rst)" "$rst0"
t_run "length 39 (a whole RST BPDU), padded to 60: 2 frames" 0 \
	ip netns exec "$H" "$SEND" p-ha 01:80:c2:00:00:00 rst "$WEAK" 2 10 39 60
s_wait "a: a padded valid BPDU is taken in" 10 field_is "$A" p-ah rx_rst $((rst0 + 2))
t_eq "a: root still its own" "$(s_root "$A")" "$aid"

# ---- control: the same superior BPDU to the STP group address is acted on ----
ip netns exec "$H" "$SEND" p-ha 01:80:c2:00:00:00 rst "$EVIL" 30 200 &
sp=$!
s_wait "control: to 01:80:c2:00:00:00, a adopts root 0000.000000000001" 20 \
	root_is "$A" 0000.000000000001
s_wait "control: and so does its neighbour b" 20 root_is "$B" 0000.000000000001
kill "$sp" 2>/dev/null
wait "$sp" 2>/dev/null
s_down "$L"
t_end

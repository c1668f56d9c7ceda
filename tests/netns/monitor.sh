#!/bin/sh
# brkit monitor sees an add and a delete made by another process (iproute2's
# bridge), prints them as `bridge monitor` does (both run side by side), and
# prints one JSON object a line with -j.
. "$(dirname "$0")/../lib.sh"
t_netns_new NS mon

ipn() { ip -n "$NS" "$@"; }
ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ipn link add br0 type bridge
ipn link add p-a type veth peer name q-a
ipn link set p-a master br0
for d in p-a q-a br0; do ipn link set $d up; done
sleep 0.2

# wait_for FILE N: until FILE has N lines (at most 5 s)
wait_for() {
	_i=0
	while [ "$(wc -l <"$1")" -lt "$2" ] && [ $_i -lt 50 ]; do sleep 0.1; _i=$((_i + 1)); done
}

$BRKIT -n "$NS" monitor fdb >"$T_TMP/bk.txt" 2>"$T_TMP/bk.err" &
P1=$!
$BRKIT -n "$NS" -j monitor fdb >"$T_TMP/bk.json" 2>&1 &
P2=$!
bridge -n "$NS" monitor fdb >"$T_TMP/ref.txt" 2>&1 &
P3=$!
$BRKIT -n "$NS" monitor all >"$T_TMP/bk.all" 2>&1 &
P4=$!
sleep 0.5
bridge -n "$NS" fdb add 02:00:00:00:00:aa dev p-a master static
bridge -n "$NS" fdb del 02:00:00:00:00:aa dev p-a master
ipn link set p-a down
wait_for "$T_TMP/bk.txt" 2
wait_for "$T_TMP/ref.txt" 2
wait_for "$T_TMP/bk.json" 2
sleep 0.3
kill $P1 $P2 $P3 $P4 2>/dev/null
wait $P1 $P2 $P3 $P4 2>/dev/null

t_eq "monitor fdb: the add" "$(sed -n 1p "$T_TMP/bk.txt")" "02:00:00:00:00:aa dev p-a master br0 static"
t_eq "monitor fdb: the delete" "$(sed -n 2p "$T_TMP/bk.txt")" "Deleted 02:00:00:00:00:aa dev p-a master br0 static"
if [ -s "$T_TMP/ref.txt" ] && cmp -s "$T_TMP/ref.txt" "$T_TMP/bk.txt"; then
	t_ok "monitor fdb: identical to bridge monitor fdb ($(wc -l <"$T_TMP/ref.txt") lines)"
else
	t_fail "monitor fdb differs from bridge monitor fdb"; diff "$T_TMP/ref.txt" "$T_TMP/bk.txt"
fi
t_eq "-j monitor fdb: one valid JSON object a line" \
	"$(jq -c 'type' "$T_TMP/bk.json" | sort -u)" '"object"'
t_eq "-j monitor fdb: the add" "$(sed -n 1p "$T_TMP/bk.json" | jq -c '[.mac, .ifname, .master, .state, .deleted]')" \
	'["02:00:00:00:00:aa","p-a","br0","static",null]'
t_eq "-j monitor fdb: the delete" "$(sed -n 2p "$T_TMP/bk.json" | jq -c '[.mac, .deleted]')" \
	'["02:00:00:00:00:aa",true]'
t_eq "monitor all: banner on the fdb add" "$(grep -c '^\[NEIGH\]02:00:00:00:00:aa dev p-a master br0 static$' "$T_TMP/bk.all")" 1
t_eq "monitor all: link event for p-a going down" \
	"$(grep -c '^\[LINK\][0-9]*: p-a@q-a: <BROADCAST,MULTICAST> mtu 1500 master br0 ' "$T_TMP/bk.all")" 2
# Everything (links coming and going, bridge ports, VXLAN remotes) side by side
# with bridge monitor; no IPv6 here, so no MDB events (brkit does not show them).
$BRKIT -n "$NS" monitor >"$T_TMP/bk2.txt" 2>&1 &
P1=$!
bridge -n "$NS" monitor >"$T_TMP/ref2.txt" 2>&1 &
P2=$!
sleep 0.5
ipn link add p-x type veth peer name q-x
ipn link set p-x master br0
ipn link set p-x up
ipn link set q-x up
ipn link set p-x mtu 1400
bridge -n "$NS" fdb add 02:00:00:00:00:bb dev p-x master static
ipn link set p-x nomaster
ipn link del p-x
ipn link add br9 type bridge
ipn link set br9 up
ipn link del br9
ipn link add vx9 type vxlan id 9 dstport 4789 local 192.0.2.1 dev q-a
bridge -n "$NS" fdb append 00:00:00:00:00:00 dev vx9 dst 198.51.100.9 self
ipn link del vx9
sleep 1
kill $P1 $P2 2>/dev/null
wait $P1 $P2 2>/dev/null
if [ "$(wc -l <"$T_TMP/ref2.txt")" -gt 20 ] && cmp -s "$T_TMP/ref2.txt" "$T_TMP/bk2.txt"; then
	t_ok "monitor: identical to bridge monitor over link and fdb changes ($(wc -l <"$T_TMP/ref2.txt") lines)"
else
	t_fail "monitor differs from bridge monitor"; diff "$T_TMP/ref2.txt" "$T_TMP/bk2.txt" | head -20
fi
t_eq "  saw the deletion of p-x" "$(grep -q '^Deleted [0-9]*: p-x@' "$T_TMP/bk2.txt" && echo yes)" yes
t_eq "  saw the VXLAN remote" "$(grep -c '^00:00:00:00:00:00 dev vx9 dst 198.51.100.9 self permanent$' "$T_TMP/bk2.txt")" 1

# ENOBUFS: stop two monitors (text and JSON), make far more events than their
# sockets hold, resume them. Each says so, prints the events still queued, a
# resync marker, the whole table, and a second marker; nothing older than the
# table comes after it.
$BRKIT -n "$NS" monitor fdb >"$T_TMP/of.txt" 2>"$T_TMP/of.err" &
P5=$!
$BRKIT -n "$NS" -j monitor fdb >"$T_TMP/of.json" 2>"$T_TMP/ofj.err" &
P6=$!
# until both are subscribed: an entry they both print
_i=0
while { [ ! -s "$T_TMP/of.txt" ] || [ ! -s "$T_TMP/of.json" ]; } && [ $_i -lt 100 ]; do
	bridge -n "$NS" fdb replace 02:02:00:00:00:01 dev p-a master static
	sleep 0.2
	_i=$((_i + 1))
done
kill -STOP $P5 $P6
awk 'BEGIN { for (i = 0; i < 30000; i++)
	printf "fdb add 02:01:%02x:%02x:00:01 dev p-a master static\n", int(i / 256), i % 256 }' >"$T_TMP/b"
bridge -n "$NS" -batch "$T_TMP/b"
kill -CONT $P5 $P6
# Until both printed their end marker: no timing in the assertions, only a
# bound on the wait (60 s) for a loaded machine.
_i=0
while { ! grep -q '^\[RESYNC\] end$' "$T_TMP/of.txt" || ! grep -q '"resync":"end"' "$T_TMP/of.json"; } &&
	[ $_i -lt 600 ]; do sleep 0.1; _i=$((_i + 1)); done
kill $P5 $P6 2>/dev/null
wait $P5 $P6 2>/dev/null
t_eq "overflow: says events were lost" "$(grep -c 'events were lost.*ENOBUFS.*re-reading' "$T_TMP/of.err")" 1
t_eq "overflow: one resync, begin and end markers" \
	"$(grep '^\[RESYNC\]' "$T_TMP/of.txt" | tr '\n' ' ')" "[RESYNC] begin [RESYNC] end "
sed -n '/^\[RESYNC\] begin$/,/^\[RESYNC\] end$/p' "$T_TMP/of.txt" >"$T_TMP/of.dump"
t_eq "overflow: the re-dump shows the last entry added" "$(grep -c '^02:01:75:2f:00:01 dev p-a master br0 static$' "$T_TMP/of.dump")" 1
t_eq "overflow: every entry between the markers" \
	"$(grep '^02:01:' "$T_TMP/of.dump" | sort -u | wc -l)" 30000
t_eq "overflow: nothing older than the re-dump after it" \
	"$(sed '1,/^\[RESYNC\] end$/d' "$T_TMP/of.txt" | grep -c '^02:01:')" 0
t_eq "-j overflow: one valid JSON object a line" "$(jq -c 'type' "$T_TMP/of.json" | sort -u)" '"object"'
t_eq "-j overflow: the markers are resync objects" \
	"$(jq -c 'select(.resync) | .resync' "$T_TMP/of.json" | tr '\n' ' ')" '"begin" "end" '
t_eq "-j overflow: every entry between the markers" \
	"$(sed -n '/"resync":"begin"/,/"resync":"end"/p' "$T_TMP/of.json" | jq -r 'select(.mac) | .mac' |
		grep '^02:01:' | sort -u | wc -l)" 30000

# Without kernel VLAN filtering, `monitor vlan` fails as every VLAN command does.
if ip -n "$NS" link add brvf type bridge vlan_filtering 1 2>/dev/null; then
	ipn link del brvf
	$BRKIT -n "$NS" monitor vlan >"$T_TMP/vl.txt" 2>"$T_TMP/vl.err" &
	P7=$!
	sleep 0.5
	t_eq "monitor vlan runs on a kernel with VLAN filtering" "$(kill -0 $P7 2>/dev/null && echo running)" running
	kill $P7 2>/dev/null
	wait $P7 2>/dev/null
else
	t_run "monitor vlan: no VLAN filtering in the kernel" 1 $BRKIT -n "$NS" monitor vlan
	t_errmatch "  names CONFIG_BRIDGE_VLAN_FILTERING" "CONFIG_BRIDGE_VLAN_FILTERING"
	t_run "monitor vlan fdb: the same" 1 $BRKIT -n "$NS" monitor fdb vlan
fi
# The events library as the STP daemon will use it (tests/tools/events_watch):
# the state at start between resync markers, then a port's STP state as it
# changes, checked against iproute2; names are looked up on the same handle
# inside the callbacks, which the library allows ("?" when a lookup fails).
W=$BUILD/tests/tools/events_watch
if [ -x "$W" ]; then
	ipn link add br7 type bridge
	ipn link add p-w type veth peer name q-w
	ipn link set p-w master br7
	"$W" "$NS" >"$T_TMP/ev.txt" 2>"$T_TMP/ev.err" &
	P8=$!
	_i=0
	while ! grep -q '^resync end$' "$T_TMP/ev.txt" && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
	for d in br7 p-w q-w; do ipn link set $d up; done
	_i=0
	while ! grep -q '^port p-w master br7 state 3$' "$T_TMP/ev.txt" && [ $_i -lt 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	IPR_STATE=$(bridge -n "$NS" -j link show dev p-w | jq -r '.[0].state')
	bridge -n "$NS" fdb add 02:00:00:00:00:77 dev p-w master static
	# (the port must still exist when the tool names it)
	_i=0
	while ! grep -q '^fdb 02:00:00:00:00:77 ' "$T_TMP/ev.txt" && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
	ipn link del p-w
	_i=0
	while ! grep -q '^link p-w .*deleted$' "$T_TMP/ev.txt" && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
	kill $P8 2>/dev/null
	wait $P8 2>/dev/null
	t_eq "events: the state at start between the markers" \
		"$(sed -n '/^resync begin$/,/^resync end$/p' "$T_TMP/ev.txt" | grep -c '^port p-w master br7 state 0$')" 1
	t_eq "events: the port went forwarding (3), as iproute2 reads it" \
		"$(grep -q '^port p-w master br7 state 3$' "$T_TMP/ev.txt" && echo forwarding)" "$IPR_STATE"
	t_eq "events: the FDB entry, its port named in the callback" \
		"$(grep -c '^fdb 02:00:00:00:00:77 dev p-w$' "$T_TMP/ev.txt")" 1
	t_eq "events: the port's deletion" "$(grep -c '^link p-w down deleted$' "$T_TMP/ev.txt")" 1
	# (a deleted port's entries go after it: those may name no device)
	t_eq "events: every name found on the same handle" \
		"$(grep -v 'deleted$' "$T_TMP/ev.txt" | grep -c '?')" 0
else
	t_fail "events: $W is missing (make tools)"
fi
# Under valgrind: link, port and FDB events in text and JSON, then killed as
# a monitor is (valgrind still reports leaks and errors at a fatal signal).
if command -v valgrind >/dev/null; then
	VG="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible"
	$VG --log-file="$T_TMP/vg1.log" $BRKIT -n "$NS" monitor >"$T_TMP/vg1.txt" 2>&1 &
	P9=$!
	$VG --log-file="$T_TMP/vg2.log" $BRKIT -n "$NS" -j monitor all >"$T_TMP/vg2.txt" 2>&1 &
	P10=$!
	# valgrind starts slowly: poke link events until both monitors print
	_i=0
	while { [ ! -s "$T_TMP/vg1.txt" ] || [ ! -s "$T_TMP/vg2.txt" ]; } && [ $_i -lt 120 ]; do
		ipn link set p-a alias "vg-probe-$_i"
		sleep 0.5
		_i=$((_i + 1))
	done
	bridge -n "$NS" fdb add 02:00:00:00:00:99 dev p-a master static
	bridge -n "$NS" fdb del 02:00:00:00:00:99 dev p-a master
	ipn link set p-a down
	ipn link set p-a up
	_i=0
	while { [ "$(grep -c '02:00:00:00:00:99' "$T_TMP/vg1.txt")" -lt 2 ] ||
		[ "$(grep -c '02:00:00:00:00:99' "$T_TMP/vg2.txt")" -lt 2 ]; } && [ $_i -lt 300 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	sleep 1
	kill -TERM $P9 $P10 2>/dev/null
	wait $P9 $P10 2>/dev/null
	t_eq "valgrind monitor: saw the add and the delete (text, JSON)" \
		"$(grep -c '02:00:00:00:00:99' "$T_TMP/vg1.txt") $(grep -c '02:00:00:00:00:99' "$T_TMP/vg2.txt")" "2 2"
	t_eq "valgrind monitor: no error, no leak" "$(cat "$T_TMP/vg1.log" "$T_TMP/vg2.log")" ""
else
	t_fail "valgrind monitor: valgrind is not installed (make deps)"
fi
t_run "monitor with a bad group" 2 $BRKIT -n "$NS" monitor frob
t_errmatch "  names it" "unexpected 'frob'"
t_end

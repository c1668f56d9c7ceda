#!/bin/sh
# brkit-stpd on the host kernel (mode c: STP off, an nftables rule, port states
# set by the daemon): a triangle and a ring of 4 brkit bridges. Exactly one
# port blocked, the root is the lowest bridge id, pings pass, no storm; a cut
# link heals; a daemon restarted while pings run makes no loop; on shutdown
# the ports are left discarding and the nftables table is gone. Port states
# are read back through iproute2 (bridge -j link show) and libnl-route-3.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/stpd-lib.inc"
NLREAD=$BUILD/tests/tools/stpd_nlports

# ---- triangle ----
s_node A ta
s_node B tb
s_node C tc
for ns in $A $B $C; do s_daemon "$ns" || exit 1; done
for ns in $A $B $C; do
	t_run "stp br0 on in $ns" 0 $BRKIT -n "$ns" stp br0 on
done
s_link "$A" p-ab "$B" p-ba
s_link "$B" p-bc "$C" p-cb
s_link "$C" p-ca "$A" p-ac
ip -n "$A" addr add 192.0.2.1/24 dev br0
ip -n "$C" addr add 192.0.2.3/24 dev br0
s_wait "triangle: exactly one port blocked (bridge -j link show)" 30 s_blocked_is 1 "$A" "$B" "$C"
t_eq "triangle: mode shown" "$($BRKIT -n "$A" -j stp show | jq -r '.bridges[0].mode')" nftables
# the lowest id: priorities are equal, so the lowest address
low=$(for ns in $A $B $C; do s_mac "$ns"; done | sort | head -1)
for ns in $A $B $C; do
	t_eq "triangle: $ns's root is the lowest id" "$(s_root "$ns")" "8000.$low"
done
s_wait "triangle: pings pass" 20 s_pings "$A" 192.0.2.3
# no storm: a few BPDUs and pings a second, not thousands
r0=$(s_rx "$B" p-ba)
sleep 2
r1=$(s_rx "$B" p-ba)
if [ $((r1 - r0)) -lt 100 ]; then t_ok "triangle: no storm ($((r1 - r0)) frames in 2 s)"; else
	t_fail "triangle: storm: $((r1 - r0)) frames in 2 s on p-ba"; fi
# libnl-route-3 agrees with iproute2 on the blocked port
if [ -x "$NLREAD" ]; then
	nl=0
	for ns in $A $B $C; do
		k=$(ip netns exec "$ns" "$NLREAD" | grep -Evc ' (forwarding|disabled)$')
		nl=$((nl + k))
	done
	t_eq "triangle: one port not forwarding (libnl-route-3)" "$nl" 1
fi
# the blocked port is the one brkit-stpd calls alternate
alt=$(for ns in $A $B $C; do $BRKIT -n "$ns" -j stp show | jq -r '.bridges[].ports[] | select(.role == "alternate") | .name'; done)
blk=$(for ns in $A $B $C; do bridge -n "$ns" -j link show | jq -r '.[] | select(.state != "forwarding" and .state != "disabled") | .ifname'; done)
t_eq "triangle: the alternate port is the one the kernel blocks" "$alt" "$blk"

# cut a forwarding link on the path: traffic comes back through the other way
ip -n "$A" link set p-ac down
s_wait "triangle: cut A-C: pings pass again" 20 s_pings "$A" 192.0.2.3
s_wait "triangle: cut A-C: nothing blocked on a tree" 20 s_blocked_is 0 "$A" "$B" "$C"
ip -n "$A" link set p-ac up
s_wait "triangle: restored: one port blocked again" 30 s_blocked_is 1 "$A" "$B" "$C"

# restart one daemon while pings run: no loop (the restarted daemon starts
# every port discarding)
ip netns exec "$A" ping -i 0.2 -c 40 -W1 192.0.2.3 >"$T_TMP/ping" 2>&1 &
pingpid=$!
kill "$(s_pid "$B")"
sleep 1
t_eq "shutdown: no nftables table left in $B" \
	"$(ip netns exec "$B" "$BUILD/tests/tools/stpd_nftables" 2>/dev/null | grep -c brkit_stpd)" 0
t_eq "shutdown: $B's ports left discarding" "$(s_blocked "$B")" 2
s_daemon "$B"
r0=$(s_rx "$C" p-cb)
s_wait "restart: one port blocked again" 40 s_blocked_is 1 "$A" "$B" "$C"
r1=$(s_rx "$C" p-cb)
wait $pingpid
if [ $((r1 - r0)) -lt 1000 ]; then t_ok "restart: no storm ($((r1 - r0)) frames)"; else
	t_fail "restart: storm: $((r1 - r0)) frames on p-cb"; fi
s_wait "restart: pings pass" 20 s_pings "$A" 192.0.2.3

# ---- ring of 4 ----
s_node R1 r1
s_node R2 r2
s_node R3 r3
s_node R4 r4
for ns in $R1 $R2 $R3 $R4; do s_daemon "$ns" || exit 1; done
$BRKIT -n "$R3" stp br0 on
t_run "ring: priority on a bridge the daemon runs" 0 $BRKIT -n "$R3" stp set br0 priority 4096
for ns in $R1 $R2 $R4; do $BRKIT -n "$ns" stp br0 on; done
s_link "$R1" p-12 "$R2" p-21
s_link "$R2" p-23 "$R3" p-32
s_link "$R3" p-34 "$R4" p-43
s_link "$R4" p-41 "$R1" p-14
ip -n "$R1" addr add 198.51.100.1/24 dev br0
ip -n "$R3" addr add 198.51.100.3/24 dev br0
s_wait "ring: exactly one port blocked" 30 s_blocked_is 1 "$R1" "$R2" "$R3" "$R4"
for ns in $R1 $R2 $R4; do
	t_eq "ring: $ns's root is R3 (priority 4096)" "$(s_root "$ns")" "1000.$(s_mac "$R3")"
done
t_eq "ring: R3 is root" "$($BRKIT -n "$R3" -j stp show | jq -r '.bridges[0].is_root')" 1
# showstp in brctl's format, filled from the daemon (the kernel's own id is 8000.*)
t_eq "showstp: the daemon's bridge id" \
	"$($BRKIT -n "$R1" showstp br0 | sed -n 's/^ designated root\t*//p' | head -1 | cut -f1)" \
	"1000.$(s_mac "$R3")"
s_wait "ring: pings pass" 20 s_pings "$R1" 198.51.100.3
ip -n "$R2" link set p-23 down
s_wait "ring: cut R2-R3: pings pass" 20 s_pings "$R1" 198.51.100.3
s_wait "ring: cut R2-R3: nothing blocked" 20 s_blocked_is 0 "$R1" "$R3" "$R4"
ip -n "$R2" link set p-23 up
s_wait "ring: restored: one port blocked" 30 s_blocked_is 1 "$R1" "$R2" "$R3" "$R4"

# stp off: the bridge goes back to STP off, every port forwarding, no rule
t_run "stp br0 off" 0 $BRKIT -n "$R1" stp br0 off
t_eq "stp off: R1's ports forwarding" "$(s_blocked "$R1")" 0
t_run "stp off: show names the bridge as not run" 1 $BRKIT -n "$R1" stp show br0
t_errmatch "stp off: message" "not run by brkit-stpd"
t_eq "stp off: R1's ports out of the nftables set" \
	"$(ip netns exec "$R1" "$BUILD/tests/tools/stpd_nftables" | grep -c 'elements =')" 0

# libnftables runs in a short-lived child: the daemon never maps it, and the
# child's error reaches the daemon's log (the element is taken out behind the
# daemon's back, so its delete fails when the port leaves)
s_node E te
s_daemon "$E" || exit 1
t_run "nft child: stp br0 on" 0 $BRKIT -n "$E" stp br0 on
ip -n "$E" link add p-ex type veth peer name p-ey
ip -n "$E" link set p-ex master br0 up
s_wait "nft child: p-ex in the set" 20 sh -c \
	"ip netns exec $E $BUILD/tests/tools/stpd_nftables | grep -q '\"p-ex\"'"
t_eq "nft child: the daemon does not map libnftables" \
	"$(grep -c libnftables "/proc/$(s_pid "$E")/maps")" 0
t_run "nft child: element taken out behind the daemon" 0 ip netns exec "$E" \
	"$BUILD/tests/tools/stpd_nftables" 'delete element bridge brkit_stpd ports { "p-ex" }'
ip -n "$E" link del p-ex
s_wait "nft child: libnftables' error in the daemon's log" 20 \
	grep -q 'nftables: Error: .*No such file or directory' "$T_TMP/stpd-$E.log"
t_run "nft child: the daemon still answers" 0 $BRKIT -n "$E" stp show br0
t_end

#!/bin/sh
# brkit-stpd on the host kernel (mode c: STP off, an nftables rule, port states
# set by the daemon): a triangle and a ring of 4 brkit bridges, each a lab
# (tests/lab/stpd_triangle.yml, stpd_ring4.yml) whose stp: rstp nodes run
# their own daemon. Exactly one port blocked, the root is the lowest bridge
# id, pings pass, no storm; a cut link (brkit lab link) heals; a daemon
# restarted by hand while pings run makes no loop, and lab down stops it; on
# shutdown the ports are left discarding and the nftables table is gone. Port
# states are read back through iproute2 (bridge -j link show) and libnl-route-3.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/stpd-lab.inc"
NLREAD=$BUILD/tests/tools/stpd_nlports

# ---- triangle ----
L="t$$-tr"
s_up stpd_triangle.yml "$L" || exit 1
A=$L-a B=$L-b C=$L-c
for ns in $A $B $C; do
	t_eq "$ns: kernel STP off (iproute2), the daemon runs br0" \
		"$(t_ipj "$ns" br0 .linkinfo.info_data.stp_state) $($BRKIT -n "$ns" -j stp show | jq -r '.bridges[0].name')" "0 br0"
done
s_wait "triangle: exactly one port blocked (bridge -j link show)" 30 s_blocked_is 1 "$A" "$B" "$C"
t_eq "triangle: mode shown" "$($BRKIT -n "$A" -j stp show | jq -r '.bridges[0].mode')" nftables
# the lowest id: priorities are equal, so the lowest address
low=$(for ns in $A $B $C; do s_mac "$ns"; done | sort | head -1)
for ns in $A $B $C; do
	t_eq "triangle: $ns's root is the lowest id" "$(s_root "$ns")" "8000.$low"
done
s_wait "triangle: pings pass" 20 s_pings "$L-h1" 192.0.2.3
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
else
	t_fail "triangle: $NLREAD missing (make tools)"
fi
# the blocked port is the one brkit-stpd calls alternate
alt=$(for ns in $A $B $C; do $BRKIT -n "$ns" -j stp show | jq -r '.bridges[].ports[] | select(.role == "alternate") | .name'; done)
blk=$(for ns in $A $B $C; do bridge -n "$ns" -j link show | jq -r '.[] | select(.state != "forwarding" and .state != "disabled") | .ifname'; done)
t_eq "triangle: the alternate port is the one the kernel blocks" "$alt" "$blk"

# cut a forwarding link on the path: traffic comes back through the other way
t_run "triangle: cut a:p-ac" 0 $BRKIT lab link "$L" a:p-ac down
s_wait "triangle: cut A-C: pings pass again" 20 s_pings "$L-h1" 192.0.2.3
s_wait "triangle: cut A-C: nothing blocked on a tree" 20 s_blocked_is 0 "$A" "$B" "$C"
t_run "triangle: restore a:p-ac" 0 $BRKIT lab link "$L" a:p-ac up
s_wait "triangle: restored: one port blocked again" 30 s_blocked_is 1 "$A" "$B" "$C"

# restart one daemon while pings run: no loop (the restarted daemon starts
# every port discarding). The lab's daemon for b is stopped; a new one is
# started by hand, and lab down must stop it too.
ip netns exec "$L-h1" ping -i 0.2 -c 40 -W1 192.0.2.3 >"$T_TMP/ping" 2>&1 &
pingpid=$!
bpid=$(s_lab_pid "$L" b)
t_run "restart: stop the lab's daemon for b (pid ${bpid:-none})" 0 kill "$bpid"
s_wait "shutdown: b's daemon is gone" 20 s_gone "$bpid"
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
s_wait "restart: pings pass" 20 s_pings "$L-h1" 192.0.2.3 || s_dump "$A" "$B" "$C"
t_eq "restart: the daemon started by hand runs b's bridge" \
	"$($BRKIT -n "$B" -j stp show | jq -r '.bridges[0].name')" br0
hpid=$(s_pid "$B")
s_down "$L"
t_eq "down: the daemon started by hand is stopped" "$(s_is_stpd "$hpid" && echo running)" ""

# ---- ring of 4 ----
L="t$$-rg"
s_up stpd_ring4.yml "$L" || exit 1
R1=$L-r1 R2=$L-r2 R3=$L-r3 R4=$L-r4
t_run "ring: priority on a bridge the daemon runs" 0 $BRKIT -n "$R3" stp set br0 priority 4096
# issue 19: Ageing Time is 10 to 1000000 s (802.1D-2004 Table 7-5, mstpd)
ag=$(t_ipj "$R3" br0 .linkinfo.info_data.ageing_time)
t_run "stp set br0 ageing 0: refused" 2 $BRKIT -n "$R3" stp set br0 ageing 0
t_errmatch "  names the range" "ageing '0': not 10 to 1000000 seconds"
t_run "stp set br0 ageing 9: refused" 2 $BRKIT -n "$R3" stp set br0 ageing 9
t_eq "  the kernel's ageing_time unchanged (iproute2)" "$(t_ipj "$R3" br0 .linkinfo.info_data.ageing_time)" "$ag"
t_run "stp set br0 ageing 10: taken" 0 $BRKIT -n "$R3" stp set br0 ageing 10
s_wait "  the kernel's ageing_time becomes 1000 cs (iproute2)" 10 \
	[ "$(t_ipj "$R3" br0 .linkinfo.info_data.ageing_time)" = 1000 ]
s_wait "ring: exactly one port blocked" 30 s_blocked_is 1 "$R1" "$R2" "$R3" "$R4"
for ns in $R1 $R2 $R4; do
	s_wait "ring: $ns's root is r3 (priority 4096)" 20 \
		[ "$(s_root "$ns")" = "1000.$(s_mac "$R3")" ]
done
t_eq "ring: r3 is root" "$($BRKIT -n "$R3" -j stp show | jq -r '.bridges[0].is_root')" 1
# showstp in brctl's format, filled from the daemon (the kernel's own id is 8000.*)
t_eq "showstp: the daemon's bridge id" \
	"$($BRKIT -n "$R1" showstp br0 | sed -n 's/^ designated root\t*//p' | head -1 | cut -f1)" \
	"1000.$(s_mac "$R3")"
s_wait "ring: pings pass" 20 s_pings "$L-h1" 198.51.100.3
t_run "ring: cut r2:p-23" 0 $BRKIT lab link "$L" r2:p-23 down
s_wait "ring: cut R2-R3: pings pass" 20 s_pings "$L-h1" 198.51.100.3
s_wait "ring: cut R2-R3: nothing blocked" 20 s_blocked_is 0 "$R1" "$R3" "$R4"
t_run "ring: restore r2:p-23" 0 $BRKIT lab link "$L" r2:p-23 up
s_wait "ring: restored: one port blocked" 30 s_blocked_is 1 "$R1" "$R2" "$R3" "$R4"

# stp off: the bridge goes back to STP off, every port forwarding, no rule
t_run "stp br0 off" 0 $BRKIT -n "$R1" stp br0 off
t_eq "stp off: R1's ports forwarding" "$(s_blocked "$R1")" 0
t_eq "stp off: kernel STP stays off (iproute2)" "$(t_ipj "$R1" br0 .linkinfo.info_data.stp_state)" 0
# the daemon keeps its table while it runs, with no port of br0 left in its set
ip netns exec "$R1" "$BUILD/tests/tools/stpd_nftables" >"$T_TMP/nft" 2>&1
t_eq "stp off: the nftables table still read (libnftables)" "$(grep -c 'set ports' "$T_TMP/nft")" 1
t_eq "stp off: no port of br0 left in the daemon's nftables set" \
	"$(grep -Ec '"p-(12|14|h1)"' "$T_TMP/nft")" 0
t_run "stp off: show names the bridge as not run" 1 $BRKIT -n "$R1" stp show br0
t_errmatch "stp off: message" "not run by brkit-stpd"
t_run "stp br0 on again" 0 $BRKIT -n "$R1" stp br0 on
s_wait "stp on again: exactly one port blocked" 30 s_blocked_is 1 "$R1" "$R2" "$R3" "$R4"
s_wait "stp on again: R1's root is r3" 20 [ "$(s_root "$R1")" = "1000.$(s_mac "$R3")" ]

# libnftables runs in a short-lived child: the daemon never maps it, and the
# child's error reaches the daemon's log (the element is taken out behind the
# daemon's back, so its delete fails when the port leaves). Node e is a lone
# bridge with no daemon from the lab (stp: off): its daemon is started by hand
# so that its log can be read.
E=$L-e
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
s_down "$L"
t_end

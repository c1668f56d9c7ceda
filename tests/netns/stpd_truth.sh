#!/bin/sh
# One source of truth (issue 16, points 1 and 4): on a triangle of bridges run
# by brkit-stpd (tests/lab/stpd_triangle.yml, mode c), every brctl verb and
# bridge set / port set that changes an STP setting is applied by the daemon
# (read back with `stp show -j`, and with iproute2 where the daemon mirrors it
# into the kernel) or refused with a message naming brkit-stpd, never applied
# to the kernel alone (the kernel's value read back unchanged where it is not
# mirrored). Changes made behind the daemon's back with iproute2 (forward
# delay, stp_state, priority) are put back, with a log line, and make no loop;
# brctl setfd then a carrier flap of the alternate port makes no loop; the
# show commands say yes / brkit-stpd and give the daemon's ids. As root.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/stpd-lab.inc"

L="t$$-truth"
s_up stpd_triangle.yml "$L" || exit 1
A=$L-a B=$L-b C=$L-c
s_wait "one port blocked" 30 s_blocked_is 1 "$A" "$B" "$C" || s_dump "$A" "$B" "$C"
# the final tree: c's port toward b the alternate (a first start may pass
# through another one until stale information ages out: issue 16 point 3)
c_alt() { [ "$($BRKIT -n "$C" -j stp show br0 | jq -r '.bridges[0].ports[] | select(.role == "alternate") | .name')" = p-cb ]; }
s_wait "c's p-cb the alternate port" 30 c_alt || s_dump "$A" "$B" "$C"
s_wait "and one port blocked" 30 s_blocked_is 1 "$A" "$B" "$C"

# readers: the daemon's bridge / port field, iproute2's bridge / port attribute
dbr() { $BRKIT -n "$1" -j stp show br0 | jq -r ".bridges[0].$2"; }
dport() { $BRKIT -n "$1" -j stp show br0 "$2" | jq -r ".bridges[0].ports[0].$3"; }
kbr() { t_ipj "$1" br0 ".linkinfo.info_data.$2"; }
kport() { t_ipj "$1" "$2" ".linkinfo.info_slave_data.$3"; }
# no storm on PORT of NS: its receive counter grows by BPDUs, not thousands
nostorm() {
	_r0=$(s_rx "$2" "$3")
	sleep 2
	_r1=$(s_rx "$2" "$3")
	if [ $((_r1 - _r0)) -lt 100 ]; then t_ok "$1: no storm ($((_r1 - _r0)) frames in 2 s)"; else
		t_fail "$1: storm: $((_r1 - _r0)) frames in 2 s on $3"; fi
}
# the ports the daemons hold discarding that the kernel forwards (a loop)
leaks() {
	for ns in $A $B $C; do
		$BRKIT -n "$ns" -j stp show br0 | jq -r '.bridges[0].ports[] | select(.state != "forwarding") | .name' |
			while read -r p; do
				[ "$(kport "$ns" "$p" state)" = forwarding ] && echo "$ns:$p"
			done
	done | wc -l
}

# t_bad, but "nothing changed" is read from the links alone (ip -j -d link, as
# t_kstate): the bridges learn their neighbours' BPDU sources (STP off in the
# kernel, mode c) and the daemons flush on topology changes, so the FDB moves
# on its own here
t_kstate() {
	ip -n "$1" -j -d link show | jq -S '[.[] | del(.linkinfo.info_data.gc_timer,
		.linkinfo.info_data.hello_timer, .linkinfo.info_data.tcn_timer,
		.linkinfo.info_data.topology_change_timer, .linkinfo.info_slave_data.message_age_timer,
		.linkinfo.info_slave_data.forward_delay_timer, .linkinfo.info_slave_data.hold_timer,
		.stats64, .operstate) | .flags |= map(select(. != "LOWER_UP" and . != "NO-CARRIER"
		and . != "M-DOWN"))]'
}

# ---- the shows agree with the daemon ----
t_run "brctl show" 0 $BRKIT -n "$A" show
t_eq "brctl show: STP enabled yes for a daemon-run bridge (kernel stp_state 0)" \
	"$(echo "$T_OUT" | awk '$1 == "br0" {print $3}') $(kbr "$A" stp_state)" "yes 0"
t_eq "brctl show: the daemon's bridge id" "$(echo "$T_OUT" | awk '$1 == "br0" {print $2}')" \
	"$(dbr "$A" id)"
t_eq "brctl -j show: stp_by brkit-stpd" "$($BRKIT -n "$A" -j show | jq -r '.[0].stp_by')" \
	brkit-stpd
t_eq "bridge show -j: stp_by brkit-stpd" "$($BRKIT -n "$B" -j bridge show br0 | jq -r '.[0].stp_by')" \
	brkit-stpd
t_run "bridge show (text)" 0 $BRKIT -n "$B" bridge show br0
t_eq "bridge show: a line says brkit-stpd runs the tree" "$(echo "$T_OUT" | grep -c 'stp_by brkit-stpd')" 1
t_eq "bridge show -j: the daemon's root id" \
	"$($BRKIT -n "$C" -j bridge show br0 | jq -r '.[0].root_id')" "$(dbr "$C" root)"
t_run "brctl showstp on c" 0 $BRKIT -n "$C" showstp br0
t_eq "showstp: the daemon's bridge id" \
	"$(echo "$T_OUT" | awk '/^ bridge id/ {print $3}')" "$(dbr "$C" id)"
t_eq "showstp: the daemon's designated root (a's id)" \
	"$(echo "$T_OUT" | awk '/^ designated root/ {print $3; exit}')" "$(dbr "$A" id)"
alt=$($BRKIT -n "$C" -j stp show br0 | jq -r '.bridges[0].ports[] | select(.role == "alternate") | .name')
t_eq "c holds the alternate port p-cb" "$alt" p-cb
t_eq "showstp: the alternate port blocking (the kernel holds it listening)" \
	"$(echo "$T_OUT" | grep -A1 '^p-cb ' | awk '/state/ {print $NF}') $(kport "$C" p-cb state)" \
	"blocking listening"
t_eq "brctl -j showstp: the daemon's id, stp_by" \
	"$($BRKIT -n "$C" -j showstp br0 | jq -r '.bridge_id + " " + .stp_by')" "$(dbr "$C" id) brkit-stpd"
t_eq "port show -j: p-cb in the daemon's state and role" \
	"$($BRKIT -n "$C" -j port show br0 | jq -r '.[] | select(.ifname == "p-cb") | .state + " " + .role')" \
	"blocking alternate"
t_eq "brctl -j showstp: the ports' roles" \
	"$($BRKIT -n "$C" -j showstp br0 | jq -r '[.ports[] | .ifname + "=" + .role] | join(" ")')" \
	"p-ca=root p-cb=alternate p-h3=designated"
t_eq "port show: no role for a bridge no daemon runs" \
	"$(ip -n "$C" link add br8 type bridge && ip -n "$C" link add p-x8 type veth peer name p-y8 &&
		ip -n "$C" link set p-x8 master br8 && $BRKIT -n "$C" -j port show br8 | jq -r '.[0].role')" null
# a bridge with no ports: the daemon's id is the one brkit shows
ip -n "$A" link add br9 address 02:00:5e:00:53:99 type bridge
t_run "an empty bridge to the daemon" 0 $BRKIT -n "$A" stp br9 on
t_eq "empty bridge: the daemon's id is what brctl show prints" \
	"$($BRKIT -n "$A" show br9 | awk '$1 == "br9" {print $2}')" \
	"$($BRKIT -n "$A" -j stp show br9 | jq -r '.bridges[0].id')"
t_eq "empty bridge: the id is the device's address" "$($BRKIT -n "$A" -j stp show br9 | jq -r '.bridges[0].id')" \
	8000.02005e005399
t_eq "empty bridge: mode c, forward delay 0 in the kernel" "$(t_ipj "$A" br9 .linkinfo.info_data.forward_delay)" 0
# stp_state 0 on a daemon-run bridge hands it back (as stp BR off)
t_run "bridge set br9 stp_state 0: hands it back" 0 $BRKIT -n "$A" bridge set br9 stp_state 0
t_run "br9 is no longer the daemon's" 1 $BRKIT -n "$A" stp show br9
t_eq "br9: kernel STP off, the forward delay given back (15 s)" \
	"$(t_ipj "$A" br9 .linkinfo.info_data.stp_state) $(t_ipj "$A" br9 .linkinfo.info_data.forward_delay)" "0 1500"
t_eq "br9: brctl show says no" "$($BRKIT -n "$A" show br9 | awk '$1 == "br9" {print $3}')" no

# ---- brctl verbs go to the daemon ----
t_run "setbridgeprio c 4096" 0 $BRKIT -n "$C" setbridgeprio br0 4096
t_eq "setbridgeprio: the daemon's id" "$(dbr "$C" id | cut -c1-4)" 1000
t_eq "setbridgeprio: mirrored into the kernel (ip -d link priority)" "$(kbr "$C" priority)" 4096
s_wait "setbridgeprio: c is the root for a" 20 sh -c "[ \"\$($BRKIT -n $A -j stp show br0 | jq -r '.bridges[0].root' | cut -c1-4)\" = 1000 ]"
s_wait "c the root: one port blocked" 30 s_blocked_is 1 "$A" "$B" "$C"
sleep 1
t_bad "$C" "setbridgeprio 100 (the kernel's, not 802.1D's steps of 4096)" 1 \
	"set bridge priority failed: brkit-stpd runs br0.*multiple of 4096" $BRKIT -n "$C" setbridgeprio br0 100
t_eq "setbridgeprio 100 refused: the daemon's priority unchanged" "$(dbr "$C" id | cut -c1-4)" 1000
t_run "setbridgeprio c back to 32768" 0 $BRKIT -n "$C" setbridgeprio br0 32768
t_eq "setbridgeprio back: kernel 32768" "$(kbr "$C" priority)" 32768
s_wait "a is the root again" 20 sh -c "[ \"\$($BRKIT -n $C -j stp show br0 | jq -r '.bridges[0].root')\" = \"$(dbr "$A" id)\" ]"
s_wait "one port blocked again" 30 s_blocked_is 1 "$A" "$B" "$C"

sleep 1
t_bad "$C" "setfd 2 (below the daemon's 4 s)" 1 "set forward delay failed: brkit-stpd runs br0 and refused: fdelay '2'" \
	$BRKIT -n "$C" setfd br0 2
t_eq "setfd 2 refused: the daemon's forward delay and the kernel's 0 unchanged" "$(dbr "$C" fdelay) $(kbr "$C" forward_delay)" "15 0"
t_bad "$C" "setfd 4.5 (the daemon takes whole seconds)" 1 "brkit-stpd runs br0: forward delay 4.50 s: brkit-stpd takes whole seconds" \
	$BRKIT -n "$C" setfd br0 4.5
t_run "setfd 20" 0 $BRKIT -n "$C" setfd br0 20
t_eq "setfd 20: the daemon's, the kernel's stays 0 (mode c)" "$(dbr "$C" fdelay) $(kbr "$C" forward_delay)" "20 0"
t_run "sethello 1" 0 $BRKIT -n "$C" sethello br0 1
t_eq "sethello 1: the daemon's, mirrored into the kernel" "$(dbr "$C" hello) $(kbr "$C" hello_time)" "1 100"
t_bad "$C" "sethello 5 (the daemon's hello is 1 to 2 s)" 1 "brkit-stpd runs br0 and refused: hello '5'" \
	$BRKIT -n "$C" sethello br0 5
t_run "setmaxage 10" 0 $BRKIT -n "$C" setmaxage br0 10
t_eq "setmaxage 10: the daemon's, mirrored" "$(dbr "$C" maxage) $(kbr "$C" max_age)" "10 1000"
t_bad "$C" "setmaxage 39 (802.1D's relation with fdelay 20)" 1 "brkit-stpd runs br0 and refused: .*802.1D needs" \
	$BRKIT -n "$C" setmaxage br0 39
t_bad "$C" "setmaxage 45: the kernel's range first (usage)" 2 "max age" $BRKIT -n "$C" setmaxage br0 45

kcost=$(kport "$C" p-ca cost)
kprio=$(kport "$C" p-ca priority)
t_run "setpathcost c p-ca 3000 (roles stay)" 0 $BRKIT -n "$C" setpathcost br0 p-ca 3000
t_eq "setpathcost: the daemon's; the kernel's unchanged (not mirrored)" \
	"$(dport "$C" p-ca cost) $(kport "$C" p-ca cost)" "3000 $kcost"
t_run "setportprio c p-ca 16 (kernel units: 802.1D's 64)" 0 $BRKIT -n "$C" setportprio br0 p-ca 16
t_eq "setportprio: the daemon's 64; the kernel's unchanged" \
	"$(dport "$C" p-ca priority) $(kport "$C" p-ca priority)" "64 $kprio"
t_bad "$C" "setportprio 17 (not a step of 16 in 802.1D's units)" 1 "brkit-stpd runs br0: port priority 17" \
	$BRKIT -n "$C" setportprio br0 p-ca 17
t_bad "$C" "setpathcost 0: the kernel's range first (usage)" 2 "out of range" \
	$BRKIT -n "$C" setpathcost br0 p-ca 0

# ---- bridge set / port set ----
t_run "bridge set b priority 8192 hello_time 200 max_age 2000" 0 \
	$BRKIT -n "$B" bridge set br0 priority 8192 hello_time 200 max_age 2000
t_eq "bridge set: the daemon's" "$(dbr "$B" id | cut -c1-4) $(dbr "$B" hello) $(dbr "$B" maxage)" "2000 2 20"
t_eq "bridge set: mirrored into the kernel" "$(kbr "$B" priority) $(kbr "$B" hello_time) $(kbr "$B" max_age)" \
	"8192 200 2000"
t_bad "$B" "bridge set forward_delay 450 (whole seconds)" 1 "^brkit: bridge set br0: brkit-stpd runs br0: forward delay 4.50 s" \
	$BRKIT -n "$B" bridge set br0 forward_delay 450
t_bad "$B" "bridge set priority 100" 1 "^brkit: bridge set br0: brkit-stpd runs br0 and refused: priority '100'" \
	$BRKIT -n "$B" bridge set br0 priority 100 ageing_time 1000
t_eq "refused: ageing time unchanged too" "$(kbr "$B" ageing_time)" 30000
t_run "bridge set ageing_time 1000 priority 32768: split between kernel and daemon" 0 \
	$BRKIT -n "$B" bridge set br0 ageing_time 1000 priority 32768
t_eq "split: ageing in the kernel, priority in the daemon and mirrored" \
	"$(kbr "$B" ageing_time) $(dbr "$B" id | cut -c1-4) $(kbr "$B" priority)" "1000 8000 32768"
t_run "bridge set stp_state 1 on a daemon-run bridge: stays the daemon's" 0 \
	$BRKIT -n "$B" bridge set br0 stp_state 1
t_eq "stp_state 1: kernel STP still off, the daemon runs it" "$(kbr "$B" stp_state) $(dbr "$B" name)" "0 br0"

# b's priority went to 8192 and back: the tree settles before the port checks
# (t_bad compares the port states too)
s_wait "b's priority back: one port blocked" 30 s_blocked_is 1 "$A" "$B" "$C"
sleep 1
kcost=$(kport "$A" p-h1 cost)
t_run "port set a p-h1 cost 3000 priority 8 root_block on learning on" 0 \
	$BRKIT -n "$A" port set br0 p-h1 cost 3000 priority 8 root_block on learning on
t_eq "port set: the daemon's cost, priority (8 x 4) and rootguard" \
	"$(dport "$A" p-h1 cost) $(dport "$A" p-h1 priority) $(dport "$A" p-h1 rootguard)" "3000 32 1"
t_eq "port set: the kernel's cost and root_block unchanged" \
	"$(kport "$A" p-h1 cost) $(kport "$A" p-h1 root_block)" "$kcost false"
t_bad "$A" "port set priority 6" 1 "^brkit: port set br0 p-h1: brkit-stpd runs br0: port priority 6" \
	$BRKIT -n "$A" port set br0 p-h1 priority 6 hairpin on
t_run "port set root_block off guard off" 0 $BRKIT -n "$A" port set br0 p-h1 root_block off guard off
t_eq "port set: rootguard and bpduguard off" "$(dport "$A" p-h1 rootguard) $(dport "$A" p-h1 bpduguard)" "0 0"
s_wait "after the changes: one port blocked" 30 s_blocked_is 1 "$A" "$B" "$C"

# ---- behind the daemon's back (iproute2), on c restarted with a log ----
cpid=$(s_lab_pid "$L" c)
t_run "stop the lab's daemon for c" 0 kill "$cpid"
s_wait "c's daemon is gone" 20 s_gone "$cpid"
s_daemon "$C"
t_run "c's bridge to the new daemon" 0 $BRKIT -n "$C" stp br0 on
s_wait "one port blocked with c's new daemon" 40 s_blocked_is 1 "$A" "$B" "$C"
alt=$($BRKIT -n "$C" -j stp show br0 | jq -r '.bridges[0].ports[] | select(.role == "alternate") | .name')
t_eq "c holds the alternate port p-cb" "$alt" p-cb

t_run "ip: forward_delay 1500 behind the daemon's back" 0 ip -n "$C" link set br0 type bridge forward_delay 1500
s_wait "forward delay put back to 0 (ip -j -d)" 10 sh -c "[ \"\$(ip -n $C -j -d link show br0 | jq '.[0].linkinfo.info_data.forward_delay')\" = 0 ]"
s_wait "log: names forward_delay and what it restored" 10 grep -q "br0: forward_delay changed to 1500 cs behind brkit-stpd's back; restoring 0" "$T_TMP/stpd-$C.log"
t_run "ip: stp_state 1 behind the daemon's back" 0 ip -n "$C" link set br0 type bridge stp_state 1
s_wait "stp_state put back to 0 (ip -j -d)" 10 sh -c "[ \"\$(ip -n $C -j -d link show br0 | jq '.[0].linkinfo.info_data.stp_state')\" = 0 ]"
s_wait "log: names stp_state" 10 grep -q "br0: stp_state changed to 1 behind brkit-stpd's back; restoring 0" "$T_TMP/stpd-$C.log"
t_run "ip: priority 4096 behind the daemon's back" 0 ip -n "$C" link set br0 type bridge priority 4096
s_wait "priority put back to the daemon's 32768" 10 sh -c "[ \"\$(ip -n $C -j -d link show br0 | jq '.[0].linkinfo.info_data.priority')\" = 32768 ]"
t_eq "the daemon's id unchanged" "$(dbr "$C" id | cut -c1-4)" 8000
t_run "bridge: the alternate port forwarding behind the daemon's back" 0 bridge -n "$C" link set dev p-cb state 3
s_wait "p-cb put back to listening" 10 sh -c "[ \"\$(ip -n $C -j -d link show p-cb | jq -r '.[0].linkinfo.info_slave_data.state')\" = listening ]"
grep -q "port p-cb moved to forwarding behind brkit-stpd's back; restoring listening" "$T_TMP/stpd-$C.log"
t_eq "log: names the port state" "$?" 0
# 2 x the 15 s forward delay the kernel was given would move a port on: watch
# a while for a port the daemon holds discarding that the kernel forwards
sleep 4
t_eq "behind the back: still one port blocked" "$(s_blocked "$A" "$B" "$C")" 1
t_eq "behind the back: no port forwarding that the daemon holds discarding" "$(leaks)" 0
nostorm "behind the back" "$B" p-ba

# ---- setfd (refused) then a carrier flap of the alternate port ----
t_run "setfd 2 on c (refused: the kernel is not given it)" 1 $BRKIT -n "$C" setfd br0 2
t_eq "setfd 2: the kernel's forward delay still 0" "$(kbr "$C" forward_delay)" 0
# the daemon's shortest forward delay (4 s needs max age 6: 802.1D's relation)
t_run "setmaxage 6 on c" 0 $BRKIT -n "$C" setmaxage br0 6
t_run "setfd 4 on c" 0 $BRKIT -n "$C" setfd br0 4
t_eq "setfd 4: the daemon's 4, the kernel's 0, max age mirrored" \
	"$(dbr "$C" fdelay) $(kbr "$C" forward_delay) $(kbr "$C" max_age)" "4 0 600"
t_run "flap c:p-cb down" 0 ip -n "$C" link set p-cb down
t_run "flap c:p-cb up" 0 ip -n "$C" link set p-cb up
s_wait "after the flap one port blocked" 30 s_blocked_is 1 "$A" "$B" "$C"
# the issue's kernel moved the port to learning after 4 s and forwarding after
# 8 s (2 x 2 s); with the daemon's 4 s it would be 8 and 16 s: 9 s covers the first
sleep 9
t_eq "9 s after the flap: still one port blocked" "$(s_blocked "$A" "$B" "$C")" 1
t_eq "9 s after the flap: no port forwarding that the daemon holds discarding" "$(leaks)" 0
nostorm "after the flap" "$B" p-ba
s_wait "pings pass" 20 s_pings "$L-h1" 192.0.2.3

s_down "$L"
t_end

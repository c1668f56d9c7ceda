#!/bin/sh
# brkit-stpd next to Open vSwitch 3.1's RSTP: a lab (tests/lab/stpd_ovs.yml)
# whose ring b1 - b2 - ov - b3 has three brkit-stpd bridges and one OVS bridge
# (userspace datapath; ovsdb-server and ovs-vswitchd started by this suite in
# the ov node's namespace, tests/netns/ovs.inc). Checked from both sides
# (brkit's `stp show -j`, OVS's `rstp/show`) and through iproute2: the root is
# the lowest id, exactly one port is blocked, pings pass, a cut heals (within
# a generous 10 s: bench/stpd.sh ovs measures the real outage), then the same
# with OVS as the root. The daemon keeps each bridge's address (its id) fixed
# from the moment it takes the bridge: the lab's bridges have no `address:`,
# their ports join after the daemon took them, and a port with a lower MAC
# joining later changes nothing. At the end every OVS daemon started here has
# stopped (by the pids recorded at start).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/stpd-lab.inc"
. "$(dirname "$0")/ovs.inc"
OVS_BASE=$T_TMP/ovs
trap 'ovs_stop; s_cleanup' EXIT

if ! ovs_have; then
	t_fail "Open vSwitch is not installed (openvswitch-switch: sh scripts/deps.sh test)"
	t_end
	exit 1
fi

L="t$$-ov"
s_up stpd_ovs.yml "$L" || exit 1
B1=$L-b1 B2=$L-b2 B3=$L-b3 OV=$L-ov

# the address each brkit bridge has since the daemon took it (before its ports joined)
for ns in $B1 $B2 $B3; do
	t_eq "$ns: the daemon fixed br0's address (sysfs addr_assign_type 3, set)" \
		"$(ip netns exec "$ns" cat /sys/class/net/br0/addr_assign_type)" 3
	t_eq "$ns: the daemon's bridge id is br0's address (iproute2)" \
		"$(s_id "$ns" | cut -d. -f2)" "$(s_mac "$ns")"
	eval "ID_$(echo "$ns" | tr -c 'a-zA-Z0-9\n' _)=$(s_id "$ns")"
	t_run "$ns: hello 1" 0 $BRKIT -n "$ns" stp set br0 hello 1
done
idof() { eval "echo \$ID_$(echo "$1" | tr -c 'a-zA-Z0-9\n' _)"; }

t_run "OVS: ovsdb-server and ovs-vswitchd started in $OV" 0 ovs_start "$OV"
in_ov() { # the OVS daemons started here: how many run in OV's namespace
	_ino=$(ip netns exec "$OV" readlink /proc/self/ns/net)
	for _p in $OVS_PIDS; do [ "$(readlink "/proc/$_p/ns/net")" = "$_ino" ] && echo "$_p"; done | wc -l
}
t_eq "OVS: both daemons run, in $OV's namespace" "$(ovs_alive) $(in_ov)" "2 2"
t_run "OVS: bridge br0 (netdev, RSTP, priority 12288) with o-2, o-3, o-h" 0 \
	ovs_bridge "$OV" 12288 o-2 o-3 o-h=edge

# agree ROOT: every bridge holds ROOT as its root (brkit: stp show -j; OVS: rstp/show)
agree() {
	[ "$(s_root "$B1")" = "$1" ] && [ "$(s_root "$B2")" = "$1" ] &&
		[ "$(s_root "$B3")" = "$1" ] && [ "$(ovs_root "$OV")" = "$1" ]
}
# brole NS PORT: the daemon's role and state of PORT
brole() {
	$BRKIT -n "$1" -j stp show br0 "$2" | jq -r '.bridges[0].ports[0] | "\(.role) \(.state)"'
}
# kst NS PORT: the kernel's state of PORT (iproute2)
kst() { bridge -n "$1" -j link show dev "$2" | jq -r '.[0].state'; }
tree_b1() { # b1 root: OVS's o-3 the one blocked port
	agree "$(idof "$B1")" && [ "$(s_blocked "$B1" "$B2" "$B3")" = 0 ] &&
		[ "$(ovs_blocked "$OV")" = 1 ] && [ "$(ovs_port "$OV" o-3)" = "Alternate Discarding" ]
}

# 1. a brkit bridge (b1) is the root
s_wait "b1 root: every bridge agrees on b1's id $(idof "$B1"), OVS's o-3 the one blocked port" \
	60 tree_b1 || { s_dump "$B1" "$B2" "$B3"; ovs_show "$OV" >&2; }
t_eq "b1 root: OVS's root port is o-2, toward b2" "$(ovs_port "$OV" o-2)" "Root Forwarding"
t_eq "b1 root: b2's port toward OVS is designated forwarding (daemon, kernel)" \
	"$(brole "$B2" p-2o) $(kst "$B2" p-2o)" "designated forwarding forwarding"
t_eq "b1 root: b3's port toward OVS's alternate is designated forwarding (daemon, kernel)" \
	"$(brole "$B3" p-3o) $(kst "$B3" p-3o)" "designated forwarding forwarding"
s_wait "b1 root: h1 pings h2 (b1 - b2 - OVS)" 20 s_pings "$L-h1" 192.0.2.2

# 2. a cut on the path heals through OVS's alternate port
t_run "cut b2:p-2o" 0 $BRKIT lab link "$L" b2:p-2o down
o3root() { [ "$(ovs_port "$OV" o-3)" = "Root Forwarding" ]; }
s_wait "cut: OVS's o-3 becomes its root port, forwarding" 20 o3root
s_wait "cut: h1 pings h2 again within 10 s (b1 - b3 - OVS)" 20 s_pings "$L-h1" 192.0.2.2
t_eq "cut: no port blocked, on either side" "$(s_blocked "$B1" "$B2" "$B3") $(ovs_blocked "$OV")" "0 0"
t_run "restore b2:p-2o" 0 $BRKIT lab link "$L" b2:p-2o up
s_wait "restored: the same tree again" 60 tree_b1
s_wait "restored: h1 pings h2" 20 s_pings "$L-h1" 192.0.2.2

# 3. the bridge ids stayed put while ports joined (lab up) and link states changed
for ns in $B1 $B2 $B3; do
	t_eq "$ns: id unchanged since the daemon took br0" "$(s_id "$ns")" "$(idof "$ns")"
done
# a port whose MAC is lower than every other joins b2: the kernel would take
# it for br0's address (and the id would change) if the daemon had not fixed it
ip -n "$B2" link add p-low address 00:00:5e:00:53:01 type veth peer name p-low2
t_run "b2: a port with MAC 00:00:5e:00:53:01 joins br0" 0 ip -n "$B2" link set p-low master br0 up
s_wait "b2: the daemon runs p-low" 10 sh -c "$BRKIT -n $B2 -j stp show br0 p-low | jq -e '.bridges[0].ports[0]'"
t_eq "b2: br0's address unchanged (iproute2)" "$(s_mac "$B2")" "$(idof "$B2" | cut -d. -f2)"
t_eq "b2: the daemon's id unchanged" "$(s_id "$B2")" "$(idof "$B2")"
t_eq "b2: every bridge still holds b1's id as the root (OVS too)" \
	"$(agree "$(idof "$B1")" && echo yes)" yes
ip -n "$B2" link del p-low

# 4. OVS is the root
t_run "OVS: priority 0" 0 ovs_vsctl "$OV" set bridge br0 other_config:rstp-priority=0
OID=$(ovs_id "$OV")
t_eq "OVS: its id has priority 0" "${OID%%.*}" 0000
tree_ov() { # OVS root: b1's p-13 (toward b3, the worse designated bridge) the one blocked port
	agree "$OID" && [ "$(ovs_blocked "$OV")" = 0 ] &&
		[ "$(s_blocked "$B1" "$B2" "$B3")" = 1 ] && [ "$(brole "$B1" p-13)" = "alternate discarding" ]
}
s_wait "OVS root: every bridge agrees on OVS's id $OID, b1's p-13 the one blocked port" 60 tree_ov ||
	{ s_dump "$B1" "$B2" "$B3"; ovs_show "$OV" >&2; }
t_eq "OVS root: b1's p-13 not forwarding in the kernel (iproute2)" "$(kst "$B1" p-13)" listening
t_eq "OVS root: b1's root port p-12, b2's root port p-2o (daemon)" \
	"$(brole "$B1" p-12) $(brole "$B2" p-2o)" "root forwarding root forwarding"
t_eq "OVS root: OVS's ports all designated forwarding" \
	"$(ovs_port "$OV" o-2), $(ovs_port "$OV" o-3)" "Designated Forwarding, Designated Forwarding"
s_wait "OVS root: h1 pings h2" 20 s_pings "$L-h1" 192.0.2.2
t_run "cut b1:p-12" 0 $BRKIT lab link "$L" b1:p-12 down
s_wait "cut: b1's p-13 becomes its root port" 20 sh -c \
	"$BRKIT -n $B1 -j stp show br0 p-13 | jq -e '.bridges[0].ports[0].role == \"root\"'"
s_wait "cut: h1 pings h2 again within 10 s (b1 - b3 - OVS)" 20 s_pings "$L-h1" 192.0.2.2
t_run "restore b1:p-12" 0 $BRKIT lab link "$L" b1:p-12 up
s_wait "restored: the same tree again" 60 tree_ov

# 5. OVS stops (the pids started here), then the lab goes
pids=$OVS_PIDS
t_run "OVS: stopped" 0 ovs_stop
left=0
for p in $pids; do [ -d "/proc/$p" ] && [ -n "$(tr -d '\0' <"/proc/$p/cmdline" 2>/dev/null)" ] && left=$((left + 1)); done
t_eq "OVS: none of the $(echo $pids | wc -w) daemons started here runs" "$left" 0
t_eq "OVS: no process runs in $OV's namespace" \
	"$(ip netns pids "$OV" 2>/dev/null | wc -l)" 0
s_down "$L"
t_end

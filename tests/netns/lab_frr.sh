#!/bin/sh
# Labs with FRR: tests/lab/evpn2.yml (two hypervisors, eBGP EVPN over a veth
# underlay, advertise-all-vni, VNI 100, one VM each) comes up; the VMs ping
# across; each hypervisor's FDB, read with iproute2's JSON, holds the remote
# VM's MAC as extern_learn and the flood entry 00:00:00:00:00:00 dst
# REMOTE-VTEP (both zebra's); `lab exec ... vtysh` reaches the node's FRR;
# vtysh's write memory stays in the node's run folder; down leaves no FRR
# process, namespace or run folder. tests/lab/evpn_rr.yml (a spine router as
# route reflector, two VNIs with the same VM addresses in each): each VNI's
# VMs ping, and stay apart. And down after a kill -9 of lab up while it
# starts the daemons.
. "$(dirname "$0")/../lib.sh"
L="evpnlab-$$"
LABS=""
lab_cleanup() {
	for l in $LABS; do $BRKIT lab down "$l" >/dev/null 2>&1; done
	t_cleanup
}
trap lab_cleanup EXIT
FILE=$T_TOP/tests/lab/evpn2.yml

. "$(dirname "$0")/frr.inc"
now_ms() { echo $(($(date +%s%N) / 1000000)); }

LABS="$L"
t0=$(now_ms)
t_run "lab up evpn2.yml" 0 $BRKIT lab up "$FILE" name "$L"
t_up=$(now_ms)
DIR1=/run/brkit/lab/.$L/hv1
DIR2=/run/brkit/lab/.$L/hv2

# the VMs ping across, polled first (the time to the first answer is a
# figure of the README): 60 tries of 1.2 s at most
pinged=""
i=0
while [ $i -lt 60 ]; do
	if $BRKIT lab exec "$L" vm1 ping -c1 -W1 198.51.100.2 >/dev/null 2>&1; then
		pinged=$(now_ms)
		break
	fi
	i=$((i + 1))
	sleep 0.2
done
if [ -n "$pinged" ]; then
	t_ok "vm1 pings vm2 across the EVPN (lab up took $((t_up - t0)) ms; first ping answered $((pinged - t0)) ms after lab up started)"
else
	t_fail "vm1 does not reach vm2 within 60 s"
fi
# the layout FRR expects, read back with iproute2
t_eq "hv1: vxlan100 id 100, local 192.0.2.11, dstport 4789, nolearning, in br100" \
	"$(ip -n "$L-hv1" -d -j link show dev vxlan100 | jq -c '.[0] | [.linkinfo.info_data.id, .linkinfo.info_data.local, .linkinfo.info_data.port, .linkinfo.info_data.learning, .master]')" \
	'[100,"192.0.2.11",4789,false,"br100"]'
t_eq "hv1: vxlan100's port flags: learning off, neigh_suppress on" \
	"$(bridge -n "$L-hv1" -d -j link show dev vxlan100 | jq -c '.[0] | [.learning, .neigh_suppress]')" \
	'[false,true]'
t_eq "hv2: vnet1 (vlan: 10) is a port of br100" \
	"$(ip -n "$L-hv2" -j link show dev vnet1 | jq -r '.[0].master')" br100
t_eq "hv1: loopback 192.0.2.11/32 on lo" \
	"$(ip -n "$L-hv1" -j addr show dev lo | jq -r '[.[0].addr_info[] | select(.local == "192.0.2.11")] | length')" 1
t_eq "hv1: forwarding on" "$(ip netns exec "$L-hv1" cat /proc/sys/net/ipv4/ip_forward)" 1
t_eq "hv1, hv2: zebra, bgpd and staticd run (pid files, live processes)" \
	"$(frr_procs "$DIR1") $(frr_procs "$DIR2")" "3 3"
for f in "$DIR1"/zebra.pid "$DIR1"/bgpd.pid "$DIR1"/staticd.pid; do
	p=$(cat "$f" 2>/dev/null)
	if [ -n "$p" ] && [ "$(readlink "/proc/$p/ns/net")" = "$(ip netns exec "$L-hv1" readlink /proc/self/ns/net)" ]; then
		t_ok "$(basename "$f" .pid) of hv1 runs in hv1's namespace"
	else
		t_fail "$(basename "$f" .pid) of hv1 (pid [$p]) is not in hv1's namespace"
	fi
done

t_run "vm2 pings vm1" 0 $BRKIT lab exec "$L" vm2 ping -c1 -W5 198.51.100.1

mac1=$(ip -n "$L-vm1" -j link show dev eth0 | jq -r '.[0].address')
mac2=$(ip -n "$L-vm2" -j link show dev eth0 | jq -r '.[0].address')
# fdb_has NS MAC DST: vxlan100's entry for MAC (dst DST) is extern_learn; poll 30 s
fdb_check() {
	_i=0
	while [ $_i -lt 60 ]; do
		_got=$(bridge -n "$1" -j fdb show dev "${4:-vxlan100}" |
			jq -c --arg m "$2" --arg d "$3" '[.[] | select(.mac == $m and .dst == $d) | (.flags | index("extern_learn") != null)] | any')
		[ "$_got" = true ] && break
		_i=$((_i + 1))
		sleep 0.5
	done
	echo "$_got"
}
t_eq "hv1: vm2's MAC on vxlan100, dst 192.0.2.12, extern_learn" "$(fdb_check "$L-hv1" "$mac2" 192.0.2.12)" true
t_eq "hv2: vm1's MAC on vxlan100, dst 192.0.2.11, extern_learn" "$(fdb_check "$L-hv2" "$mac1" 192.0.2.11)" true
t_eq "hv1: vm2's MAC on br100 (master), extern_learn" \
	"$(bridge -n "$L-hv1" -j fdb show br br100 | jq -c --arg m "$mac2" '[.[] | select(.mac == $m and .master == "br100") | (.flags | index("extern_learn") != null)] | any')" true
t_eq "hv1: flood entry 00:00:00:00:00:00 dst 192.0.2.12 (permanent)" \
	"$(bridge -n "$L-hv1" -j fdb show dev vxlan100 | jq -c '[.[] | select(.mac == "00:00:00:00:00:00" and .dst == "192.0.2.12") | .state] | .[0]')" '"permanent"'
t_eq "hv2: flood entry 00:00:00:00:00:00 dst 192.0.2.11 (permanent)" \
	"$(bridge -n "$L-hv2" -j fdb show dev vxlan100 | jq -c '[.[] | select(.mac == "00:00:00:00:00:00" and .dst == "192.0.2.11") | .state] | .[0]')" '"permanent"'

# vtysh through lab exec
t_run "lab exec hv1 vtysh -c 'show bgp summary json'" 0 \
	$BRKIT lab exec "$L" hv1 vtysh -c 'show bgp summary json'
t_eq "hv1's BGP session to hv2 is Established (vtysh's JSON)" \
	"$(printf '%s' "$T_OUT" | jq -r '.ipv4Unicast.peers["203.0.113.1"].state')" Established
t_eq "hv1's router id and AS (vtysh's JSON)" \
	"$(printf '%s' "$T_OUT" | jq -c '[.ipv4Unicast.routerId, .ipv4Unicast.as]')" '["192.0.2.11",65011]'
t_eq "hv2's FRR knows VNI 100 with hv1 as a remote VTEP" \
	"$($BRKIT lab exec "$L" hv2 vtysh -c 'show evpn vni 100 json' | jq -c '.numRemoteVteps')" '["192.0.2.11"]'

# vtysh's write goes to the node's run folder, never to /etc/frr
etc_before=$(ls -l --time-style=+%s.%N /etc/frr 2>&1; cat /etc/frr/frr.conf 2>&1 | md5sum)
t_run "lab exec hv1 vtysh -c 'write memory'" 0 $BRKIT lab exec "$L" hv1 vtysh -c 'write memory'
t_eq "write memory: the node's frr.conf has the running configuration" \
	"$(grep -c '^ *advertise-all-vni$' "$DIR1/frr.conf")" 1
t_eq "write memory: /etc/frr untouched" \
	"$(ls -l --time-style=+%s.%N /etc/frr 2>&1; cat /etc/frr/frr.conf 2>&1 | md5sum)" "$etc_before"

# down: no FRR process, namespace, state or run folder
pids="$(cat "$DIR1"/*.pid "$DIR2"/*.pid 2>/dev/null)"
t_eq "six pid files" "$(echo $pids | wc -w)" 6
t_run "lab down" 0 $BRKIT lab down "$L"
alive=0
for p in $pids; do
	[ -r "/proc/$p/stat" ] && [ "$(awk '{print $3}' "/proc/$p/stat")" != Z ] && alive=$((alive + 1))
done
t_eq "down: none of the six daemons lives on" "$alive" 0
t_eq "down: nothing left (namespaces, state, run folder, FRR processes)" "$(leftovers "$L")" "0 0 0 0"

# tests/lab/evpn_rr.yml: a spine (kind router, FRR) as the route reflector of
# two hypervisors, two VNIs with one VM each per hypervisor; the VMs of VNI
# 100 and of VNI 200 have the same addresses, so a VM answered from the
# other VNI would show in its neighbour table
L3="evpnlab-$$-rr"
LABS="$LABS $L3"
t_run "lab up evpn_rr.yml (spine as route reflector)" 0 $BRKIT lab up "$T_TOP/tests/lab/evpn_rr.yml" name "$L3"
ok=""
i=0
while [ $i -lt 60 ]; do
	$BRKIT lab exec "$L3" a1 ping -c1 -W1 198.51.100.2 >/dev/null 2>&1 && ok=1 && break
	i=$((i + 1))
	sleep 0.2
done
t_eq "rr: a1 pings a2 (VNI 100) across the spine" "$ok" 1
t_run "rr: b1 pings b2 (VNI 200)" 0 $BRKIT lab exec "$L3" b1 ping -c1 -W5 198.51.100.2
a2mac=$(ip -n "$L3-a2" -j link show dev eth0 | jq -r '.[0].address')
b2mac=$(ip -n "$L3-b2" -j link show dev eth0 | jq -r '.[0].address')
t_eq "rr: a1 reached a2's MAC, not b2's (the VNIs stay apart)" \
	"$(ip -n "$L3-a1" -j neigh show 198.51.100.2 | jq -r '.[0].lladdr')" "$a2mac"
t_eq "rr: b1 reached b2's MAC" "$(ip -n "$L3-b1" -j neigh show 198.51.100.2 | jq -r '.[0].lladdr')" "$b2mac"
t_eq "rr: hv1 holds b2's MAC on vxlan200 only (dst 192.0.2.12, extern_learn)" \
	"$(fdb_check "$L3-hv1" "$b2mac" 192.0.2.12 vxlan200 | sed 's/^/200:/') $(bridge -n "$L3-hv1" -j fdb show dev vxlan100 | jq -c --arg m "$b2mac" '[.[] | select(.mac == $m)] | length')" "200:true 0"
t_eq "rr: the spine runs zebra and bgpd only" "$(frr_procs "/run/brkit/lab/.$L3/spine")" 2
t_run "rr: lab down" 0 $BRKIT lab down "$L3"
t_eq "rr: nothing left" "$(leftovers "$L3")" "0 0 0 0"

# kill -9 of lab up while it starts the daemons (once hv1's zebra and bgpd
# run), then down
L2="evpnlab-$$-k"
LABS="$LABS $L2"
$BRKIT lab up "$FILE" name "$L2" >"$T_TMP/up2.out" 2>&1 &
upid=$!
i=0
while [ $i -lt 2000 ]; do
	[ -f "/run/brkit/lab/.$L2/hv1/bgpd.pid" ] && break
	kill -0 $upid 2>/dev/null || break
	i=$((i + 1))
	sleep 0.01
done
kill -9 $upid 2>/dev/null
wait $upid 2>/dev/null
if grep -qx complete "/run/brkit/lab/$L2" 2>/dev/null; then
	echo "# note: up had finished when the kill came"
else
	t_ok "kill -9 landed while up was starting FRR ($(frr_procs "/run/brkit/lab/.$L2/hv1") + $(frr_procs "/run/brkit/lab/.$L2/hv2") daemons running)"
fi
t_run "after kill -9: lab down" 0 $BRKIT lab down "$L2"
t_eq "after kill -9: nothing left (namespaces, state, run folder, FRR processes)" \
	"$(leftovers "$L2")" "0 0 0 0"
t_eq "no FRR process of either lab anywhere" "$(frr_procs "/run/brkit/lab/.evpnlab-$$")" 0

t_end

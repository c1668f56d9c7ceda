#!/bin/sh
# An EVPN fabric in a lab (tests/lab/evpn_fabric.yml): three hypervisors and a
# BGP route reflector running FRR, two VNIs, two VMs per hypervisor, brought up
# with `brkit lab up` and read back through iproute2's JSON and FRR's JSON:
#  - every VM pair of a VNI pings, no pair across the VNIs does (each VM has
#    an on-link route to the other VNI's subnet, so a leak would answer; a
#    control shows it would);
#  - each hypervisor's FDB holds every remote VM's MAC as extern_learn (in the
#    bridge, and in the VXLAN device with the remote VTEP as dst) and one flood
#    entry (00:00:00:00:00:00 dst VTEP self permanent) per remote VTEP and VNI,
#    as FRR's `show evpn mac vni all json` says;
#  - ARP suppression: a VM's ARP for a remote VM is answered by its own
#    hypervisor (no request goes out of the VXLAN device; one for an unknown
#    address does);
#  - VM move: vm11 is paused on hv1 (silent, its port and FDB entry stay) and
#    its twin (same MAC and address) comes up on hv3; after its first frame
#    there, the others reach it through hv3, with MAC mobility's sequence
#    number raised; then the VM leaves hv1 (its port goes);
#  - hv2's underlay link cut: its VMs' MACs and its flood entries are withdrawn
#    from hv1 and hv3; restored: they come back and its VMs ping again.
# Every wait polls with a generous deadline; nothing is timed.
. "$(dirname "$0")/../lib.sh"
L=evpnfab$$
LAB=$T_TOP/tests/lab/evpn_fabric.yml
TW=$L-twin
trap '$BRKIT lab down "$L" >/dev/null 2>&1; ip netns del "$TW" 2>/dev/null; t_cleanup' EXIT

FRR=${BRKIT_FRR_DIR:-/usr/lib/frr}
if ! [ -x "$FRR/zebra" ] || ! [ -x "$FRR/bgpd" ] || ! command -v vtysh >/dev/null || ! command -v tcpdump >/dev/null; then
	t_fail "FRR (zebra, bgpd, vtysh) or tcpdump is not installed (sh scripts/deps.sh test): not run"
	t_end
	exit 1
fi

vt() { $BRKIT lab exec "$L" "$1" vtysh -c "$2" 2>/dev/null; } # NODE CMD
fdbj() { bridge -n "$L-$1" -j fdb show; }                   # NODE
mac_of() { ip -n "$L-$1" -j link show eth0 | jq -r '.[0].address'; }
# wait_for DESC SECONDS CMD...: poll CMD every 0.2 s until it succeeds.
wait_for() {
	_d=$1 _s=$2
	shift 2
	_i=0
	until "$@" >/dev/null 2>&1; do
		_i=$((_i + 1))
		if [ $_i -gt $((_s * 5)) ]; then
			t_fail "$_d (not within $_s s)"
			return 1
		fi
		sleep 0.2
	done
	t_ok "$_d"
}

VMS="vm11 vm12 vm21 vm22 vm31 vm32"
HVS="1 2 3"
vni_of() { case $1 in vm?1) echo 100 ;; *) echo 200 ;; esac; }
ip_of() {
	case $1 in
	vm?1) echo "192.0.2.${1#vm}" ;;
	*) echo "203.0.113.${1#vm}" ;;
	esac
}
hv_of() { echo "$1" | cut -c3; }

t_run "lab up" 0 $BRKIT lab up "$LAB" name "$L"
[ -d "/run/netns" ] && [ -e "/run/netns/$L-rr" ] || { t_end; exit 1; }

established() { [ "$(vt rr 'show bgp l2vpn evpn summary json' | jq '[.peers[] | select(.state == "Established")] | length')" = 3 ]; }
wait_for "the route reflector's three sessions are Established" 120 established

# The VMs: IPv6 off (nothing but what the test sends), an on-link route to
# the other VNI's subnet (so a leak between the VNIs would be answered).
for v in $VMS; do
	ip netns exec "$L-$v" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	if [ "$(vni_of $v)" = 100 ]; then o=203.0.113.0/24; else o=192.0.2.0/24; fi
	ip -n "$L-$v" route add "$o" dev eth0
	eval "MAC_$v=\$(mac_of $v)"
done
# The hypervisors: an address on each VNI's bridge (the SVI), from which it
# pings its VMs once, so zebra learns their IP addresses (MAC+IP routes, the
# remote neighbours that ARP suppression answers from); local MACs kept an
# hour (slow machines: nothing ages out during the test).
for h in $HVS; do
	ip -n "$L-hv$h" addr add "192.0.2.20$h/24" dev br100
	ip -n "$L-hv$h" addr add "203.0.113.20$h/24" dev br200
	ip -n "$L-hv$h" link set br100 type bridge ageing_time 360000
	ip -n "$L-hv$h" link set br200 type bridge ageing_time 360000
done

# ---- every pair of a VNI pings, no pair across ----
pings() { ip netns exec "$L-$1" ping -c1 -W1 "$2"; } # VM IP
npairs=0
for a in $VMS; do
	for b in $VMS; do
		[ "$a" = "$b" ] && continue
		[ "$(vni_of $a)" = "$(vni_of $b)" ] || continue
		wait_for "$a pings $b ($(ip_of $b), VNI $(vni_of $a))" 60 pings "$a" "$(ip_of $b)" && npairs=$((npairs + 1))
	done
done
t_eq "every pair of a VNI pings" "$npairs" 12
# the control: a VM of VNI 100 given an address of VNI 200's subnet is reached
ip -n "$L-vm21" addr add 203.0.113.99/24 dev eth0
wait_for "control: vm11 reaches 203.0.113.99 on its own VNI through its on-link route" 60 pings vm11 203.0.113.99
ip -n "$L-vm21" addr del 203.0.113.99/24 dev eth0
ncross=0
for a in $VMS; do
	for b in $VMS; do
		[ "$(vni_of $a)" = "$(vni_of $b)" ] && continue
		if ip netns exec "$L-$a" ping -c2 -i0.2 -W1 "$(ip_of $b)" >/dev/null 2>&1; then
			t_fail "$a (VNI $(vni_of $a)) reached $b (VNI $(vni_of $b))"
		else
			ncross=$((ncross + 1))
		fi
	done
done
t_eq "no pair across the VNIs pings (18 tried)" "$ncross" 18

for h in $HVS; do
	for v in $VMS; do [ "$(hv_of $v)" = "$h" ] && ip netns exec "$L-hv$h" ping -c1 -W1 "$(ip_of $v)" >/dev/null 2>&1; done
done

# ---- the FDB: remote MACs extern_learn, one flood entry per remote VTEP ----
# fdb_ok HV: every remote VM's MAC in the bridge (extern_learn, on vxlanVNI)
# and in the VXLAN device (dst its VTEP), and the flood entries, exactly.
fdb_ok() {
	_h=$1
	_j=$(fdbj "hv$_h")
	for _v in $VMS; do
		_vh=$(hv_of $_v)
		[ "$_vh" = "$_h" ] && continue
		_m=$(eval echo "\$MAC_$_v")
		_n=$(echo "$_j" | jq --arg m "$_m" --arg d "vxlan$(vni_of $_v)" --arg b "br$(vni_of $_v)" --arg t "198.51.100.$_vh" \
			'[.[] | select(.mac == $m and .ifname == $d and (.flags | index("extern_learn")) and
			  ((.master == $b and .dst == null) or (.dst == $t and (.flags | index("self")))))] | length')
		[ "$_n" = 2 ] || return 1
	done
	for _x in 100 200; do
		_f=$(echo "$_j" | jq -r --arg d "vxlan$_x" '[.[] | select(.mac == "00:00:00:00:00:00" and .ifname == $d and
			(.flags | index("self")) and .state == "permanent") | .dst] | sort | join(" ")')
		_want=$(for _o in $HVS; do [ "$_o" = "$_h" ] || printf '198.51.100.%s ' "$_o"; done | sed 's/ $//')
		[ "$_f" = "$_want" ] || return 1
	done
}
for h in $HVS; do
	wait_for "hv$h: the 4 remote MACs extern_learn (bridge and VXLAN dst), flood entries to the 2 other VTEPs per VNI" 60 fdb_ok "$h"
done
# FRR says the same: the remote MACs and their VTEPs
frr_macs() { # HV: "MAC VTEP" of FRR's remote MACs, sorted
	vt "hv$1" "show evpn mac vni all json" | jq -r '.[] | .macs // {} | to_entries[] |
		select(.value.type == "remote") | "\(.key) \(.value.remoteVtep)"' | sort
}
for h in $HVS; do
	want=$(for v in $VMS; do [ "$(hv_of $v)" = "$h" ] || echo "$(eval echo "\$MAC_$v") 198.51.100.$(hv_of $v)"; done | sort)
	got=$(frr_macs "$h")
	t_eq "hv$h: FRR's remote MACs are the FDB's" "$got" "$want"
done

# ---- ARP suppression: vm21 asks for vm11's address; hv2 answers ----
neigh_ok() { # HV IP MAC: the SVI holds the remote neighbour zebra installed
	ip -n "$L-hv$1" -j neigh show dev br100 | jq -e --arg i "$2" --arg m "$3" \
		'[.[] | select(.dst == $i and .lladdr == $m)] | length == 1'
}
wait_for "hv2: zebra installed vm11's address on br100 (MAC+IP route)" 60 neigh_ok 2 192.0.2.11 "$MAC_vm11"
wait_for "hv2: FRR's arp-cache has vm11's address as remote" 60 sh -c \
	"$BRKIT lab exec $L hv2 vtysh -c 'show evpn arp-cache vni 100 json' | jq -e '.\"192.0.2.11\".type == \"remote\"'"
ip -n "$L-vm21" neigh flush all
ip netns exec "$L-hv2" tcpdump -Q out -l -n -i vxlan100 arp >"$T_TMP/arp" 2>"$T_TMP/arp.err" &
TD=$!
wait_for "tcpdump listens on hv2's vxlan100" 60 grep -q "listening on" "$T_TMP/arp.err"
t_run "vm21 pings vm11 with an empty neighbour table" 0 ip netns exec "$L-vm21" ping -c1 -W5 192.0.2.11
t_eq "vm21 learnt vm11's MAC" "$(ip -n "$L-vm21" -j neigh show 192.0.2.11 | jq -r '.[0].lladdr')" "$MAC_vm11"
# the marker: an ARP for an address nobody has is flooded out of vxlan100
ip netns exec "$L-vm21" ping -c1 -W1 192.0.2.99 >/dev/null 2>&1
wait_for "control: vm21's ARP for an unknown address goes out of hv2's vxlan100" 60 grep -q "who-has 192.0.2.99" "$T_TMP/arp"
kill "$TD"
wait "$TD" 2>/dev/null
t_eq "no ARP request for vm11's address left hv2 (answered by hv2's bridge)" "$(grep -c "who-has 192.0.2.11 " "$T_TMP/arp")" 0

# ---- VM move: vm11 from hv1 to hv3 ----
mac_seq() { # HV MAC: "type vtep localSeq remoteSeq" in FRR
	vt "hv$1" "show evpn mac vni 100 mac $2 json" | jq -r '.[] | "\(.type) \(.remoteVtep // "-") \(.localSequence) \(.remoteSequence)"'
}
t_eq "before the move: hv2 sees vm11's MAC at hv1, sequence 0" "$(mac_seq 2 "$MAC_vm11")" "remote 198.51.100.1 0 0"
# the twin on hv3: same MAC, silent (no address, ARP off, IPv6 off)
ip netns add "$TW"
ip -n "$TW" link set lo up
ip netns exec "$TW" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n "$L-hv3" link add vm9 type veth peer name eth0 netns "$TW"
ip -n "$TW" link set eth0 address "$MAC_vm11" arp off
ip -n "$L-hv3" link set vm9 master br100 up
ip -n "$TW" link set eth0 up
# pause vm11 on hv1 (its port stays up: hv1 keeps it as local)
ip -n "$L-vm11" addr flush dev eth0
ip -n "$L-vm11" link set eth0 arp off
t_eq "vm11 paused: hv1 still has its MAC local" "$(mac_seq 1 "$MAC_vm11" | cut -d' ' -f1)" local
ip -n "$TW" link set eth0 arp on
ip -n "$TW" addr add 192.0.2.11/24 dev eth0
ip -n "$TW" route add 203.0.113.0/24 dev eth0
# its first frame on hv3
ip netns exec "$TW" ping -c1 -W1 192.0.2.21 >/dev/null 2>&1
moved() { # HV: the hypervisor's FDB sends vm11's MAC to hv3
	fdbj "$1" | jq -e --arg m "$MAC_vm11" '[.[] | select(.mac == $m and .dst == "198.51.100.3" and (.flags | index("extern_learn")))] | length == 1'
}
wait_for "hv2's FDB sends vm11's MAC to hv3" 60 moved hv2
wait_for "hv1's FDB sends vm11's MAC to hv3 (its local entry replaced)" 60 moved hv1
wait_for "hv3 has vm11's MAC local on the twin's port" 60 sh -c \
	"bridge -n $L-hv3 -j fdb show br br100 | jq -e '[.[] | select(.mac == \"$MAC_vm11\" and .ifname == \"vm9\")] | length == 1'"
wait_for "vm21 pings vm11 at hv3" 60 pings vm21 192.0.2.11
wait_for "vm31 (hv3) pings vm11 at hv3" 60 pings vm31 192.0.2.11
t_eq "MAC mobility: hv2 sees vm11's MAC at hv3 with sequence 1" "$(mac_seq 2 "$MAC_vm11")" "remote 198.51.100.3 0 1"
t_eq "MAC mobility: hv3 has it local with sequence 1" "$(mac_seq 3 "$MAC_vm11" | cut -d' ' -f1,3)" "local 1"
# the VM leaves hv1: its port goes
ip -n "$L-vm11" link del eth0
wait_for "after vm11 left hv1, vm21 still pings it at hv3" 60 pings vm21 192.0.2.11
t_eq "hv1's FDB: vm11's MAC still at hv3" "$(fdbj hv1 | jq -r --arg m "$MAC_vm11" '[.[] | select(.mac == $m) | .dst // .ifname] | sort | join(" ")')" "198.51.100.3 vxlan100"

# ---- hv2's session cut and restored ----
hv2_gone() { # HV: nothing in its FDB points to hv2 or holds hv2's VMs
	fdbj "$1" | jq -e --arg a "$MAC_vm21" --arg b "$MAC_vm22" \
		'[.[] | select(.dst == "198.51.100.2" or .mac == $a or .mac == $b)] | length == 0'
}
hv2_back() { # HV: both hv2 VMs' MACs (bridge + VXLAN) and both flood entries
	fdbj "$1" | jq -e --arg a "$MAC_vm21" --arg b "$MAC_vm22" \
		'([.[] | select((.mac == $a or .mac == $b) and (.flags | index("extern_learn")))] | length == 4) and
		 ([.[] | select(.mac == "00:00:00:00:00:00" and .dst == "198.51.100.2")] | length == 2)'
}
t_run "cut hv2's underlay link" 0 $BRKIT lab link "$L" hv2:eth0 down
not_established() { vt rr 'show bgp l2vpn evpn summary json' | jq -e '.peers["198.51.100.2"].state != "Established"'; }
wait_for "the route reflector's session to hv2 goes down (hold time 9 s)" 90 not_established
wait_for "hv1: hv2's VMs' MACs and flood entries withdrawn" 90 hv2_gone hv1
wait_for "hv3: hv2's VMs' MACs and flood entries withdrawn" 90 hv2_gone hv3
t_run "restore hv2's underlay link" 0 $BRKIT lab link "$L" hv2:eth0 up
wait_for "the route reflector's three sessions are Established again" 120 established
wait_for "hv1: hv2's VMs' MACs and flood entries back" 90 hv2_back hv1
wait_for "hv3: hv2's VMs' MACs and flood entries back" 90 hv2_back hv3
wait_for "vm31 pings vm21 again" 60 pings vm31 192.0.2.21
wait_for "vm12 pings vm22 again" 60 pings vm12 203.0.113.22

# ---- down ----
ip netns del "$TW"
t_run "lab down" 0 $BRKIT lab down "$L"
t_eq "nothing left: namespaces, run folder" \
	"$(ip netns list 2>/dev/null | grep -c "^$L-") $(ls -a /run/brkit/lab | grep -c "^\.\{0,1\}$L\$")" "0 0"
t_eq "no FRR daemon of the lab left" "$(pgrep -f -- "-N $L-" | wc -l)" 0
t_end

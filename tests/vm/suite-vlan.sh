#!/bin/sh
# Bridge VLAN filtering, end to end (runs inside the VM: sh tests/vm/run.sh tests/vm/suite-vlan.sh).
# Hosts in namespaces behind veth ports of a VLAN-filtering bridge; every
# effect is read back with iproute2 (`bridge -j vlan show`, `ip -j -d link`)
# and on the wire with tcpdump -e.
. "$(dirname "$0")/../lib.sh"

B=""
t_netns_new B br
bk() { "$BRKIT" -n "$B" "$@"; }
# vids NS DEV: the VIDs of DEV as "vid[:flags]" words, from bridge -j vlan show
vids() {
	bridge -n "$1" -j vlan show dev "$2" | jq -r '[.[0].vlans[]? |
		(.vlan | tostring) + (if .vlanEnd then "-" + (.vlanEnd | tostring) else "" end) +
		(if .flags then ":" + (.flags | map(if . == "PVID" then "P" else "U" end) | join("")) else "" end)] | join(" ")'
}
nvids() { bridge -n "$1" -j vlan show dev "$2" | jq '[.[0].vlans[]?] | length'; }
# port NSHOST PORT: a veth with PORT on the bridge namespace's br0 and eth0 in NSHOST
port() {
	ip -n "$B" link add "$2" type veth peer name eth0 netns "$1" || exit 1
	ip -n "$B" link set "$2" master br0 up || exit 1
	ip -n "$1" link set eth0 up
}
pings() { ip netns exec "$1" ping -c 2 -W 2 "$2" >/dev/null 2>&1; }
nopings() { ! ip netns exec "$1" ping -c 1 -W 1 "$2" >/dev/null 2>&1; }
t_ping() { if pings "$2" "$3"; then t_ok "$1"; else t_fail "$1: $2 cannot reach $3"; fi; }
t_noping() { if nopings "$2" "$3"; then t_ok "$1"; else t_fail "$1: $2 reaches $3"; fi; }

# cap_start NS IF NAME / cap_stop NAME: capture to $T_TMP/NAME.pcap, then decode with -e.
cap_start() {
	ip netns exec "$1" tcpdump -Z root -U -n -i "$2" -w "$T_TMP/$3.pcap" 2>"$T_TMP/$3.err" &
	eval "CAP_$3=\$!"
	_i=0
	while ! grep -q listening "$T_TMP/$3.err" 2>/dev/null && [ $_i -lt 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
}
cap_stop() {
	sleep 0.5
	eval "_pid=\$CAP_$1"
	kill "$_pid" 2>/dev/null
	wait "$_pid" 2>/dev/null
	tcpdump -Z root -r "$T_TMP/$1.pcap" -n -e 2>/dev/null >"$T_TMP/$1.txt"
}
# icmp_tagged NAME VID / icmp_untagged NAME: IPv4 echo frames of a capture, tagged or not
# (IPv6 neighbour discovery on the trunk itself is untagged and not counted)
icmp_tagged() { grep 'ICMP echo' "$T_TMP/$1.txt" | grep -c "802.1Q (0x8100).*vlan $2,"; }
icmp_untagged() { grep 'ICMP echo' "$T_TMP/$1.txt" | grep -vc "802.1Q"; }

# ---- the bridge: brkit makes it and turns filtering on; iproute2 reads it ----
t_run "bridge add br0" 0 bk bridge add br0
t_run "bridge set br0 vlan_filtering on" 0 bk bridge set br0 vlan_filtering on
t_eq "iproute2 reads vlan_filtering 1" "$(t_ipj "$B" br0 .linkinfo.info_data.vlan_filtering)" 1
ip -n "$B" link set br0 up

for h in h1 h2 h3 h4 t1; do
	t_netns_new NS_$h "$h"
done
eval "H1=\$NS_h1 H2=\$NS_h2 H3=\$NS_h3 H4=\$NS_h4 T1=\$NS_t1"
port "$H1" p-h1
port "$H2" p-h2
port "$H3" p-h3
port "$H4" p-h4
port "$T1" p-t1
t_eq "new ports start with the default pvid" "$(vids "$B" p-h1)" "1:PU"

# Access ports: one VLAN each, pvid untagged. Trunk: 10 and 20 tagged.
t_run "vlan set p-h1 access 10" 0 bk vlan set dev p-h1 vids 10 pvid 10
t_run "vlan set p-h2 access 10" 0 bk vlan set dev p-h2 vids 10 pvid 10
t_run "vlan set p-h3 access 20" 0 bk vlan set dev p-h3 vids 20 pvid 20
t_run "vlan set p-h4 access 30" 0 bk vlan set dev p-h4 vids 30 pvid 30
t_run "vlan set p-t1 trunk 10,20" 0 bk vlan set dev p-t1 vids 10,20
t_eq "bridge -j reads p-h1 = 10 pvid untagged" "$(vids "$B" p-h1)" "10:PU"
t_eq "bridge -j reads p-h3 = 20 pvid untagged" "$(vids "$B" p-h3)" "20:PU"
t_eq "bridge -j reads p-t1 = 10 20 tagged" "$(vids "$B" p-t1)" "10 20"

ip -n "$H1" addr add 192.0.2.1/24 dev eth0
ip -n "$H1" addr add 203.0.113.10/25 dev eth0
ip -n "$H2" addr add 192.0.2.2/24 dev eth0
ip -n "$H3" addr add 192.0.2.3/24 dev eth0
ip -n "$H3" addr add 198.51.100.3/24 dev eth0
ip -n "$H4" addr add 203.0.113.130/25 dev eth0
for v in 10 20 30; do
	ip -n "$T1" link add link eth0 name eth0.$v type vlan id $v
	ip -n "$T1" link set eth0.$v up
done
ip -n "$T1" addr add 203.0.113.1/25 dev eth0.10
ip -n "$T1" addr add 198.51.100.1/24 dev eth0.20
ip -n "$T1" addr add 203.0.113.129/25 dev eth0.30

# ---- isolation ----
t_ping "same VLAN (10): h1 reaches h2" "$H1" 192.0.2.2
t_noping "different VLANs (10, 20), same subnet: h1 does not reach h3" "$H1" 192.0.2.3
t_noping "different VLANs (10, 20): h2 does not reach h3" "$H2" 192.0.2.3
# ---- the trunk carries 10 and 20, not 30 ----
t_ping "trunk VLAN 10 reaches h1" "$T1" 203.0.113.10
t_ping "trunk VLAN 20 reaches h3" "$T1" 198.51.100.3
t_noping "VLAN 30 is not on the trunk: h4 unreachable" "$T1" 203.0.113.130
t_run "vlan add dev p-t1 vid 30" 0 bk vlan add dev p-t1 vid 30
t_eq "bridge -j reads p-t1 = 10 20 30" "$(vids "$B" p-t1)" "10 20 30"
t_ping "with 30 on the trunk, h4 is reachable" "$T1" 203.0.113.130
t_run "vlan del dev p-t1 vid 30" 0 bk vlan del dev p-t1 vid 30
t_eq "bridge -j reads p-t1 = 10 20" "$(vids "$B" p-t1)" "10 20"
t_noping "30 removed again: h4 unreachable" "$T1" 203.0.113.130

# ---- on the wire: tagged on the trunk, untagged on the access port ----
cap_start "$T1" eth0 trunk
cap_start "$H1" eth0 access
pings "$T1" 203.0.113.10
cap_stop trunk

cap_stop access
t_eq "trunk side: ICMP frames all tagged vlan 10" "$(icmp_untagged trunk) $(icmp_tagged trunk 10 | sed 's/^[1-9][0-9]*$/some/')" "0 some"
t_eq "access side (pvid untagged): ICMP frames all untagged" "$(icmp_tagged access 10) $(icmp_untagged access | sed 's/^[1-9][0-9]*$/some/')" "0 some"
# Egress tagged: vid 10 stays pvid but loses untagged; h1 now gets tagged frames.
t_run "vlan add dev p-h1 vid 10 pvid (tagged egress)" 0 bk vlan add dev p-h1 vid 10 pvid
t_eq "bridge -j reads p-h1 = 10 pvid only" "$(vids "$B" p-h1)" "10:P"
cap_start "$H1" eth0 tagged
nopings "$T1" 203.0.113.10
cap_stop tagged
t_eq "access side without untagged: frames to h1 carry vlan 10" "$(icmp_tagged tagged 10 | sed 's/^[1-9][0-9]*$/some/')" "some"
t_run "vlan add dev p-h1 vid 10 pvid untagged" 0 bk vlan add dev p-h1 vid 10 pvid untagged
t_eq "bridge -j reads p-h1 = 10 pvid untagged again" "$(vids "$B" p-h1)" "10:PU"
t_ping "h1 reachable over the trunk again" "$T1" 203.0.113.10

# ---- vlan set converges to exactly the asked set ----
t_run "vlan set p-t1 1-4094" 0 bk vlan set dev p-t1 vids 1-4094
t_eq "bridge -j: p-t1 has 4094 VLANs" "$(nvids "$B" p-t1)" 4094
t_eq "bridge -j: none of them pvid or untagged" \
	"$(bridge -n "$B" -j vlan show dev p-t1 | jq '[.[0].vlans[] | select(.flags)] | length')" 0
t_run "vlan set p-t1 1,10,20-23,4094 pvid 20" 0 bk vlan set dev p-t1 vids 1,10,20-23,4094 pvid 20
t_eq "bridge -j: exactly 1 10 20(pvid untagged) 21 22 23 4094" "$(vids "$B" p-t1)" "1 10 20:PU 21 22 23 4094"
t_run "vlan set p-t1 1,10,20-23,4094 pvid 21 (pvid moves)" 0 bk vlan set dev p-t1 vids 1,10,20-23,4094 pvid 21
t_eq "bridge -j: pvid moved to 21, 20 tagged" "$(vids "$B" p-t1)" "1 10 20 21:PU 22 23 4094"
t_run "vlan set p-t1 10,20 (back to the trunk)" 0 bk vlan set dev p-t1 vids 10,20
t_eq "bridge -j: exactly 10 20" "$(vids "$B" p-t1)" "10 20"
t_run "vlan set p-t1 10,20 again (nothing to do)" 0 bk vlan set dev p-t1 vids 10,20
t_eq "bridge -j: still 10 20" "$(vids "$B" p-t1)" "10 20"
# Only the difference goes to the kernel, in one request each way: its own
# notifications (bridge monitor) show which VLANs changed, and one RTM_NEWLINK per request.
mon_start() {
	ip netns exec "$B" bridge monitor all >"$T_TMP/mon" 2>&1 &
	MON_PID=$!
	sleep 1
}
mon_stop() {
	sleep 1
	kill "$MON_PID" 2>/dev/null
	wait "$MON_PID" 2>/dev/null
	MON_VLAN=$(grep '^\[VLAN\]' "$T_TMP/mon" | sed 's/^\[VLAN\]//; s/  */ /g; s/ $//' | tr '\n' ';')
	MON_LINK=$(grep -c '^\[LINK\].*p-t1' "$T_TMP/mon")
}
mon_start
bk vlan set dev p-t1 vids 10,20
mon_stop
t_eq "set to the same set: no VLAN notification" "$MON_VLAN" ""
t_eq "set to the same set: no request changed the port" "$MON_LINK" 0
mon_start
bk vlan set dev p-t1 vids 10,20,30-40
mon_stop
t_eq "set 10,20 -> 10,20,30-40: the kernel added only 30-40" "$MON_VLAN" "p-t1 30-40;"
t_eq "set 10,20 -> 10,20,30-40: one request" "$MON_LINK" 1
mon_start
bk vlan set dev p-t1 vids 10,20-25 pvid 10
mon_stop
t_eq "set -> 10,20-25 pvid 10: 10 re-flagged, 21-25 added, 30-40 deleted" "$MON_VLAN" \
	"p-t1 10 PVID Egress Untagged;p-t1 21-25;Deleted p-t1 30-40;"
t_eq "set -> 10,20-25 pvid 10: two requests (adds, deletes)" "$MON_LINK" 2
t_run "vlan set p-t1 10,20 (the trunk again)" 0 bk vlan set dev p-t1 vids 10,20
t_eq "bridge -j: exactly 10 20 again" "$(vids "$B" p-t1)" "10 20"
t_ping "trunk works after the sets" "$T1" 198.51.100.3
t_run "vlan set on the bridge itself (self)" 0 bk vlan set dev br0 vids 1,10 pvid 1
t_eq "bridge -j: br0 = 1 pvid untagged, 10" "$(vids "$B" br0)" "1:PU 10"

# ---- add/del ranges, flags, self/master ----
t_run "vlan add p-t1 100-200 untagged" 0 bk vlan add dev p-t1 vid 100-200 untagged
t_eq "bridge -j: 100-200 untagged" "$(bridge -n "$B" -j vlan show dev p-t1 | jq '[.[0].vlans[] | select(.vlan >= 100 and .vlan <= 200 and .flags == ["Egress Untagged"])] | length')" 101
t_run "vlan del p-t1 150-160" 0 bk vlan del dev p-t1 vid 150-160
t_eq "bridge -j: 90 left of 100-200" "$(bridge -n "$B" -j vlan show dev p-t1 | jq '[.[0].vlans[] | select(.vlan >= 100 and .vlan <= 200)] | length')" 90
t_run "vlan add p-t1 vid 300 master" 0 bk vlan add dev p-t1 vid 300 master
t_run "vlan add br0 vid 300 self" 0 bk vlan add dev br0 vid 300 self
t_eq "bridge -j: br0 has 300" "$(vids "$B" br0)" "1:PU 10 300"
t_run "vlan del br0 vid 300 (self by default on the bridge)" 0 bk vlan del dev br0 vid 300
t_eq "bridge -j: br0 without 300" "$(vids "$B" br0)" "1:PU 10"
t_run "master on the bridge itself: exit 2" 2 bk vlan add dev br0 vid 7 master
t_errmatch "master on the bridge itself: says use self" "br0 is the bridge itself"

# ---- show: the same text and JSON as iproute2 6.1 ----
show_same() { # DESC ARGS...: brkit vlan show ARGS == bridge vlan show ARGS, text and JSON
	_d=$1
	shift
	t_eq "show $_d: text as bridge vlan show" "$(bk vlan show "$@")" "$(bridge -n "$B" vlan show "$@")"
	t_eq "show $_d: JSON as bridge -j vlan show" "$(bk -j vlan show "$@" | jq -S .)" \
		"$(bridge -n "$B" -j vlan show "$@" | jq -S .)"
	t_eq "show $_d: pretty JSON (-j -p) as bridge -j vlan show" "$(bk -j -p vlan show "$@" | jq -S .)" \
		"$(bridge -n "$B" -j vlan show "$@" | jq -S .)"
}
show_same "all" 
show_same "dev p-t1" dev p-t1
show_same "dev br0" dev br0
show_same "vid 10" vid 10
show_same "vid 150 (nobody)" vid 150
t_eq "show via RTM_GETLINK: same text" "$(BRKIT_VLAN_GETLINK=1 "$BRKIT" -n "$B" vlan show)" "$(bridge -n "$B" vlan show)"
t_eq "show via RTM_GETLINK: same JSON" "$(BRKIT_VLAN_GETLINK=1 "$BRKIT" -n "$B" -j vlan show | jq -S .)" \
	"$(bridge -n "$B" -j vlan show | jq -S .)"
t_eq "show compressed: ranges as vlan/vlanEnd" \
	"$(bk -j vlan show dev p-t1 compressed | jq -c '[.[0].vlans[] | select(.vlan >= 100 and .vlan <= 200)]')" \
	'[{"vlan":100,"vlanEnd":149,"flags":["Egress Untagged"]},{"vlan":161,"vlanEnd":200,"flags":["Egress Untagged"]}]'
t_eq "show compressed, pretty JSON: the same ranges" \
	"$(bk -j -p vlan show dev p-t1 compressed | jq -c '[.[0].vlans[] | select(.vlan >= 100 and .vlan <= 200)]')" \
	'[{"vlan":100,"vlanEnd":149,"flags":["Egress Untagged"]},{"vlan":161,"vlanEnd":200,"flags":["Egress Untagged"]}]'
t_eq "show compressed text: 100-149" "$(bk vlan show dev p-t1 compressed | grep -c '^ *100-149 Egress Untagged$')" 1

# ---- bad input: clear message, exit 2 or 1, nothing changed ----
ip -n "$B" link add p-x type veth peer name p-y
ip -n "$B" link add br-nf type bridge
ip -n "$B" link add p-nf type veth peer name p-nf2
ip -n "$B" link set p-nf master br-nf
before=$(t_kstate "$B")
bv_before=$(bridge -n "$B" -j vlan show)
bad() { # DESC STATUS REGEX ARGS...
	_d=$1 _st=$2 _re=$3
	shift 3
	t_bad "$B" "$_d" "$_st" "$_re" bk "$@"
}
bad "vid 0" 2 "'0'.*0 is reserved" vlan add dev p-t1 vid 0
bad "vid 4095" 2 "'4095'.*4095 is reserved" vlan add dev p-t1 vid 4095
bad "vid 4096" 2 "'4096'.*out of range" vlan add dev p-t1 vid 4096
bad "vid -1" 2 "'-1'.*no sign" vlan add dev p-t1 vid -1
bad "vid abc" 2 "'abc'.*number" vlan del dev p-t1 vid abc
bad "vid 10-5" 2 "'10-5'.*below its start" vlan add dev p-t1 vid 10-5
bad "vids 1,,2" 2 "'1,,2'.*empty element" vlan set dev p-t1 vids 1,,2
bad "vids 0,5" 2 "'0,5'.*0 is reserved" vlan set dev p-t1 vids 0,5
bad "pvid on a range" 2 "vid 10-20: pvid cannot be set on a range" vlan add dev p-t1 vid 10-20 pvid
bad "not a bridge port" 1 "p-x is not a bridge port" vlan add dev p-x vid 10
bad "set on a non-port" 1 "p-x is not a bridge port" vlan set dev p-x vids 10
bad "bridge without vlan_filtering (add)" 1 "br-nf has vlan_filtering off" vlan add dev p-nf vid 10
bad "bridge without vlan_filtering (set)" 1 "br-nf has vlan_filtering off" vlan set dev p-nf vids 10 pvid 10
bad "bridge without vlan_filtering (del)" 1 "br-nf has vlan_filtering off" vlan del dev p-nf vid 1
bad "bridge without vlan_filtering (self)" 1 "br-nf has vlan_filtering off" vlan add dev br-nf vid 5
bad "vlan_protocol other than the two" 2 "vlan_protocol" bridge set br0 vlan_protocol 802.1x
t_eq "bad input changed nothing (links)" "$(t_kstate "$B")" "$before"
t_eq "bad input changed nothing (bridge -j vlan show)" "$(bridge -n "$B" -j vlan show)" "$bv_before"

# ---- an 802.1ad bridge ----
t_netns_new A ad
t_netns_new Q1 q1
t_netns_new Q2 q2
t_run "bridge add br-ad" 0 "$BRKIT" -n "$A" bridge add br-ad
t_run "bridge set br-ad vlan_filtering on vlan_protocol 802.1ad" 0 \
	"$BRKIT" -n "$A" bridge set br-ad vlan_filtering on vlan_protocol 802.1ad
t_eq "iproute2 reads vlan_protocol 802.1ad" "$(t_ipj "$A" br-ad .linkinfo.info_data.vlan_protocol)" 802.1ad
ip -n "$A" link set br-ad up
for q in 1 2; do
	eval "qn=\$Q$q"
	ip -n "$A" link add p-q$q type veth peer name eth0 netns "$qn"
	ip -n "$A" link set p-q$q master br-ad up
	ip -n "$qn" link set eth0 up
done
t_run "802.1ad: access port p-q1 vid 100" 0 "$BRKIT" -n "$A" vlan set dev p-q1 vids 100 pvid 100
t_run "802.1ad: trunk port p-q2 vids 100,200" 0 "$BRKIT" -n "$A" vlan set dev p-q2 vids 100,200
t_eq "802.1ad: bridge -j reads p-q2" "$(vids "$A" p-q2)" "100 200"
ip -n "$Q1" addr add 192.0.2.1/24 dev eth0
ip -n "$Q2" link add link eth0 name eth0.100 type vlan proto 802.1ad id 100
ip -n "$Q2" link set eth0.100 up
ip -n "$Q2" addr add 192.0.2.2/24 dev eth0.100
ip -n "$Q2" link add link eth0 name eth0.q100 type vlan proto 802.1Q id 100
ip -n "$Q2" link set eth0.q100 up
ip -n "$Q2" addr add 198.51.100.2/24 dev eth0.q100
ip -n "$Q1" addr add 198.51.100.1/24 dev eth0
cap_start "$Q2" eth0 qinq
t_ping "802.1ad: an S-tagged trunk reaches the access host" "$Q2" 192.0.2.1
cap_stop qinq
t_eq "802.1ad: frames on the trunk carry ethertype 0x88a8" \
	"$(grep 'ICMP echo' "$T_TMP/qinq.txt" | grep -c '(0x88a8).*vlan 100' | sed 's/^[1-9][0-9]*$/some/')" some
t_noping "802.1ad: a C-tagged (802.1Q) VLAN 100 does not" "$Q2" 198.51.100.1

t_end

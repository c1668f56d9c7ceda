#!/bin/sh
# The kernel objects FRR's EVPN expects, as far as the host kernel has them
# (everything but bridge VLAN filtering; tests/vm/suite-evpn-single.sh has the
# rest): a VXLAN device `external vnifilter`, its VNI filter (brkit vxlan vni,
# byte-identical to `bridge vni show`), the port flags FRR wants on it
# (neigh_suppress on, learning off, vlan_tunnel on), extern_learn FDB entries
# as zebra writes them (shown as iproute2 shows them, spared by `fdb flush`
# unless asked, followed by the monitor), and every bad input refused with
# a message, its exit status and nothing changed; then the traditional layout
# across two hosts carries traffic on the entries zebra would write (written by
# brkit), through a flush. Every effect is read back through iproute2's JSON.
. "$(dirname "$0")/../lib.sh"

t_netns_new A evpnk
bk() { "$BRKIT" -n "$A" "$@"; }
bad() {
	_bd=$1 _bs=$2 _br=$3
	shift 3
	t_bad "$A" "$_bd" "$_bs" "$_br" $BRKIT -n "$A" "$@"
}
# vnis DEV: DEV's VNI filter as iproute2 reads it ("100 200-210 300>198.51.100.7")
vnis() {
	bridge -n "$A" -j vni show dev "$1" | jq -r '[.[0].vnis[]? | (.vni | tostring) +
		(if .vniEnd then "-" + (.vniEnd | tostring) else "" end) +
		(if .remote then ">" + .remote elif .group then ">" + .group else "" end)] | join(" ")'
}
# same DESC ARGS...: brkit's `vxlan vni show ARGS` and `bridge vni show ARGS`, text and -j, byte for byte
same() {
	_d=$1
	shift
	bk vxlan vni show "$@" >"$T_TMP/bk.txt" 2>&1
	bridge -n "$A" vni show "$@" >"$T_TMP/ref.txt" 2>&1
	if cmp -s "$T_TMP/bk.txt" "$T_TMP/ref.txt"; then
		t_ok "$_d: text identical to bridge vni show ($(wc -l <"$T_TMP/ref.txt") lines)"
	else
		t_fail "$_d: text differs from bridge vni show"
		diff "$T_TMP/ref.txt" "$T_TMP/bk.txt" | head -10
	fi
	bk -j vxlan vni show "$@" >"$T_TMP/bk.json" 2>&1
	bridge -n "$A" -j vni show "$@" >"$T_TMP/ref.json" 2>&1
	if cmp -s "$T_TMP/bk.json" "$T_TMP/ref.json"; then
		t_ok "$_d: JSON identical to bridge -j vni show"
	else
		t_fail "$_d: JSON differs from bridge -j vni show"
		diff "$T_TMP/ref.json" "$T_TMP/bk.json" | head -10
	fi
}

ip -n "$A" link add br0 type bridge
ip -n "$A" link add p-u type veth peer name p-v
ip -n "$A" addr add 192.0.2.1/32 dev lo

# ---- VXLAN device: external vnifilter, FRR's single-device form ----
t_run "vxlan add vx0 external vnifilter local nolearning, in br0" 0 \
	bk vxlan add vx0 external vnifilter local 192.0.2.1 dstport 4789 learning off bridge br0
t_eq "vx0 external (ip -d)" "$(t_ipj "$A" vx0 .linkinfo.info_data.external)" true
t_eq "vx0 vnifilter (ip -d)" "$(t_ipj "$A" vx0 .linkinfo.info_data.vnifilter)" true
t_eq "vx0 learning off, local, port" \
	"$(t_ipj "$A" vx0 '.linkinfo.info_data | "\(.learning) \(.local) \(.port)"')" "false 192.0.2.1 4789"
t_eq "vx0 master br0, up" "$(t_ipj "$A" vx0 ' | "\(.master) \(.flags | index("UP") != null)"')" "br0 true"
t_run "vxlan add vx1 external (no vnifilter)" 0 bk vxlan add vx1 external dstport 4790
t_eq "vx1 external, no vnifilter" \
	"$(t_ipj "$A" vx1 '.linkinfo.info_data | "\(.external) \(.vnifilter // false)"')" "true false"
t_run "vxlan add vx2 vni 10 (traditional)" 0 bk vxlan add vx2 vni 10 dstport 4791
t_run "vxlan show vx0" 0 bk vxlan show vx0
t_eq "show says external vnifilter" "$(printf '%s\n' "$T_OUT" | grep -c ' external vnifilter ')" 1
t_run "vxlan -j show vx0" 0 bk -j vxlan show vx0
t_eq "JSON external, vnifilter as ip's" "$(printf '%s' "$T_OUT" | jq -c '.[0] | [.external, .vnifilter]')" \
	"$(ip -n "$A" -j -d link show dev vx0 | jq -c '.[0].linkinfo.info_data | [.external, .vnifilter]')"
t_run "vxlan -j show vx2: no vnifilter key" 0 bk -j vxlan show vx2
t_eq "  vx2 has neither key" "$(printf '%s' "$T_OUT" | jq -c '.[0] | [has("external"), has("vnifilter")]')" \
	"[false,false]"

# ---- port flags FRR wants on the VXLAN port ----
t_run "port set vx0 neigh_suppress on learning off vlan_tunnel on" 0 \
	bk port set br0 vx0 neigh_suppress on learning off vlan_tunnel on
brl() { bridge -n "$A" -j -d link show dev "$1" | jq -r ".[0]$2"; }
t_eq "vx0 neigh_suppress (bridge -d link)" "$(brl vx0 .neigh_suppress)" true
t_eq "vx0 learning" "$(brl vx0 .learning)" false
t_eq "vx0 vlan_tunnel" "$(brl vx0 .vlan_tunnel)" true
t_run "port -j show br0" 0 bk -j port show br0
t_eq "port show: vlan_tunnel as bridge link's" \
	"$(printf '%s' "$T_OUT" | jq -r '.[] | select(.ifname == "vx0") | .vlan_tunnel')" "$(brl vx0 .vlan_tunnel)"
t_run "port show (text) names vlan_tunnel on" 0 bk port show br0
t_eq "  text" "$(printf '%s\n' "$T_OUT" | grep -c 'vlan_tunnel on')" 1
t_run "port set vx0 vlan_tunnel off" 0 bk port set br0 vx0 vlan_tunnel off
t_eq "vx0 vlan_tunnel off" "$(brl vx0 .vlan_tunnel)" false
bk port set br0 vx0 vlan_tunnel on
bad "vlan_tunnel not on/off" 2 "vlan_tunnel: 'maybe' is not on/off" port set br0 vx0 vlan_tunnel maybe

# ---- VNI filter ----
t_run "vni add 100" 0 bk vxlan vni add dev vx0 vni 100
t_run "vni add 200-210" 0 bk vxlan vni add dev vx0 vni 200-210
t_run "vni add 300 remote 198.51.100.7" 0 bk vxlan vni add dev vx0 vni 300 remote 198.51.100.7
t_run "vni add 400,402-403 in one request" 0 strace -f -o "$T_TMP/trace" -e trace=sendto,sendmsg \
	"$BRKIT" -n "$A" vxlan vni add dev vx0 vni 400,402-403
t_eq "  one RTM_NEWTUNNEL" "$(grep -cE 'nlmsg_type=(RTM_NEWTUNNEL|0x78 )' "$T_TMP/trace")" 1
t_eq "vx0's filter (bridge -j vni)" "$(vnis vx0)" "100 200-210 300>198.51.100.7 400 402-403"
t_run "vni add 16777215 (the top)" 0 bk vxlan vni add dev vx0 vni 16777215
t_run "vni add 100 again (the kernel: no change)" 0 bk vxlan vni add dev vx0 vni 100
t_run "vni add on vx3, remote IPv6" 0 sh -c "ip -n $A link add vx3 type vxlan external vnifilter dstport 4793 &&
	$BRKIT -n $A vxlan vni add dev vx3 vni 5,7 remote 2001:db8::7"
t_eq "vx3's filter" "$(vnis vx3)" "5>2001:db8::7 7>2001:db8::7"
same "vni show (all)"
same "vni show dev vx0" dev vx0
same "vni show dev vx3" dev vx3
ip -n "$A" link add vx4 type vxlan external vnifilter dstport 4794
same "vni show dev vx4 (empty filter)" dev vx4
t_run "vni del 205 (splits the range)" 0 bk vxlan vni del dev vx0 vni 205
t_eq "vx0's filter after del" "$(vnis vx0)" \
	"100 200-204 206-210 300>198.51.100.7 400 402-403 16777215"
same "vni show dev vx0 after del" dev vx0
t_run "vni delete 402-403,16777215" 0 bk vxlan vni delete dev vx0 vni 402-403,16777215
t_eq "vx0's filter" "$(vnis vx0)" "100 200-204 206-210 300>198.51.100.7 400"

# bad input: message, status, nothing changed (VNI filters compared too)
vstate() { bridge -n "$A" -j vni show; }
vbad() {
	_vb=$(vstate)
	bad "$@"
	t_eq "$1: VNI filters unchanged" "$(vstate)" "$_vb"
}
vbad "vni 0" 2 "VNI 0 cannot be filtered" vxlan vni add dev vx0 vni 0
vbad "vni 16777216" 2 "VNI 16777216 is over 16777215" vxlan vni add dev vx0 vni 16777216
vbad "vni range 16777210-16777216" 2 "VNI 16777216 is over 16777215" vxlan vni add dev vx0 vni 16777210-16777216
vbad "vni range backwards" 2 "VNI range 20-10 ends before it starts" vxlan vni add dev vx0 vni 20-10
vbad "vni not a number" 2 "VNI 'ten' is not a number" vxlan vni add dev vx0 vni ten
vbad "vni list with an empty item" 2 "item 2 is empty" vxlan vni add dev vx0 vni 5,,6
vbad "vni without dev" 2 "dev DEV is required" vxlan vni add vni 5
vbad "vni without vni" 2 "vni LIST is required" vxlan vni add dev vx0
vbad "vni remote not an address" 2 "remote 'host-b' is not an IPv4 or IPv6 address" \
	vxlan vni add dev vx0 vni 5 remote host-b
vbad "vni group not multicast" 2 "group 198.51.100.9 is not a multicast address" \
	vxlan vni add dev vx0 vni 5 group 198.51.100.9
vbad "vni remote multicast" 2 "remote 239.1.1.1 is a multicast address \(use group\)" \
	vxlan vni add dev vx0 vni 5 remote 239.1.1.1
vbad "vni del with remote" 2 "unknown argument 'remote'" vxlan vni del dev vx0 vni 100 remote 198.51.100.7
vbad "vni on an unknown device" 1 "adding vni 5 to nosuch: nosuch: no such device" \
	vxlan vni add dev nosuch vni 5
vbad "vni on a bridge" 1 "br0 is not a vxlan device \(kind bridge\)" vxlan vni add dev br0 vni 5
vbad "vni on a veth" 1 "p-u is not a vxlan device \(kind veth\)" vxlan vni add dev p-u vni 5
vbad "vni on a vxlan with a VNI" 1 "vxlan vx2 has no VNI filter \(create it with 'external vnifilter'\)" \
	vxlan vni add dev vx2 vni 5
vbad "vni on an external vxlan without vnifilter" 1 "vxlan vx1 has no VNI filter" \
	vxlan vni add dev vx1 vni 5
vbad "vni del of one not there" 1 "deleting vni 999 from vx0: not in the VNI filter" \
	vxlan vni del dev vx0 vni 999
vbad "group without a local interface (the kernel's reason)" 1 \
	"adding vni 600 to vx0: Local interface required for multicast remote group" \
	vxlan vni add dev vx0 vni 600 group 239.1.1.1
t_run "vni show of a bridge" 1 bk vxlan vni show dev br0
t_errmatch "  says why" "br0 is not a vxlan device"
t_eq "  prints nothing on stdout" "$T_OUT" ""
t_run "vni show of nothing" 1 bk vxlan vni show dev nosuch
t_errmatch "  says why" "nosuch: no such device"

# vxlan add: bad combinations
bad "external with a vni" 2 "vxlan vx-bad: external and vni exclude each other" \
	vxlan add vx-bad external vni 5
bad "vnifilter without external" 2 "vxlan vx-bad: vnifilter needs external" vxlan add vx-bad vni 5 vnifilter
bad "external twice" 2 "vxlan vx-bad: 'external' given twice" vxlan add vx-bad external external

# ---- FDB: what zebra writes, shown as iproute2 shows it ----
ip -n "$A" link set br0 up
ip -n "$A" link set p-u master br0 up
ip -n "$A" link set vx2 master br0 up
t_run "fdb add extern_learn on a port (as zebra adds a remote MAC)" 0 \
	bk fdb add 02:00:00:00:00:e1 dev vx2 extern_learn
t_run "fdb add a static entry" 0 bk fdb add 02:00:00:00:00:51 dev p-u
bridge -n "$A" fdb add 02:00:00:00:00:e2 dev p-u master extern_learn
bridge -n "$A" fdb add 00:00:00:00:00:00 dev vx2 dst 198.51.100.20 self permanent
bridge -n "$A" fdb add 02:00:00:00:00:e3 dev vx2 dst 198.51.100.20 self extern_learn
# EVPN multihoming's form: a remote through a nexthop group, and src_vni on an external device
ip -n "$A" nexthop add id 1 via 198.51.100.21 fdb
ip -n "$A" nexthop add id 10 group 1 fdb
bridge -n "$A" fdb add 02:00:00:00:00:e6 dev vx2 nhid 10 self extern_learn
bridge -n "$A" fdb add 02:00:00:00:00:e7 dev vx1 nhid 10 src_vni 5 self
t_run "fdb show dev vx1: src_vni and nhid" 0 bk fdb show dev vx1
t_eq "  as bridge fdb show dev vx1" "$T_OUT" "$(bridge -n "$A" fdb show dev vx1)"
t_eq "  the entry" "$(printf '%s\n' "$T_OUT" | grep 02:00:00:00:00:e7)" \
	"02:00:00:00:00:e7 src_vni 5 nhid 10 self permanent"
fl() { bridge -n "$A" -j fdb show | jq -r ".[] | select(.mac == \"$1\" and (.flags | index(\"self\") | not)) | .flags | join(\",\")"; }
t_eq "02:..:e1 is extern_learn (bridge -j fdb)" "$(fl 02:00:00:00:00:e1)" "extern_learn"
bk fdb show >"$T_TMP/bk.txt"
bridge -n "$A" fdb show >"$T_TMP/ref.txt"
if cmp -s "$T_TMP/bk.txt" "$T_TMP/ref.txt"; then
	t_ok "fdb show identical to bridge fdb show, extern_learn and VXLAN dst entries ($(wc -l <"$T_TMP/ref.txt") lines)"
else
	t_fail "fdb show differs"
	diff "$T_TMP/ref.txt" "$T_TMP/bk.txt" | head
fi
t_eq "fdb -j show identical to bridge -j fdb show" "$(bk -j fdb show)" "$(bridge -n "$A" -j fdb show)"

# flush: spares extern_learn unless asked
macs() { bridge -n "$A" -j fdb show br br0 | jq -r '[.[] | select(.flags | index("self") | not) |
	select(.state != "permanent") | .mac] | sort | join(" ")'; }
t_eq "before flush" "$(macs)" "02:00:00:00:00:51 02:00:00:00:00:e1 02:00:00:00:00:e2"
t_run "fdb flush br br0" 0 bk fdb flush br br0
t_eq "  the static entry went, the extern_learn ones stayed" "$(macs)" \
	"02:00:00:00:00:e1 02:00:00:00:00:e2"
t_eq "  VXLAN dst entries untouched" \
	"$(bridge -n "$A" -j fdb show dev vx2 | jq -r '[.[] | select(.dst) | .mac] | sort | join(" ")')" \
	"00:00:00:00:00:00 02:00:00:00:00:e3"
bk fdb add 02:00:00:00:00:52 dev p-u
t_run "fdb flush dev p-u extern_learn" 0 bk fdb flush dev p-u extern_learn
t_eq "  only p-u's extern_learn entry went" "$(macs)" "02:00:00:00:00:52 02:00:00:00:00:e1"
t_run "fdb flush br br0 dynamic (extern_learn entries are not static)" 0 bk fdb flush br br0 dynamic
t_eq "  the extern_learn entry stayed" "$(macs)" "02:00:00:00:00:52 02:00:00:00:00:e1"
t_run "fdb flush br br0 extern_learn" 0 bk fdb flush br br0 extern_learn
t_eq "  now it went, the static stayed" "$(macs)" "02:00:00:00:00:52"
bad "flush extern_learn twice" 2 "fdb flush: 'extern_learn' given twice" fdb flush br br0 extern_learn extern_learn
bad "show does not take extern_learn" 2 "fdb show: unexpected 'extern_learn'" fdb show extern_learn
# the dump-and-delete fallback (kernels before 5.19) spares them too
FDBFLUSH=$BUILD/tests/tools/fdbflush
if [ -x "$FDBFLUSH" ]; then
	bk fdb add 02:00:00:00:00:e4 dev p-u extern_learn
	bk fdb add 02:00:00:00:00:53 dev p-u
	t_run "fallback flush (no NLM_F_BULK), noextern_learn" 0 "$FDBFLUSH" "$A" no-bulk-flag br br0 noextern_learn
	t_eq "  the static entries went, extern_learn stayed" "$(macs)" "02:00:00:00:00:e4"
	bk fdb flush br br0 extern_learn
else
	echo "not run - fallback flush: $FDBFLUSH is not built (make tools)"
fi

# ---- monitor: extern_learn entries come and go ----
"$BRKIT" -n "$A" monitor fdb >"$T_TMP/mon.txt" 2>"$T_TMP/mon.err" &
MP=$!
"$BRKIT" -n "$A" -j monitor fdb >"$T_TMP/mon.json" 2>&1 &
MJ=$!
# the monitors are ready once they print a sentinel (added again until seen)
_i=0
while { ! grep -q 02:00:00:00:00:5e "$T_TMP/mon.txt" || ! grep -q 02:00:00:00:00:5e "$T_TMP/mon.json"; } &&
	[ $_i -lt 300 ]; do
	bridge -n "$A" fdb replace 02:00:00:00:00:5e dev p-u master static
	sleep 0.1
	_i=$((_i + 1))
done
bridge -n "$A" fdb add 02:00:00:00:00:e5 dev vx2 master extern_learn
bridge -n "$A" fdb del 02:00:00:00:00:e5 dev vx2 master
_i=0
while ! grep -q "^Deleted 02:00:00:00:00:e5" "$T_TMP/mon.txt" && [ $_i -lt 300 ]; do
	sleep 0.1
	_i=$((_i + 1))
done
_i=0
while [ "$(grep -c 02:00:00:00:00:e5 "$T_TMP/mon.json")" -lt 2 ] && [ $_i -lt 300 ]; do
	sleep 0.1
	_i=$((_i + 1))
done
kill $MP $MJ 2>/dev/null
wait $MP $MJ 2>/dev/null
t_eq "monitor fdb: the extern_learn add" "$(grep 02:00:00:00:00:e5 "$T_TMP/mon.txt" | head -1)" \
	"02:00:00:00:00:e5 dev vx2 extern_learn master br0 "
t_eq "monitor fdb: its delete" "$(grep 02:00:00:00:00:e5 "$T_TMP/mon.txt" | sed -n 2p)" \
	"Deleted 02:00:00:00:00:e5 dev vx2 extern_learn master br0 "
t_eq "-j monitor fdb: flags of the add and the delete" \
	"$(grep 02:00:00:00:00:e5 "$T_TMP/mon.json" | jq -c '[.flags, (.deleted // false)]' | tr '\n' ' ')" \
	'[["extern_learn"],false] [["extern_learn"],true] '

# ---- monitor vni: VNI filter changes as `bridge monitor vni` prints them ----
ip -n "$A" link add vx5 type vxlan external vnifilter dstport 4795
"$BRKIT" -n "$A" monitor vni >"$T_TMP/mv.bk" 2>&1 &
MV1=$!
bridge -n "$A" monitor vni >"$T_TMP/mv.ref" 2>&1 &
MV2=$!
"$BRKIT" -n "$A" monitor all >"$T_TMP/ma.bk" 2>&1 &
MV3=$!
bridge -n "$A" monitor all >"$T_TMP/ma.ref" 2>&1 &
MV4=$!
"$BRKIT" -n "$A" -j monitor vni >"$T_TMP/mv.json" 2>&1 &
MV5=$!
# ready once every monitor has seen a sentinel (added and deleted until seen)
_i=0
while [ $_i -lt 300 ]; do
	_all=1
	for f in mv.bk mv.ref ma.bk ma.ref mv.json; do grep -q 9999 "$T_TMP/$f" || _all=0; done
	[ $_all = 1 ] && break
	bridge -n "$A" vni add dev vx5 vni 9999
	sleep 0.1
	bridge -n "$A" vni delete dev vx5 vni 9999
	_i=$((_i + 1))
done
bk vxlan vni add dev vx5 vni 7777
bk vxlan vni add dev vx5 vni 100
bk vxlan vni add dev vx5 vni 200-202 remote 198.51.100.1
bk vxlan vni del dev vx5 vni 201
bk vxlan vni del dev vx5 vni 7777
_i=0
while [ $_i -lt 300 ]; do
	_all=1
	for f in mv.bk mv.ref ma.bk ma.ref; do grep -q "Deleted vx5 *7777" "$T_TMP/$f" || _all=0; done
	grep -q '"vni":7777.*"deleted":true' "$T_TMP/mv.json" || _all=0
	[ $_all = 1 ] && break
	sleep 0.1
	_i=$((_i + 1))
done
kill $MV1 $MV2 $MV3 $MV4 $MV5 2>/dev/null
wait $MV1 $MV2 $MV3 $MV4 $MV5 2>/dev/null
# from the first 7777 on: what both saw of the same changes
from7777() { sed -n '/7777/,$p' "$T_TMP/$1"; }
t_eq "monitor vni: the add of 100" "$(from7777 mv.bk | grep -c '^vx5 *100 *$')" 1
t_eq "monitor vni: 200-202 come one by one, 201's delete" \
	"$(from7777 mv.bk | grep -E '^(Deleted )?vx5 +20[0-2] ' | sed 's/  */ /g' | tr '\n' ';')" \
	"vx5 200 198.51.100.1;vx5 201 198.51.100.1;vx5 202 198.51.100.1;Deleted vx5 201 198.51.100.1;"
if [ "$(from7777 mv.bk)" = "$(from7777 mv.ref)" ] && [ -n "$(from7777 mv.ref)" ]; then
	t_ok "monitor vni: identical to bridge monitor vni ($(from7777 mv.ref | wc -l) lines)"
else
	t_fail "monitor vni differs from bridge monitor vni"
	from7777 mv.ref >"$T_TMP/a"
	from7777 mv.bk | diff "$T_TMP/a" - | head
fi
if [ "$(from7777 ma.bk)" = "$(from7777 ma.ref)" ] && [ -n "$(from7777 ma.ref)" ]; then
	t_ok "monitor all: [TUNNEL] and [NEIGH] events identical to bridge monitor all ($(from7777 ma.ref | wc -l) lines)"
else
	t_fail "monitor all differs from bridge monitor all"
	from7777 ma.ref >"$T_TMP/a"
	from7777 ma.bk | diff "$T_TMP/a" - | head
fi
t_eq "-j monitor vni: one JSON object a line" "$(from7777 mv.json | jq -c . | wc -l)" "$(from7777 mv.json | wc -l)"
t_eq "-j monitor vni: 201's delete" \
	"$(from7777 mv.json | jq -c 'select(.deleted) | [.ifname, .vnis[0].vni, .vnis[0].remote]' | head -1)" \
	'["vx5",201,"198.51.100.1"]'
t_run "monitor vni twice" 2 bk monitor vni vni
t_errmatch "  says so" "monitor: 'vni' given twice"

# ---- tunnel_info: the words are checked first, on any kernel ----
bad "tunnel id 0" 2 "tunnel id '0' is not N or N-M in 1..16777215" vlan add dev vx0 vid 10 tunnel_info id 0
bad "tunnel id 16777216" 2 "tunnel id '16777216' is not N" vlan add dev vx0 vid 10 tunnel_info id 16777216
bad "tunnel ids fewer than the VLANs" 2 "tunnel ids 1010-1011 are not as many as the VLANs" \
	vlan add dev vx0 vid 10-12 tunnel_info id 1010-1011
bad "tunnel_info without id" 2 "tunnel_info needs 'id N'" vlan add dev vx0 vid 10 tunnel_info
bad "tunnel_info with pvid" 2 "tunnel_info takes no pvid" vlan add dev vx0 vid 10 pvid tunnel_info id 5
bad "tunnel_info on an unknown device" 1 "nosuch: no such device" vlan add dev nosuch vid 10 tunnel_info id 5
bad "tunnel_info on a device that is no port" 1 "vx1 is not a bridge port" vlan add dev vx1 vid 10 tunnel_info id 5

# ---- tunnel_info needs bridge VLAN filtering, which this kernel lacks ----
if ! ip -n "$A" -j -d link show br0 | jq -e '.[0].linkinfo.info_data.vlan_protocol' >/dev/null; then
	bad "vlan tunnel_info without kernel VLAN filtering" 1 "vx0: bridge VLAN filtering is not available.*CONFIG_BRIDGE_VLAN_FILTERING" \
		vlan add dev vx0 vid 10 tunnel_info id 1010
	bad "vlan tunnel_info del, the same" 1 "CONFIG_BRIDGE_VLAN_FILTERING" \
		vlan del dev vx0 vid 10 tunnel_info
	t_run "vlan tunnelshow without kernel VLAN filtering" 1 bk vlan tunnelshow
	t_errmatch "  says why" "CONFIG_BRIDGE_VLAN_FILTERING"
	t_eq "  prints nothing on stdout" "$T_OUT" ""
else
	echo "not run - tunnel_info refusal: this kernel has VLAN filtering (the VM suite tests it)"
fi

# ---- the traditional layout carrying traffic on what a control plane writes ----
# Two hosts (H1, H2) over a veth underlay, VTEPs on their loopbacks
# (192.0.2.11, 192.0.2.12), each with br10 + vx10 (vni 10, learning off,
# neigh_suppress on, learning off on the port), a VM namespace on each. No
# MAC is learnt from the wire: the entries zebra would write (the flood entry
# `00:00:00:00:00:00 dst REMOTE self permanent`, the remote VM's MAC
# `extern_learn` in the bridge and with its dst in the VXLAN device) are
# written by brkit, and the VMs ping across on them alone.
if command -v ping >/dev/null 2>&1; then
	t_netns_new H1 evpnk-h1
	t_netns_new H2 evpnk-h2
	t_netns_new V1 evpnk-v1
	t_netns_new V2 evpnk-v2
	ip -n "$H1" link add u-1 type veth peer name u-2 netns "$H2"
	ip -n "$H1" addr add 198.51.100.1/24 dev u-1
	ip -n "$H2" addr add 198.51.100.2/24 dev u-2
	ip -n "$H1" link set u-1 up
	ip -n "$H2" link set u-2 up
	ip -n "$H1" addr add 192.0.2.11/32 dev lo
	ip -n "$H2" addr add 192.0.2.12/32 dev lo
	ip -n "$H1" route add 192.0.2.12/32 via 198.51.100.2
	ip -n "$H2" route add 192.0.2.11/32 via 198.51.100.1
	hv() { # NS VMNS VTEP VMADDR
		"$BRKIT" -n "$1" bridge add br10 up &&
			"$BRKIT" -n "$1" vxlan add vx10 vni 10 local "$3" learning off bridge br10 &&
			"$BRKIT" -n "$1" port set br10 vx10 neigh_suppress on learning off &&
			ip -n "$1" link add vm-1 type veth peer name eth0 netns "$2" &&
			ip -n "$1" link set vm-1 master br10 up &&
			ip -n "$2" addr add "$4"/24 dev eth0 && ip -n "$2" link set eth0 up
	}
	t_run "H1: the traditional layout through brkit" 0 hv "$H1" "$V1" 192.0.2.11 203.0.113.1
	t_run "H2: the same" 0 hv "$H2" "$V2" 192.0.2.12 203.0.113.2
	t_eq "H1: vx10 as FRR wants it (ip -d, bridge -d link)" \
		"$(t_ipj "$H1" vx10 ' | "\(.linkinfo.info_data.id) \(.linkinfo.info_data.learning) \(.linkinfo.info_data.local) \(.master)"') $(bridge -n "$H1" -j -d link show dev vx10 | jq -r '.[0] | "\(.neigh_suppress) \(.learning)"')" \
		"10 false 192.0.2.11 br10 true false"
	M1=$(ip -n "$V1" -j link show eth0 | jq -r '.[0].address')
	M2=$(ip -n "$V2" -j link show eth0 | jq -r '.[0].address')
	# what zebra writes on each host for the other
	zebra() { # NS REMOTE_VTEP REMOTE_MAC
		"$BRKIT" -n "$1" fdb append 00:00:00:00:00:00 dev vx10 dst "$2" self &&
			"$BRKIT" -n "$1" fdb add "$3" dev vx10 extern_learn &&
			"$BRKIT" -n "$1" fdb add "$3" dev vx10 dst "$2" self extern_learn
	}
	if ip netns exec "$V1" ping -c 1 -W 1 203.0.113.2 >/dev/null 2>&1; then
		t_fail "V1 reaches V2 before any entry is written (learning should be off)"
	else
		t_ok "V1 cannot reach V2 before the entries are written"
	fi
	t_run "H1: the entries zebra writes, through brkit" 0 zebra "$H1" 192.0.2.12 "$M2"
	t_run "H2: the same" 0 zebra "$H2" 192.0.2.11 "$M1"
	t_eq "H1: the remote MAC, extern_learn in br10 and with its dst in vx10 (bridge -j fdb)" \
		"$(bridge -n "$H1" -j fdb show dev vx10 | jq -r --arg m "$M2" '[.[] | select(.mac == $m) | (.flags | join(",")) + (if .dst then "@" + .dst else "" end)] | sort | join(" ")')" \
		"extern_learn self,extern_learn@192.0.2.12"
	t_eq "H1: the flood entry" \
		"$(bridge -n "$H1" -j fdb show dev vx10 | jq -r '[.[] | select(.mac == "00:00:00:00:00:00") | "\(.dst) \(.state)"] | join(" ")')" \
		"192.0.2.12 permanent"
	reach() { # FROM TO: a reply within 20 tries of 1 s
		_i=0
		while [ $_i -lt 20 ]; do
			ip netns exec "$1" ping -c 1 -W 1 "$2" >/dev/null 2>&1 && return 0
			_i=$((_i + 1))
		done
		return 1
	}
	if reach "$V1" 203.0.113.2; then t_ok "V1 pings V2 across the VXLAN"; else t_fail "V1 cannot reach V2"; fi
	t_eq "H1: still no MAC learnt from the wire (learning off): only the extern_learn one" \
		"$(bridge -n "$H1" -j fdb show br br10 | jq -r --arg m "$M2" '[.[] | select(.ifname == "vx10" and .state != "permanent" and (.flags | index("self") | not)) | .mac + ":" + (.flags | join(","))] | join(" ")')" \
		"$M2:extern_learn"
	t_run "H1: fdb flush br br10" 0 "$BRKIT" -n "$H1" fdb flush br br10
	t_eq "  the extern_learn entry stays" \
		"$(bridge -n "$H1" -j fdb show br br10 | jq -r --arg m "$M2" '[.[] | select(.mac == $m and (.flags | index("self") | not)) | .flags | join(",")] | join(" ")')" \
		"extern_learn"
	if reach "$V1" 203.0.113.2; then t_ok "V1 still pings V2 after the flush"; else t_fail "V1 lost V2 after the flush"; fi
else
	echo "not run - the traditional layout's traffic: ping is not installed (iputils-ping)"
fi

t_end

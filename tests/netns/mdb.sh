#!/bin/sh
# brkit mdb show/add/replace/del/get, the bridges' multicast options and
# `monitor mdb`: hosts in their own namespaces join groups (IGMP and MLD
# reports, snooping and a querier on), and what the bridge learnt is read back
# through iproute2's `bridge -j mdb show`, byte for byte against brkit's output.
# Groups are documentation ones: 233.252.0.0/24 (MCAST-TEST-NET, RFC 5771) and
# ff3e:30:2001:db8::/96 (RFC 6676).
. "$(dirname "$0")/../lib.sh"
LAB=""
lab_cleanup() {
	[ -n "$LAB" ] && $BRKIT lab down "$LAB" >/dev/null 2>&1
	t_cleanup
}
trap lab_cleanup EXIT
t_netns_new NS br
t_netns_new HA ha
t_netns_new HB hb

ipn() { ip -n "$NS" "$@"; }
# bm/km [OPTS]: `bridge OPTS mdb show $FILTER` / the same with brkit
FILTER=""
bm() { bridge -n "$NS" "$@" mdb show $FILTER; }
km() { $BRKIT -n "$NS" "$@" mdb show $FILTER; }
# same DESC OPTS...: `bridge OPTS mdb show` and `brkit OPTS mdb show` print the same bytes
same() {
	_d=$1
	shift
	bm "$@" >"$T_TMP/ip.out" 2>&1
	km "$@" >"$T_TMP/bk.out" 2>&1
	FILTER=""
	if cmp -s "$T_TMP/ip.out" "$T_TMP/bk.out"; then
		t_ok "$_d: byte-identical ($(wc -l <"$T_TMP/ip.out") lines)"
	else
		t_fail "$_d: differs"
		diff "$T_TMP/ip.out" "$T_TMP/bk.out" | head -10
	fi
}
# has GROUP PORT: bridge's JSON has GROUP on PORT
has() { bm -j | jq -e --arg g "$1" --arg p "$2" 'any(.[0].mdb[]; .grp == $g and .port == $p)' >/dev/null; }
# wait_for GROUP PORT: poll (up to 60 s) until the bridge has learnt it
wait_for() {
	_i=0
	while [ $_i -lt 600 ]; do
		has "$1" "$2" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}
# The permanent entries (the ones this suite writes), for "nothing changed".
perm() { bm -j | jq -c '[.[0].mdb[] | select(.state == "permanent")]'; }

# The bridge's own namespace has no IPv6: br0 joins no groups of its own, so
# the only temporary entries are the hosts'.
ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
for h in "$HA" "$HB"; do
	ip netns exec "$h" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
done
t_run "bridge add with snooping, querier, IGMPv3, MLDv2" 0 $BRKIT -n "$NS" bridge add br0 \
	mcast_snooping 1 mcast_querier 1 mcast_igmp_version 3 mcast_mld_version 2
t_eq "  ip -d link: snooping querier igmp mld" \
	"$(t_ipj "$NS" br0 '.linkinfo.info_data | [.mcast_snooping, .mcast_querier, .mcast_igmp_version, .mcast_mld_version] | @tsv')" \
	"$(printf '1\t1\t3\t2')"
t_run "bridge set mcast_query_interval, mcast_router" 0 $BRKIT -n "$NS" bridge set br0 \
	mcast_query_interval 2000 mcast_router 1
t_eq "  ip -d link: query interval 2000, router 1" \
	"$(t_ipj "$NS" br0 '.linkinfo.info_data | [.mcast_query_intvl, .mcast_router] | @tsv')" \
	"$(printf '2000\t1')"
t_run "bridge set mcast_igmp_version 2" 0 $BRKIT -n "$NS" bridge set br0 mcast_igmp_version 2
t_eq "  ip -d link: igmp 2" "$(t_ipj "$NS" br0 '.linkinfo.info_data.mcast_igmp_version')" 2
ipn link add br1 type bridge mcast_snooping 1 mcast_igmp_version 3
ipn link add p-a type veth peer name q-a netns "$HA"
ipn link add p-b type veth peer name q-b netns "$HB"
ipn link add p-c type veth peer name q-c
ipn link set p-a master br0
ipn link set p-b master br0
ipn link set p-c master br1
for d in br0 br1 p-a p-b p-c q-c; do ipn link set $d up; done
ip -n "$HA" link set q-a up
ip -n "$HB" link set q-b up
ip -n "$HA" addr add 192.0.2.11/24 dev q-a
ip -n "$HB" addr add 192.0.2.12/24 dev q-b

# ---- joins: IGMP and MLD reports from the hosts ----
ip -n "$HA" addr add 233.252.0.10/32 dev q-a autojoin
ip -n "$HB" addr add 233.252.0.10/32 dev q-b autojoin
ip -n "$HB" -6 addr add ff3e:30:2001:db8::10/128 dev q-b autojoin
if wait_for 233.252.0.10 p-a && wait_for 233.252.0.10 p-b; then
	t_ok "IGMP joins of 233.252.0.10 from both hosts learnt on p-a and p-b"
else t_fail "IGMP joins not learnt: $(bm -j)"; fi
if wait_for ff3e:30:2001:db8::10 p-b; then
	t_ok "MLD join of ff3e:30:2001:db8::10 learnt on p-b"
else t_fail "MLD join not learnt: $(bm -j)"; fi
same "learnt groups, text"
same "learnt groups, JSON" -j
same "learnt groups, -d" -d
same "learnt groups, -d JSON" -d -j
FILTER="dev br0"
same "dev br0"
t_eq "brkit -j mdb show: the learnt groups are temp" \
	"$(km -j | jq -c '[.[0].mdb[] | select(.grp == "233.252.0.10") | [.port, .state]] | sort')" \
	'[["p-a","temp"],["p-b","temp"]]'

# ---- add / replace / del of permanent entries ----
t_run "add a permanent IPv4 group" 0 $BRKIT -n "$NS" mdb add dev br0 port p-a grp 233.252.0.1 permanent
has 233.252.0.1 p-a && t_ok "  bridge sees it" || t_fail "  bridge does not see it"
t_eq "  permanent" "$(bm -j | jq -r '.[0].mdb[] | select(.grp == "233.252.0.1") | .state')" permanent
t_run "add an (S,G) entry" 0 $BRKIT -n "$NS" mdb add dev br0 port p-b grp 233.252.0.2 src 192.0.2.99 permanent
t_eq "  bridge sees its source" "$(bm -j | jq -r '.[0].mdb[] | select(.grp == "233.252.0.2") | .src')" 192.0.2.99
t_run "add an IPv6 group with a protocol" 0 $BRKIT -n "$NS" mdb add dev br0 port p-b grp ff3e:30:2001:db8::1 permanent proto zebra
t_eq "  bridge -d sees proto zebra" \
	"$(bm -d -j | jq -r '.[0].mdb[] | select(.grp == "ff3e:30:2001:db8::1") | .protocol')" zebra
t_run "add a MAC group" 0 $BRKIT -n "$NS" mdb add dev br0 port p-a grp 01:00:5e:00:00:fb permanent
has 01:00:5e:00:00:fb p-a && t_ok "  bridge sees the L2 entry" || t_fail "  L2 entry missing"
t_run "add a group for the host (port = the bridge)" 0 $BRKIT -n "$NS" mdb add dev br0 port br0 grp 233.252.0.3
has 233.252.0.3 br0 && t_ok "  bridge sees it on br0" || t_fail "  host entry missing"
t_run "add an IGMPv3 (*,G) with filter mode and sources on br1" 0 $BRKIT -n "$NS" mdb add dev br1 \
	port p-c grp 233.252.0.4 permanent filter_mode include source_list 192.0.2.1,192.0.2.2
t_eq "  bridge -d sees include and both sources" \
	"$(bm -d -j | jq -c '.[0].mdb[] | select(.grp == "233.252.0.4" and (has("src") | not)) | [.filter_mode, ([.source_list[].address] | sort)]')" \
	'["include",["192.0.2.1","192.0.2.2"]]'
t_run "replace it: exclude, one source" 0 $BRKIT -n "$NS" mdb replace dev br1 \
	port p-c grp 233.252.0.4 permanent filter_mode exclude source_list 192.0.2.3
t_eq "  bridge -d sees exclude and the one source" \
	"$(bm -d -j | jq -c '.[0].mdb[] | select(.grp == "233.252.0.4" and (has("src") | not)) | [.filter_mode, [.source_list[].address]]')" \
	'["exclude",["192.0.2.3"]]'
same "permanent and learnt, text"
same "permanent and learnt, JSON" -j
same "permanent and learnt, -d" -d
same "permanent and learnt, -d JSON" -d -j
# br1 holds only permanent entries: their timers read 0.00, so -s compares too
FILTER="dev br1"
same "br1 with -s -d (timers)" -s -d
FILTER="dev br1"
same "br1 with -s -d JSON" -s -d -j
t_run "add of an existing entry fails" 1 $BRKIT -n "$NS" mdb add dev br0 port p-a grp 233.252.0.1 permanent
t_errmatch "  says it exists" "233.252.0.1 on p-a of br0: the entry exists"

# ---- router ports (mdb show -d) ----
ipn link set p-b type bridge_slave mcast_router 2
same "a router port, -d" -d
same "a router port, -d JSON" -d -j
t_eq "  brkit -d -j names p-b a router port of br0" \
	"$(km -d -j | jq -c '.[0].router.br0')" '[{"port":"p-b"}]'
ipn link set p-b type bridge_slave mcast_router 1

# ---- get (RTM_GETMDB get: Linux 6.7+) ----
kver=$(uname -r | awk -F. '{print $1 * 1000 + $2}')
if [ "$kver" -ge 6007 ]; then
	t_run "get 233.252.0.10 (joined on two ports)" 0 $BRKIT -n "$NS" mdb get dev br0 grp 233.252.0.10
	t_eq "  the same lines as mdb show has for it" "$T_OUT" "$(bm | grep ' grp 233.252.0.10 ')"
	t_run "get -j of the (S,G) entry" 0 $BRKIT -n "$NS" -j mdb get dev br0 grp 233.252.0.2 src 192.0.2.99
	t_eq "  the entry as mdb show -j has it" "$T_OUT" \
		"$(bm -j | jq -c '[.[0].mdb[] | select(.grp == "233.252.0.2")]')"
	t_run "get of a group the bridge does not have" 1 $BRKIT -n "$NS" mdb get dev br0 grp 233.252.0.99
	t_errmatch "  says so" "233.252.0.99 on br0: no such group"
	t_eq "  prints nothing on stdout" "$T_OUT" ""
else
	echo "not run - mdb get: kernel $(uname -r) predates RTM_GETMDB get (6.7)"
fi

# ---- del ----
t_run "del the permanent IPv4 group" 0 $BRKIT -n "$NS" mdb del dev br0 port p-a grp 233.252.0.1
has 233.252.0.1 p-a && t_fail "  still there" || t_ok "  gone"
t_run "del the (S,G) entry" 0 $BRKIT -n "$NS" mdb del dev br0 port p-b grp 233.252.0.2 src 192.0.2.99
t_eq "  gone" "$(bm -j | jq '[.[0].mdb[] | select(.grp == "233.252.0.2")] | length')" 0

# ---- bad input: a clear message naming the object, exit 2 or 1, nothing changed ----
bad() {
	_d=$1 _s=$2 _re=$3
	shift 3
	_before=$(perm)
	t_bad "$NS" "$_d" "$_s" "$_re" $BRKIT -n "$NS" "$@"
	t_eq "$_d: MDB unchanged" "$(perm)" "$_before"
}
bad "no group" 2 "mdb add: add needs dev BRIDGE, port PORT and grp GROUP" mdb add dev br0 port p-a
bad "unicast group" 2 "grp '192.0.2.1': not an IPv4 multicast" mdb add dev br0 port p-a grp 192.0.2.1
bad "IPv6 unicast group" 2 "grp '2001:db8::1': not an IPv6 multicast" mdb add dev br0 port p-a grp 2001:db8::1
bad "garbage group" 2 "grp 'nope': not an IPv4, IPv6 or MAC" mdb add dev br0 port p-a grp nope
bad "unicast MAC group" 2 "grp '02:00:00:00:00:01': not a multicast MAC" \
	mdb add dev br0 port p-a grp 02:00:00:00:00:01 permanent
bad "temp MAC group" 2 "a MAC group must be permanent" mdb add dev br0 port p-a grp 01:00:5e:00:00:fc
bad "IPv6 source of an IPv4 group" 2 "src '2001:db8::1': not an IPv4 address" \
	mdb add dev br0 port p-a grp 233.252.0.5 src 2001:db8::1
bad "multicast source" 2 "src '233.252.0.6': a source is a unicast" \
	mdb add dev br0 port p-a grp 233.252.0.5 src 233.252.0.6
bad "vid 0" 2 "vid '0'" mdb add dev br0 port p-a grp 233.252.0.5 vid 0
bad "vid 4095" 2 "vid '4095'" mdb add dev br0 port p-a grp 233.252.0.5 vid 4095
bad "bad filter mode" 2 "filter_mode 'both': want include or exclude" \
	mdb add dev br0 port p-a grp 233.252.0.5 filter_mode both
bad "source list without mode" 2 "source_list needs filter_mode" \
	mdb add dev br0 port p-a grp 233.252.0.5 source_list 192.0.2.1
bad "bad source in list" 2 "source_list: 'x': not an IPv4" \
	mdb add dev br0 port p-a grp 233.252.0.5 filter_mode include source_list 192.0.2.1,x
bad "proto kernel" 2 "proto 'kernel': the kernel takes only static" \
	mdb add dev br0 port p-a grp 233.252.0.5 proto kernel
bad "proto garbage" 2 "proto 'nope': not a protocol" mdb add dev br0 port p-a grp 233.252.0.5 proto nope
bad "dev twice" 2 "'dev' given twice" mdb add dev br0 dev br0 port p-a grp 233.252.0.5
bad "permanent and temp" 2 "only one of permanent, temp" mdb add dev br0 port p-a grp 233.252.0.5 permanent temp
bad "unknown word" 2 "unexpected 'fast'" mdb add dev br0 port p-a grp 233.252.0.5 fast
bad "unknown verb" 2 "mdb: unknown command 'append'" mdb append dev br0 port p-a grp 233.252.0.5
bad "no such bridge" 1 "br9: no such device" mdb add dev br9 port p-a grp 233.252.0.5
bad "dev not a bridge" 1 "p-a: not a bridge" mdb add dev p-a port p-a grp 233.252.0.5
bad "port of another bridge" 1 "p-c: not a port of br0" mdb add dev br0 port p-c grp 233.252.0.5
bad "no such port" 1 "p-z: no such device" mdb add dev br0 port p-z grp 233.252.0.5
bad "del of a missing entry" 1 "deleting group 233.252.0.77 on p-a of br0: no such entry" \
	mdb del dev br0 port p-a grp 233.252.0.77
bad "del with filter_mode" 2 "del: filter_mode, source_list and proto apply to add and replace only" \
	mdb del dev br0 port p-a grp 233.252.0.10 filter_mode include
bad "show of a port" 1 "mdb show: p-a: not a bridge" mdb show dev p-a
bad "show with a bad word" 2 "mdb show: unexpected 'grp'" mdb show grp 233.252.0.1
bad "get without grp" 2 "mdb get: usage" mdb get dev br0
bad "get of a bad group" 2 "mdb get: grp '192.0.2.1'" mdb get dev br0 grp 192.0.2.1
bad "get on a port" 1 "p-a: not a bridge" mdb get dev p-a grp 233.252.0.10
bad "bridge set igmp 4" 2 "mcast_igmp_version must be 2 or 3" bridge set br0 mcast_igmp_version 4
bad "bridge set mld 3" 2 "mcast_mld_version must be 1 or 2" bridge set br0 mcast_mld_version 3
bad "bridge set router 3" 2 "mcast_router must be 0" bridge set br0 mcast_router 3
bad "bridge set query interval 50" 2 "mcast_query_interval out of range" \
	bridge set br0 mcast_query_interval 50
bad "bridge set querier maybe" 2 "mcast_querier" bridge set br0 mcast_querier maybe

# ---- monitor mdb, against bridge monitor mdb on the same events ----
stdbuf -oL bridge -n "$NS" monitor mdb >"$T_TMP/mon.ip" 2>&1 &
echo $! >"$T_TMP/mon.ip.pid"
$BRKIT -n "$NS" monitor mdb >"$T_TMP/mon.bk" 2>&1 &
echo $! >"$T_TMP/mon.bk.pid"
$BRKIT -n "$NS" -j monitor mdb >"$T_TMP/mon.bkj" 2>&1 &
echo $! >"$T_TMP/mon.bkj.pid"
stop_monitors() {
	for f in mon.ip mon.bk mon.bkj; do
		[ -f "$T_TMP/$f.pid" ] && kill "$(cat "$T_TMP/$f.pid")" 2>/dev/null
		rm -f "$T_TMP/$f.pid"
	done
}
trap 'stop_monitors; lab_cleanup' EXIT
# Poll until the monitors listen: each reports this entry, added again until all have seen it.
_i=0
while [ $_i -lt 300 ]; do
	$BRKIT -n "$NS" mdb replace dev br1 port p-c grp 233.252.0.60 permanent >/dev/null 2>&1
	grep -q 233.252.0.60 "$T_TMP/mon.ip" && grep -q 233.252.0.60 "$T_TMP/mon.bk" &&
		grep -q 233.252.0.60 "$T_TMP/mon.bkj" && break
	sleep 0.1
	_i=$((_i + 1))
done
$BRKIT -n "$NS" mdb del dev br1 port p-c grp 233.252.0.60
: >"$T_TMP/mark"
$BRKIT -n "$NS" mdb add dev br1 port p-c grp 233.252.0.61 permanent
$BRKIT -n "$NS" mdb del dev br1 port p-c grp 233.252.0.61
ipn link set p-c type bridge_slave mcast_router 2
ipn link set p-c type bridge_slave mcast_router 0
_i=0
while [ $_i -lt 300 ]; do
	[ "$(grep -c 'router port' "$T_TMP/mon.ip")" -ge 2 ] && [ "$(grep -c 'router port' "$T_TMP/mon.bk")" -ge 2 ] &&
		[ "$(grep -c '"port":"p-c"}]' "$T_TMP/mon.bkj")" -ge 2 ] && break
	sleep 0.1
	_i=$((_i + 1))
done
stop_monitors
# The lines from the first delete of .60 on (the warm-up adds may differ in number).
tailfrom() { sed -n '/^Deleted .*233.252.0.60/,$p' "$1"; }
tailfrom "$T_TMP/mon.ip" >"$T_TMP/mon.ip.t"
tailfrom "$T_TMP/mon.bk" >"$T_TMP/mon.bk.t"
t_eq "monitor mdb: five events seen (del, add, del, router port, its removal)" \
	"$(wc -l <"$T_TMP/mon.ip.t")" 5
if cmp -s "$T_TMP/mon.ip.t" "$T_TMP/mon.bk.t"; then
	t_ok "monitor mdb: byte-identical to bridge monitor mdb"
else
	t_fail "monitor mdb differs"
	diff "$T_TMP/mon.ip.t" "$T_TMP/mon.bk.t" | head
fi
t_eq "monitor -j: the delete of 233.252.0.61 says deleted" \
	"$(jq -c 'select(.grp == "233.252.0.61") | [.deleted // false, .dev, .port, .state]' "$T_TMP/mon.bkj")" \
	"$(printf '%s\n%s' '[false,"br1","p-c","permanent"]' '[true,"br1","p-c","permanent"]')"

# ---- lab bridges: a snooping bridge queries unless the file says otherwise ----
LAB="mdb$$"
cat >"$T_TMP/lab.yml" <<EOF
name: mcast
topology:
  nodes:
    sw1: {kind: bridge}
    sw2: {kind: bridge, mcast_querier: 0}
    sw3: {kind: bridge, mcast_snooping: 0}
    sw4: {kind: bridge, mcast_igmp_version: 3, mcast_mld_version: 2}
    h1: {kind: host, addresses: ["2001:db8:1::1/64"]}
    h2: {kind: host, addresses: ["2001:db8:1::2/64"]}
  links:
    - endpoints: ["h1:eth0", "sw1:p1"]
    - endpoints: ["h2:eth0", "sw1:p2"]
EOF
t_run "lab up with four bridges" 0 $BRKIT lab up "$T_TMP/lab.yml" name "$LAB"
q() { t_ipj "$LAB-$1" br0 '.linkinfo.info_data | [.mcast_snooping, .mcast_querier] | @tsv'; }
t_eq "  sw1 (nothing said): snooping and querier" "$(q sw1)" "$(printf '1\t1')"
t_eq "  sw2 (mcast_querier: 0): snooping, no querier" "$(q sw2)" "$(printf '1\t0')"
t_eq "  sw3 (mcast_snooping: 0): neither" "$(q sw3)" "$(printf '0\t0')"
t_eq "  sw4: querier, IGMPv3, MLDv2" \
	"$(t_ipj "$LAB-sw4" br0 '.linkinfo.info_data | [.mcast_querier, .mcast_igmp_version, .mcast_mld_version] | @tsv')" \
	"$(printf '1\t3\t2')"
# IPv6 neighbour discovery across the snooping bridge (solicited-node groups)
_i=0
while [ $_i -lt 60 ]; do
	ip netns exec "$LAB-h1" ping -6 -c1 -W1 2001:db8:1::2 >/dev/null 2>&1 && break
	_i=$((_i + 1))
	sleep 1
done
[ $_i -lt 60 ] && t_ok "  h1 pings h2 over IPv6 through the snooping, querying sw1" ||
	t_fail "  no IPv6 ping across sw1"
t_run "lab down" 0 $BRKIT lab down "$LAB"
LAB=""

t_end

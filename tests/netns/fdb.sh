#!/bin/sh
# brkit fdb show/add/append/replace/del/get/flush/load and showmacs, read back
# through iproute2's `bridge -j fdb show` and bridge-utils' `brctl showmacs`.
. "$(dirname "$0")/../lib.sh"
t_netns_new NS fdb

ipn() { ip -n "$NS" "$@"; }
bj() { bridge -n "$NS" -j fdb show "$@"; }
# has_entry MAC DEV JQ-CONDITION: bridge's JSON holds MAC on DEV matching the condition
has_entry() {
	bj | jq -e --arg m "$1" --arg d "$2" "any(.[]; .mac == \$m and .ifname == \$d and ($3))" >/dev/null
}
nentries() { bj | jq --arg m "$1" '[.[] | select(.mac == $m)] | length'; }

# No IPv6: no router solicitations or ND from the veth ends, so nothing is
# learned behind the tests' back (only the one ping below).
ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ipn link add br0 type bridge
ipn link add br1 type bridge
for p in a b c; do
	ipn link add p-$p type veth peer name q-$p
done
ipn link set p-a master br0
ipn link set p-b master br0
ipn link set p-c master br1
for d in p-a p-b p-c q-a q-b q-c br0 br1; do ipn link set $d up; done
ipn link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1
ipn link add vx6 type vxlan id 43 dstport 4789 local 2001:db8::1

# ---- add / append / replace / del, checked through bridge -j fdb show ----
t_run "add static (the default) on a port" 0 $BRKIT -n "$NS" fdb add 02:00:00:00:00:01 dev p-a
if has_entry 02:00:00:00:00:01 p-a '.master == "br0" and .state == "static" and .flags == []'; then
	t_ok "  bridge sees 02:00:00:00:00:01 static on p-a, master br0"
else t_fail "  bridge does not see the static entry: $(bj | jq -c '.[] | select(.mac == "02:00:00:00:00:01")')"; fi
t_run "add dynamic" 0 $BRKIT -n "$NS" fdb add 02:00:00:00:00:02 dev p-a dynamic
has_entry 02:00:00:00:00:02 p-a '.state == ""' && t_ok "  bridge sees it dynamic" || t_fail "  not dynamic"
t_run "add local" 0 $BRKIT -n "$NS" fdb add 02:00:00:00:00:03 dev p-b local
has_entry 02:00:00:00:00:03 p-b '.state == "permanent"' && t_ok "  bridge sees it permanent" ||
	t_fail "  not permanent"
t_run "add sticky static" 0 $BRKIT -n "$NS" fdb add 02:00:00:00:00:04 dev p-b static sticky master
has_entry 02:00:00:00:00:04 p-b '.state == "static" and .flags == ["sticky"]' &&
	t_ok "  bridge sees it sticky" || t_fail "  not sticky"
t_run "replace dynamic with static on another port" 0 \
	$BRKIT -n "$NS" fdb replace 02:00:00:00:00:02 dev p-b static
has_entry 02:00:00:00:00:02 p-b '.state == "static"' && t_ok "  moved to p-b, static" ||
	t_fail "  replace did not move it"
t_eq "  one entry for the MAC" "$(nentries 02:00:00:00:00:02)" 1
t_run "del" 0 $BRKIT -n "$NS" fdb del 02:00:00:00:00:02 dev p-b
t_eq "  gone" "$(nentries 02:00:00:00:00:02)" 0
t_run "add on the bridge itself (its own table: local)" 0 $BRKIT -n "$NS" fdb add 02:00:00:00:00:05 dev br0
has_entry 02:00:00:00:00:05 br0 '.master == "br0" and .state == "permanent"' &&
	t_ok "  bridge sees it on br0, permanent" || t_fail "  not on br0"
t_run "static on the bridge itself is refused" 1 $BRKIT -n "$NS" fdb add 02:00:00:00:00:08 dev br0 static
t_errmatch "  says why" "br0: .*local"
t_eq "  nothing added" "$(nentries 02:00:00:00:00:08)" 0

# VXLAN remotes: the attributes dst, vni, port, via, self
t_run "append all-zeros remote on vx0" 0 \
	$BRKIT -n "$NS" fdb append 00:00:00:00:00:00 dev vx0 dst 198.51.100.2 self
t_run "append a second remote" 0 \
	$BRKIT -n "$NS" fdb append 00:00:00:00:00:00 dev vx0 dst 198.51.100.3 self
t_eq "  two remotes for 00:00:00:00:00:00" \
	"$(bj dev vx0 | jq -c '[.[] | select(.mac == "00:00:00:00:00:00") | .dst] | sort')" \
	'["198.51.100.2","198.51.100.3"]'
t_run "add a remote with vni, port, via" 0 $BRKIT -n "$NS" fdb add 02:00:00:00:00:06 dev vx0 \
	dst 203.0.113.7 vni 77 port 4790 via q-c self
t_eq "  bridge sees dst, vni, port, via" \
	"$(bj dev vx0 | jq -c '.[] | select(.mac == "02:00:00:00:00:06") | [.dst, .vni, .port, .viaIf, .flags]')" \
	'["203.0.113.7",77,4790,"q-c",["self"]]'
t_run "add an IPv6 remote" 0 $BRKIT -n "$NS" fdb add 02:00:00:00:00:07 dev vx6 dst 2001:db8::7 self
t_eq "  bridge sees the IPv6 dst" \
	"$(bj dev vx6 | jq -r '.[] | select(.mac == "02:00:00:00:00:07") | .dst')" "2001:db8::7"
t_run "del one remote of two" 0 $BRKIT -n "$NS" fdb del 00:00:00:00:00:00 dev vx0 dst 198.51.100.2 self
t_eq "  one remote left" \
	"$(bj dev vx0 | jq -c '[.[] | select(.mac == "00:00:00:00:00:00") | .dst]')" '["198.51.100.3"]'

# ---- a second reader: libnl-route-3 (rtnl_neigh_parse) sees what brkit wrote ----
nlfdb() { t_nl "$NS" fdb | grep -F "mac=$1 dev=$2 "; }
t_eq "libnl: the static entry on p-a" "$(nlfdb 02:00:00:00:00:01 p-a)" \
	"mac=02:00:00:00:00:01 dev=p-a master=br0 vlan=0 state=static flags="
t_eq "libnl: the local entry on p-b" "$(nlfdb 02:00:00:00:00:03 p-b)" \
	"mac=02:00:00:00:00:03 dev=p-b master=br0 vlan=0 state=permanent flags="
t_eq "libnl: the sticky entry on p-b" "$(nlfdb 02:00:00:00:00:04 p-b)" \
	"mac=02:00:00:00:00:04 dev=p-b master=br0 vlan=0 state=static flags=sticky,"
t_eq "libnl: the entry on br0 itself" "$(nlfdb 02:00:00:00:00:05 br0)" \
	"mac=02:00:00:00:00:05 dev=br0 master=br0 vlan=0 state=permanent flags="
t_eq "libnl: the VXLAN remote, in vx0's own table" "$(nlfdb 02:00:00:00:00:06 vx0)" \
	"mac=02:00:00:00:00:06 dev=vx0 master= vlan=0 state=permanent flags=self,"
t_eq "libnl: no entry for the deleted 02:00:00:00:00:02" "$(t_nl "$NS" fdb | grep -c 'mac=02:00:00:00:00:02 ')" 0
t_eq "brkit fdb show lists the entries libnl lists" \
	"$($BRKIT -n "$NS" -j fdb show | jq -r '.[] | "\(.mac) \(.ifname)"' | sort)" \
	"$(t_nl "$NS" fdb | sed -n 's/^mac=\([^ ]*\) dev=\([^ ]*\) .*/\1 \2/p' | sort)"

# ---- show: byte-identical to bridge fdb show, text and JSON, with filters ----
# learn a dynamic entry: q-a sends through p-a
ipn addr add 192.0.2.254/24 dev br0
ipn addr add 192.0.2.1/24 dev q-a
QA=$(ipn -j link show q-a | jq -r '.[0].address')
# until the bridge has learnt it (at most 20 tries): under load the veths'
# carrier comes up late, and a frame sent before that is lost
i=0
while [ $i -lt 20 ] && ! has_entry "$QA" p-a '.state == ""'; do
	ip netns exec "$NS" ping -c 1 -W 1 -I q-a 192.0.2.254 >/dev/null 2>&1
	i=$((i + 1))
done
has_entry "$QA" p-a '.state == ""' && t_ok "learned q-a's MAC $QA on p-a (dynamic)" ||
	t_fail "no learned entry for $QA"
# Quiet again: once the neighbour entries go stale, a later ARP probe between
# br0 and q-a re-taught the bridge q-a's MAC after a flush had removed it (a
# CI run saw it appear in a dump-and-delete snapshot). Without addresses and
# with ARP off nothing is sent; the learned entry stays until it ages (300 s).
ipn addr flush dev q-a
ipn addr flush dev br0
ipn neigh flush all
ipn link set q-a arp off
ipn link set br0 arp off
for f in "" "br br0" "br br1" "dev p-a" "dev vx0" "dev vx6" "br br0 dev p-b"; do
	bridge -n "$NS" fdb show $f >"$T_TMP/ref" 2>&1
	$BRKIT -n "$NS" fdb show $f >"$T_TMP/bk" 2>&1
	if cmp -s "$T_TMP/ref" "$T_TMP/bk" && [ -s "$T_TMP/ref" ]; then t_ok "fdb show $f: text identical"; else
		t_fail "fdb show $f: text differs"; diff "$T_TMP/ref" "$T_TMP/bk" | head; fi
	bridge -n "$NS" -j fdb show $f >"$T_TMP/ref" 2>&1
	$BRKIT -n "$NS" -j fdb show $f >"$T_TMP/bk" 2>&1
	if cmp -s "$T_TMP/ref" "$T_TMP/bk"; then t_ok "fdb show $f: JSON identical"; else
		t_fail "fdb show $f: JSON differs"; diff "$T_TMP/ref" "$T_TMP/bk" | head; fi
done
t_eq "-j -p fdb show: the same JSON, pretty" "$($BRKIT -n "$NS" -j -p fdb show | jq -c .)" "$(bj | jq -c .)"
t_eq "  and it is pretty" "$($BRKIT -n "$NS" -j -p fdb show | wc -l | awk '$1 > 10 { print "multi-line" }')" multi-line
t_eq "fdb show static = bridge's state static" "$($BRKIT -n "$NS" -j fdb show static | jq -c 'map(.mac) | sort')" \
	"$(bj | jq -c 'map(select(.state == "static") | .mac) | sort')"
t_eq "fdb show dynamic = bridge's state \"\"" "$($BRKIT -n "$NS" -j fdb show dynamic | jq -c 'map(.mac) | sort')" \
	"$(bj | jq -c 'map(select(.state == "") | .mac) | sort')"
t_eq "fdb show vlan 5 lists nothing (no entry has a VLAN here)" \
	"$($BRKIT -n "$NS" -j fdb show vlan 5)" "[]"
t_eq "  and bridge has no entry with vlan 5" "$(bj | jq '[.[] | select(.vlan == 5)] | length')" 0

# ---- get ----
for m in 02:00:00:00:00:01 "$QA"; do
	t_eq "fdb get $m br br0 = bridge fdb get" "$($BRKIT -n "$NS" fdb get $m br br0)" \
		"$(bridge -n "$NS" fdb get $m br br0)"
done
t_run "fdb get of a missing entry" 1 $BRKIT -n "$NS" fdb get 02:00:00:00:00:99 br br0
t_errmatch "  says no such entry in br0" "02:00:00:00:00:99.*br0: no such entry"

# ---- showmacs against brctl showmacs ----
# br1: static and local entries only, so every ageing timer is 0.00: byte-identical.
$BRKIT -n "$NS" fdb add 02:00:00:00:01:01 dev p-c
$BRKIT -n "$NS" fdb add 02:00:00:00:01:00 dev p-c local
ip netns exec "$NS" brctl showmacs br1 >"$T_TMP/ref"
$BRKIT -n "$NS" showmacs br1 >"$T_TMP/bk"
if cmp -s "$T_TMP/ref" "$T_TMP/bk"; then t_ok "showmacs br1 byte-identical to brctl ($(wc -l <"$T_TMP/ref") lines)"; else
	t_fail "showmacs br1 differs"; diff "$T_TMP/ref" "$T_TMP/bk"; fi
# br0 has a learned entry: identical apart from the ageing timer values.
ip netns exec "$NS" brctl showmacs br0 | sed 's/ *[0-9]*\.[0-9][0-9]$//' >"$T_TMP/ref"
$BRKIT -n "$NS" showmacs br0 | sed 's/ *[0-9]*\.[0-9][0-9]$//' >"$T_TMP/bk"
if cmp -s "$T_TMP/ref" "$T_TMP/bk" && grep -q "$QA" "$T_TMP/ref"; then t_ok "showmacs br0 identical but for timers"; else
	t_fail "showmacs br0 differs"; diff "$T_TMP/ref" "$T_TMP/bk"; fi
for b in nosuch p-a; do
	ip netns exec "$NS" brctl showmacs $b >"$T_TMP/ref" 2>&1
	r1=$?
	ip netns exec "$NS" "$BRCTL_BRKIT" showmacs $b >"$T_TMP/bk" 2>&1
	r2=$?
	if cmp -s "$T_TMP/ref" "$T_TMP/bk" && [ $r1 = $r2 ]; then t_ok "brctl showmacs $b: same message and status"; else
		t_fail "brctl showmacs $b differs ($r1/$r2)"; diff "$T_TMP/ref" "$T_TMP/bk"; fi
done

# ---- flush ----
$BRKIT -n "$NS" fdb add 02:00:00:00:02:01 dev p-a dynamic
$BRKIT -n "$NS" fdb add 02:00:00:00:02:02 dev p-b dynamic
$BRKIT -n "$NS" fdb add 02:00:00:00:02:03 dev p-b static
$BRKIT -n "$NS" fdb add 02:00:00:00:02:04 dev p-c dynamic
# rows: "mac dev state" of bridge (master) entries
rows() { bj | jq -r '.[] | select(.master != null and .ifname != .master) | "\(.mac) \(.ifname) \(.state)"' | sort; }
rows >"$T_TMP/before"
t_run "flush dev p-a dynamic" 0 $BRKIT -n "$NS" fdb flush dev p-a dynamic
rows >"$T_TMP/after"
t_eq "  removed exactly p-a's dynamic entries" "$(diff "$T_TMP/before" "$T_TMP/after" | grep '^<' | sort | tr '\n' ' ')" \
	"$(grep ' p-a $' "$T_TMP/before" | sed 's/^/< /' | sort | tr '\n' ' ')"
t_eq "  added nothing" "$(diff "$T_TMP/before" "$T_TMP/after" | grep -c '^>')" 0
rows >"$T_TMP/before"
t_run "flush vlan 5 (no entry has VLAN 5)" 0 $BRKIT -n "$NS" fdb flush br br0 vlan 5
rows >"$T_TMP/after"
# "Nothing removed" is what the flush promises; an entry the bridge learns
# meanwhile (a fresh-machine run once saw one) is not the flush's doing.
t_eq "  nothing removed" "$(comm -23 "$T_TMP/before" "$T_TMP/after" | tr '\n' ' ')" ""
t_run "flush br br0 static" 0 $BRKIT -n "$NS" fdb flush br br0 static
rows >"$T_TMP/after"
t_eq "  removed exactly br0's static entries" "$(diff "$T_TMP/before" "$T_TMP/after" | grep '^<' | sort | tr '\n' ' ')" \
	"$(grep -E ' p-[ab] static$' "$T_TMP/before" | sed 's/^/< /' | sort | tr '\n' ' ')"
t_eq "  p-b's dynamic entry stays" "$(grep -c '02:00:00:00:02:02 p-b $' "$T_TMP/after")" 1
t_eq "  br1 untouched" "$(grep -c ' p-c ' "$T_TMP/after")" "$(grep -c ' p-c ' "$T_TMP/before")"
# the same through dump-and-delete (kernels without NLM_F_BULK)
$BRKIT -n "$NS" fdb add 02:00:00:00:02:05 dev p-a dynamic
$BRKIT -n "$NS" fdb add 02:00:00:00:02:06 dev p-a static
$BRKIT -n "$NS" fdb add 02:00:00:00:02:07 dev p-b static
rows >"$T_TMP/before"
# The kernel here has bulk delete: fdbflush's no-bulk-flag sends the request
# without NLM_F_BULK, which this kernel answers as kernels before 5.19 answer
# a bulk request (EINVAL "invalid address"), so the library's detection runs.
FLUSH=$BUILD/tests/tools/fdbflush
t_run "flush dev p-a static, dump-and-delete" 0 $FLUSH "$NS" no-bulk-flag dev p-a static
t_eq "  the fallback deleted (and counted) one entry" "$T_OUT" "deleted 1"
rows >"$T_TMP/after"
t_eq "  removed exactly p-a's static entry" "$(diff "$T_TMP/before" "$T_TMP/after" | grep '^[<>]' | tr '\n' ' ')" \
	"< 02:00:00:00:02:06 p-a static "
t_run "flush br br0 dynamic, dump-and-delete" 0 $FLUSH "$NS" no-bulk-flag br br0 dynamic
t_eq "  the fallback counted what it deleted" "$T_OUT" "deleted $(grep -cE ' p-[ab] $' "$T_TMP/after")"
rows >"$T_TMP/after2"
t_eq "  removed exactly br0's dynamic entries" "$(diff "$T_TMP/after" "$T_TMP/after2" | grep '^[<>]' | sort | tr '\n' ' ')" \
	"$(grep -E ' p-[ab] $' "$T_TMP/after" | sed 's/^/< /' | sort | tr '\n' ' ')"
t_eq "  p-b's static entry stays" "$(grep -c '02:00:00:00:02:07 p-b static' "$T_TMP/after2")" 1
rows >"$T_TMP/before"
t_run "flush (every bridge, static and dynamic)" 0 $BRKIT -n "$NS" fdb flush
rows >"$T_TMP/after"
t_eq "  only permanent entries left" "$(grep -vc ' permanent$' "$T_TMP/after")" 0
t_eq "  permanent entries kept" "$(grep -c ' permanent$' "$T_TMP/after")" \
	"$(grep -c ' permanent$' "$T_TMP/before")"
t_eq "  VXLAN remotes untouched" "$(bj dev vx0 | jq length)" 2

# ---- flush of every bridge, past 1024 bridges (a fixed table once stopped there) ----
t_netns_new NS2 many
for i in $(seq 1 1030); do printf 'link add xb%04d type bridge\n' "$i"; done >"$T_TMP/many"
ip -n "$NS2" -batch "$T_TMP/many"
for b in 1 1030; do
	ip -n "$NS2" link add m-$b type veth peer name n-$b
	ip -n "$NS2" link set m-$b master "$(printf xb%04d $b)"
	ip -n "$NS2" link set m-$b up
done
mstatic() { bridge -n "$NS2" -j fdb show | jq '[.[] | select(.state == "static")] | length'; }
many_add() {
	for b in 1 1030; do
		$BRKIT -n "$NS2" fdb add 02:00:00:00:0a:01 dev m-$b static
		$BRKIT -n "$NS2" fdb add 02:00:00:00:0a:02 dev m-$b static
	done
}
many_add
t_eq "1030 bridges, static entries on the first and the last" "$(mstatic)" 4
t_run "flush (every bridge, bulk)" 0 $BRKIT -n "$NS2" fdb flush static
t_eq "  the 1030th bridge was flushed too" "$(mstatic)" 0
many_add
t_run "flush (every bridge, dump-and-delete)" 0 $FLUSH "$NS2" no-bulk-flag static
t_eq "  deleted the entries of both bridges" "$T_OUT" "deleted 4"
t_eq "  none left" "$(mstatic)" 0
t_netns_del "$NS2"

# ---- load ----
cat >"$T_TMP/load" <<'EOF'
# VM MACs
add 02:00:00:00:03:01 dev p-a
add 02:00:00:00:03:02 dev p-b sticky

add 02:00:00:00:03:03 dev p-a dynamic
replace 02:00:00:00:03:03 dev p-b static
add 02:00:00:00:03:01 dev p-a
del 02:00:00:00:03:09 dev p-a
del 02:00:00:00:03:02 dev p-b
EOF
t_run "fdb load with two kernel refusals" 1 $BRKIT -n "$NS" fdb load "$T_TMP/load"
t_errmatch "  refusal 1 names line 7 and says it exists" "load .*:7: adding 02:00:00:00:03:01 on p-a: .*exists.*replace"
t_errmatch "  refusal 2 names line 8" "load .*:8: deleting 02:00:00:00:03:09 on p-a: no such entry"
t_eq "  prints how many lines were applied" "$T_OUT" "fdb load $T_TMP/load: 5 of 7 lines applied"
t_eq "  the table has what the applied lines made" \
	"$(bj | jq -c '[.[] | select(.mac | startswith("02:00:00:00:03:")) | [.mac, .ifname, .state]] | sort')" \
	'[["02:00:00:00:03:01","p-a","static"],["02:00:00:00:03:03","p-b","static"]]'
printf 'add 02:00:00:00:04:01 dev p-a\nadd 02:00:00:00:04:02 dev p-b\n' >"$T_TMP/load2"
t_run "fdb load - (stdin)" 0 sh -c "$BRKIT -n $NS fdb load - <$T_TMP/load2"
t_eq "  both added" "$(bj | jq '[.[] | select(.mac | startswith("02:00:00:00:04:"))] | length')" 2

printf 'fdb add 02:00:00:00:04:03 dev p-a master static\nfdb del 02:00:00:00:04:01 dev p-a master\n' >"$T_TMP/load3"
t_run "fdb load of bridge -batch lines" 0 $BRKIT -n "$NS" fdb load "$T_TMP/load3"
t_eq "  applied as bridge -batch would" \
	"$(bj | jq -c '[.[] | select(.mac | startswith("02:00:00:00:04:")) | [.mac, .ifname, .state]] | sort')" \
	'[["02:00:00:00:04:02","p-b","static"],["02:00:00:00:04:03","p-a","static"]]'

t_end

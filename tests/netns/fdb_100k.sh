#!/bin/sh
# 100k entries: brkit's view equals iproute2's on the same table. Loaded once by
# brkit (fdb load) and once by iproute2 (bridge -batch); each time the counts are
# equal, the JSON dumps are byte-identical, and every entry is equal after
# normalising both to sorted "mac dev vlan flags state" lines.
. "$(dirname "$0")/../lib.sh"
t_netns_new NS fdb100k
N=100000

ipn() { ip -n "$NS" "$@"; }
ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ipn link add br0 type bridge
for i in 1 2 3; do
	ipn link add p-$i type veth peer name q-$i
	ipn link set p-$i master br0
	ipn link set p-$i up
	ipn link set q-$i up
done
ipn link set br0 up
sleep 0.1 # carrier: ports forward, so dynamic entries are accepted
awk -v n="$N" -v d="$T_TMP" 'BEGIN { for (i = 0; i < n; i++) {
	mac = sprintf("02:%02x:%02x:%02x:00:0%d", int(i / 65536), int(i / 256) % 256, i % 256, i % 2)
	p = i % 3 + 1
	st = i % 10 == 0 ? "dynamic" : "static"
	stk = i % 7 == 0 ? " sticky" : ""
	if (st == "dynamic") stk = ""
	printf "add %s dev p-%d %s%s\n", mac, p, st, stk > (d "/brkit.load")
	printf "fdb add %s dev p-%d master %s%s\n", mac, p, st, stk > (d "/ip.batch")
} }'

norm='.[] | "\(.mac) \(.ifname // "-") \(.vlan // 0) \(.flags | join(",")) \(.state)"'
compare() { # TAG
	bridge -n "$NS" -j fdb show >"$T_TMP/ref.json"
	$BRKIT -n "$NS" -j fdb show >"$T_TMP/bk.json"
	t_eq "$1: entry counts equal" "$(jq length "$T_TMP/bk.json")" "$(jq length "$T_TMP/ref.json")"
	t_eq "$1: bridge counts all $N of ours" \
		"$(jq '[.[] | select(.mac | startswith("02:"))] | length' "$T_TMP/ref.json")" "$N"
	jq -r "$norm" "$T_TMP/ref.json" | sort >"$T_TMP/ref.txt"
	jq -r "$norm" "$T_TMP/bk.json" | sort >"$T_TMP/bk.txt"
	if cmp -s "$T_TMP/ref.txt" "$T_TMP/bk.txt"; then t_ok "$1: every entry equal (normalised, sorted)"; else
		t_fail "$1: entries differ"; diff "$T_TMP/ref.txt" "$T_TMP/bk.txt" | head; fi
	if cmp -s "$T_TMP/ref.json" "$T_TMP/bk.json"; then t_ok "$1: JSON byte-identical"; else
		t_fail "$1: JSON differs"; fi
	bridge -n "$NS" fdb show >"$T_TMP/ref.out"
	$BRKIT -n "$NS" fdb show >"$T_TMP/bk.out"
	if cmp -s "$T_TMP/ref.out" "$T_TMP/bk.out"; then t_ok "$1: text byte-identical"; else
		t_fail "$1: text differs"; diff "$T_TMP/ref.out" "$T_TMP/bk.out" | head; fi
	$BRKIT -n "$NS" showmacs br0 >"$T_TMP/bk.macs"
	t_eq "$1: showmacs lists every port entry" "$(grep -c '^  [0-9]	02:' "$T_TMP/bk.macs")" "$N"
	ip netns exec "$NS" brctl showmacs br0 | sed 's/ *[0-9]*\.[0-9][0-9]$//' >"$T_TMP/ref.macs"
	if sed 's/ *[0-9]*\.[0-9][0-9]$//' "$T_TMP/bk.macs" | cmp -s - "$T_TMP/ref.macs"; then
		t_ok "$1: showmacs identical to brctl showmacs but for the ageing timers"
	else
		t_fail "$1: showmacs differs from brctl"
		sed 's/ *[0-9]*\.[0-9][0-9]$//' "$T_TMP/bk.macs" | diff "$T_TMP/ref.macs" - | head
	fi
}

t_run "brkit fdb load of $N lines" 0 $BRKIT -n "$NS" fdb load "$T_TMP/brkit.load"
t_eq "  says all applied" "$T_OUT" "fdb load $T_TMP/brkit.load: $N of $N lines applied"
compare "loaded by brkit"
t_eq "static and dynamic split as bridge sees it" \
	"$($BRKIT -n "$NS" fdb show static | wc -l) $($BRKIT -n "$NS" fdb show dynamic | wc -l)" \
	"$(jq '[.[] | select(.state == "static")] | length' "$T_TMP/ref.json") $(jq '[.[] | select(.state == "")] | length' "$T_TMP/ref.json")"
t_run "brkit fdb flush br br0" 0 $BRKIT -n "$NS" fdb flush br br0
t_eq "  no static or dynamic entry left (bridge's view)" \
	"$(bridge -n "$NS" -j fdb show br br0 | jq '[.[] | select(.state != "permanent")] | length')" 0
t_run "bridge -batch of the same $N adds" 0 bridge -n "$NS" -batch "$T_TMP/ip.batch"
compare "loaded by iproute2"
t_end

#!/bin/sh
# The one print path on real objects: -j and -j -p give the same documents for
# every show command; a port named with control characters (the kernel allows
# them) comes out of the JSON intact and, in text, byte-identical to iproute2;
# -j -batch stays one JSON document a line although fdb load has a summary.
. "$(dirname "$0")/../lib.sh"
t_netns_new NS pr

ipn() { ip -n "$NS" "$@"; }
ipn link add br0 type bridge
ipn link add p-a type veth peer name q-a
ipn link set p-a master br0
# 15 bytes: control characters, ESC, a quote and a backslash (no white space,
# '/' or ':', which the kernel refuses).
CTL=$(printf 'c\001\002\003\004\005\006\016\017\020\033"\\x\177')
if ! ipn link add "$CTL" type veth peer name q-c; then
	t_fail "ip link add: a name of control characters refused"
	t_end
	exit 1
fi
ipn link set "$CTL" master br0
for d in br0 p-a "$CTL"; do ipn link set "$d" up; done
bridge -n "$NS" fdb add 02:00:00:00:00:c1 dev "$CTL" master static
bridge -n "$NS" fdb add 02:00:00:00:00:a1 dev p-a master static
$BRKIT -n "$NS" tap add t-pr bridge br0 >/dev/null
ipn link add vx-pr type vxlan id 42 dstport 4789 local 192.0.2.1 dev q-a

t_eq "the kernel has the name" "$(ipn -o link show dev "$CTL" >/dev/null 2>&1 && echo yes)" yes
t_eq "-j fdb show: the name, decoded, is the name" \
	"$($BRKIT -n "$NS" -j fdb show br br0 | jq -r '.[] | select(.mac == "02:00:00:00:00:c1") | .ifname')" "$CTL"
t_eq "-j fdb show: control characters escaped, no raw byte below 0x20" \
	"$($BRKIT -n "$NS" -j fdb show br br0 | LC_ALL=C tr -d '\n' | LC_ALL=C tr -cd '\001-\037' | wc -c)" 0
t_eq "-j port show: the name" \
	"$($BRKIT -n "$NS" -j port show br0 | jq -r '[.[].ifname] | sort | .[0]')" "$CTL"
t_eq "-j bridge show: the name among the ports" \
	"$($BRKIT -n "$NS" -j bridge show br0 | jq -r --arg n "$CTL" '[.[0].ports[] | select(. == $n)] | length')" 1
$BRKIT -n "$NS" fdb show br br0 >"$T_TMP/bk.txt"
bridge -n "$NS" fdb show br br0 >"$T_TMP/ref.txt"
if cmp -s "$T_TMP/bk.txt" "$T_TMP/ref.txt" && grep -q "c$(printf '\001')" "$T_TMP/bk.txt"; then
	t_ok "fdb show text: byte-identical to iproute2, the name raw"
else
	t_fail "fdb show text differs from iproute2"
	diff "$T_TMP/ref.txt" "$T_TMP/bk.txt" | cat -v | head
fi

# -j and -j -p: the same document, the second on many lines (timers move
# between the two runs: left out).
notimers() {
	jq -cS 'walk(if type == "object" then with_entries(select(.key | endswith("_timer") | not))
		else . end)'
}
for cmd in "fdb show" "fdb show br br0" "bridge show" "port show" "show" "showstp br0" \
	"tap show" "vxlan show" "fdb get 02:00:00:00:00:a1 br br0"; do
	# shellcheck disable=SC2086
	a=$($BRKIT -n "$NS" -j $cmd | notimers)
	# shellcheck disable=SC2086
	b=$($BRKIT -n "$NS" -j -p $cmd | notimers)
	# shellcheck disable=SC2086
	n=$($BRKIT -n "$NS" -j -p $cmd | wc -l)
	if [ -n "$a" ] && [ "$a" = "$b" ] && [ "$n" -gt 2 ]; then
		t_ok "-j -p $cmd: the same JSON as -j, pretty ($n lines)"
	else
		t_fail "-j -p $cmd: [$b] ($n lines), -j: [$a]"
	fi
done
t_eq "-j -p of an empty list" "$($BRKIT -n "$NS" -j -p fdb show br br0 vlan 7)" "[]"

# fdb load's summary is for people: with -j it goes to stderr.
printf 'add 02:00:00:00:00:b1 dev p-a\nadd 02:00:00:00:00:b2 dev p-a\n' >"$T_TMP/load"
printf 'fdb load %s\nbridge show br0\nfdb show br br0\n' "$T_TMP/load" >"$T_TMP/batch"
t_run "-j -batch with fdb load" 0 $BRKIT -n "$NS" -j -batch "$T_TMP/batch"
t_eq "  stdout: one JSON document a line" "$(printf '%s\n' "$T_OUT" | jq -c type | tr '\n' ' ')" \
	'"array" "array" '
t_errmatch "  the summary on stderr" "fdb load .*: 2 of 2 lines applied"
printf 'add 02:00:00:00:00:b3 dev p-a\nadd 02:00:00:00:00:b4 dev p-a\n' >"$T_TMP/load2"
t_run "fdb load without -j" 0 $BRKIT -n "$NS" fdb load "$T_TMP/load2"
t_eq "  the summary on stdout" "$(printf '%s' "$T_OUT" | grep -c 'of 2 lines applied')" 1
t_end

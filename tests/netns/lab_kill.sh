#!/bin/sh
# brkit lab up killed half way (kill -9), then brkit lab down: no namespace,
# no veth, no mount and no state file may remain. The lab is large (a line of
# 300 bridges) so the kill lands while up is still working; the state file
# proves it did (no "complete" line yet). Two moments: while namespaces are
# being made, and after the last one (links and addresses under way).
. "$(dirname "$0")/../lib.sh"
P="t$$"
LABS=""
lab_cleanup() {
	for l in $LABS; do $BRKIT lab down "$l" >/dev/null 2>&1; done
	t_cleanup
}
trap lab_cleanup EXIT

N=300
BIG=$T_TMP/big.yml
{
	echo "name: big"
	echo "topology:"
	echo "  defaults: {kind: bridge}"
	echo "  nodes:"
	i=1
	while [ $i -le $N ]; do
		echo "    s$i: {}"
		i=$((i + 1))
	done
	echo "    h1: {kind: host, addresses: [192.0.2.1/24]}"
	echo "    h2: {kind: host, addresses: [192.0.2.2/24]}"
	echo "  links:"
	echo "    - endpoints: [\"h1:kqh\", \"s1:kq0\"]"
	i=1
	while [ $i -lt $N ]; do
		echo "    - endpoints: [\"s$i:kq1\", \"s$((i + 1)):kq2\"]"
		i=$((i + 1))
	done
	echo "    - endpoints: [\"s$N:kq0\", \"h2:kqh\"]"
} >"$BIG"

leftovers() {
	echo "$(ip netns list 2>/dev/null | grep -c "^$1-") $(ls /run/brkit/lab 2>/dev/null | grep -cx "$1") $(grep -c "/run/netns/$1-" /proc/self/mountinfo)"
}

# killrun NAME MINNS: start up, kill -9 it once the log names MINNS namespaces.
killrun() {
	_log=/run/brkit/lab/$1
	LABS="$LABS $1"
	$BRKIT lab up "$BIG" name "$1" >"$T_TMP/up.out" 2>&1 &
	_pid=$!
	_i=0
	while [ $_i -lt 20000 ]; do
		[ -f "$_log" ] && [ "$(grep -c '^ns ' "$_log" 2>/dev/null)" -ge "$2" ] && break
		kill -0 $_pid 2>/dev/null || break
		_i=$((_i + 1))
	done
	kill -9 $_pid 2>/dev/null
	wait $_pid 2>/dev/null
}

midway=0
for when in 1 $N; do
	try=0
	while [ $try -lt 5 ]; do
		try=$((try + 1))
		L=$P-k$when-$try
		killrun "$L" "$when"
		if [ -f "/run/brkit/lab/$L" ] && ! grep -qx complete "/run/brkit/lab/$L"; then
			made=$(ip netns list 2>/dev/null | grep -c "^$L-")
			t_ok "killed at $when: up was cut half way ($made of $((N + 2)) namespaces made)"
			midway=$((midway + 1))
			t_run "killed at $when: down" 0 $BRKIT lab down "$L"
			t_eq "killed at $when: nothing left" "$(leftovers "$L")" "0 0 0"
			t_eq "killed at $when: no veth of the lab in the root namespace" \
				"$(ip -j link show type veth | jq '[.[] | select(.ifname | startswith("kq"))] | length')" 0
			break
		fi
		# up finished before the kill: take it down and try again
		$BRKIT lab down "$L" >/dev/null 2>&1
	done
done
t_eq "both kills landed half way" "$midway" 2

# a complete big lab still works end to end, and down is complete too
L=$P-whole
LABS="$LABS $L"
t_run "big lab up" 0 $BRKIT lab up "$BIG" name "$L"
t_eq "big lab: every namespace" "$(ip netns list 2>/dev/null | grep -c "^$L-")" $((N + 2))
t_eq "big lab: the last bridge has its two ports" \
	"$(ip -n "$L-s$N" -j link show master br0 | jq length)" 2
if ip netns exec "$L-h1" ping -c1 -W5 192.0.2.2 >/dev/null 2>&1; then
	t_ok "big lab: h1 pings h2 across $N bridges"
else
	t_fail "big lab: h1 does not reach h2 across $N bridges"
fi
t_run "big lab down" 0 $BRKIT lab down "$L"
t_eq "big lab: nothing left" "$(leftovers "$L")" "0 0 0"

t_end

#!/bin/sh
# brkit-stpd next to the kernel's own STP (802.1D-1998) in other namespaces:
# a loop of two brkit bridges and two kernel-STP bridges agrees on one root
# with one port blocked, both when a brkit bridge and when a kernel bridge
# holds the lowest id. The kernel's root is read from sysfs
# (/sys/class/net/br0/bridge/root_id), port states through iproute2.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/stpd-lib.inc"

s_node K1 k1 kernel
s_node B1 b1
s_node K2 k2 kernel
s_node B2 b2
for ns in $B1 $B2; do s_daemon "$ns" || exit 1; done
for ns in $B1 $B2; do
	$BRKIT -n "$ns" stp br0 on
	# the kernel bridges' timers (STP compatibility waits forward delay twice)
	t_run "timers on $ns" 0 $BRKIT -n "$ns" stp set br0 hello 1 maxage 6 fdelay 4
done
# ring K1 - B1 - K2 - B2 - K1
s_link "$K1" p-kb "$B1" p-bk
s_link "$B1" p-bl "$K2" p-lb
s_link "$K2" p-lc "$B2" p-cl
s_link "$B2" p-ck "$K1" p-kc
ip -n "$K1" addr add 203.0.113.1/24 dev br0
ip -n "$K2" addr add 203.0.113.2/24 dev br0

# kernel root id (sysfs) as brkit prints ids
kroot() { s_kroot "$1" | sed 's/^\(....\)\.\(..\)\(..\)\(..\)\(..\)\(..\)\(..\)$/\1.\2\3\4\5\6\7/'; }
agree() {
	_r=$(s_root "$B1")
	[ "$_r" = "$1" ] && [ "$(s_root "$B2")" = "$1" ] &&
		[ "$(kroot "$K1")" = "$1" ] && [ "$(kroot "$K2")" = "$1" ]
}

# 1. brkit holds the lowest id
$BRKIT -n "$B1" stp set br0 priority 4096
want="1000.$(s_mac "$B1")"
s_wait "brkit root: every bridge agrees on $want (kernel: sysfs)" 60 agree "$want"
s_wait "brkit root: exactly one port blocked" 60 s_blocked_is 1 "$K1" "$B1" "$K2" "$B2" ||
	for ns in $K1 $B1 $K2 $B2; do bridge -n "$ns" link show; done
t_eq "brkit root: brkit's ports facing kernel bridges speak STP" \
	"$($BRKIT -n "$B1" -j stp show br0 p-bk | jq -r '.bridges[0].ports[0].rstp')" 0
s_wait "brkit root: pings pass" 20 s_pings "$K1" 203.0.113.2

# 2. a kernel bridge holds the lowest id
$BRKIT -n "$B1" stp set br0 priority 32768
ip -n "$K2" link set br0 type bridge priority 0
want="0000.$(s_mac "$K2")"
s_wait "kernel root: every bridge agrees on $want" 90 agree "$want"
s_wait "kernel root: exactly one port blocked" 60 s_blocked_is 1 "$K1" "$B1" "$K2" "$B2"
s_wait "kernel root: pings pass" 20 s_pings "$K1" 203.0.113.2
t_end

#!/bin/sh
# brkit-stpd next to the kernel's own STP (802.1D-1998) in other namespaces:
# a lab (tests/lab/stpd_interop.yml) whose loop of two brkit bridges (stp:
# rstp) and two kernel-STP bridges (stp: kernel) agrees on one root with one
# port blocked, both when a brkit bridge and when a kernel bridge holds the
# lowest id. The kernel's root is read from sysfs
# (/sys/class/net/br0/bridge/root_id), port states through iproute2.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/stpd-lab.inc"

L="t$$-io"
s_up stpd_interop.yml "$L" || exit 1
K1=$L-k1 B1=$L-b1 K2=$L-k2 B2=$L-b2
for ns in $K1 $K2; do
	t_eq "$ns: kernel STP on (iproute2), forward delay 4 s" \
		"$(t_ipj "$ns" br0 '.linkinfo.info_data | "\(.stp_state) \(.forward_delay)"')" "1 400"
done
for ns in $B1 $B2; do
	t_eq "$ns: kernel STP off (iproute2), the daemon runs br0" \
		"$(t_ipj "$ns" br0 .linkinfo.info_data.stp_state) $($BRKIT -n "$ns" -j stp show | jq -r '.bridges[0].name')" "0 br0"
	# the kernel bridges' timers (STP compatibility waits forward delay twice)
	t_run "timers on $ns" 0 $BRKIT -n "$ns" stp set br0 hello 1 maxage 6 fdelay 4
	t_eq "timers on $ns: shown" \
		"$($BRKIT -n "$ns" -j stp show br0 | jq -r '.bridges[0] | "\(.hello) \(.maxage) \(.fdelay)"')" "1 6 4"
done

# kernel root id (sysfs) as brkit prints ids
kroot() { s_kroot "$1" | sed 's/^\(....\)\.\(..\)\(..\)\(..\)\(..\)\(..\)\(..\)$/\1.\2\3\4\5\6\7/'; }
agree() {
	_r=$(s_root "$B1")
	[ "$_r" = "$1" ] && [ "$(s_root "$B2")" = "$1" ] &&
		[ "$(kroot "$K1")" = "$1" ] && [ "$(kroot "$K2")" = "$1" ]
}

# 1. brkit holds the lowest id
t_run "brkit root: priority 4096 on b1" 0 $BRKIT -n "$B1" stp set br0 priority 4096
want="1000.$(s_mac "$B1")"
s_wait "brkit root: every bridge agrees on $want (kernel: sysfs)" 60 agree "$want"
s_wait "brkit root: exactly one port blocked" 60 s_blocked_is 1 "$K1" "$B1" "$K2" "$B2" ||
	for ns in $K1 $B1 $K2 $B2; do bridge -n "$ns" link show; done
t_eq "brkit root: brkit's ports facing kernel bridges speak STP" \
	"$($BRKIT -n "$B1" -j stp show br0 p-bk | jq -r '.bridges[0].ports[0].rstp')" 0
s_wait "brkit root: pings pass" 20 s_pings "$L-h1" 203.0.113.2

# 2. a kernel bridge holds the lowest id
t_run "kernel root: priority 32768 on b1" 0 $BRKIT -n "$B1" stp set br0 priority 32768
ip -n "$K2" link set br0 type bridge priority 0
want="0000.$(s_mac "$K2")"
s_wait "kernel root: every bridge agrees on $want" 90 agree "$want"
s_wait "kernel root: exactly one port blocked" 60 s_blocked_is 1 "$K1" "$B1" "$K2" "$B2"
s_wait "kernel root: pings pass" 20 s_pings "$L-h1" 203.0.113.2
s_down "$L"
t_end

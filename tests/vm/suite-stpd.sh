#!/bin/sh
# brkit-stpd's mode b in the VM's initial namespace (free there): the kernel
# runs /sbin/bridge-stp (hooks/bridge-stp) on `stp_state 1`; with brkit-stpd
# running it exits 0, the bridge becomes user STP (stp_state 2, read back with
# ip -j -d) and the daemon runs it. Without a daemon the helper exits 1: kernel STP.
# Run: sh tests/vm/run.sh tests/vm/suite-stpd.sh (run.sh copies brkit-stpd and hooks/ in)
. "$(dirname "$0")/../lib.sh"
STPD=$BUILD/brkit-stpd
[ -x "$STPD" ] || { t_fail "$STPD is not in the VM"; t_end; exit 1; }
cp "$T_TOP/hooks/bridge-stp" /sbin/bridge-stp && chmod 755 /sbin/bridge-stp
stp_state() { ip -j -d link show "$1" | jq -r '.[0].linkinfo.info_data.stp_state'; }
blocked() { bridge -j link show | jq '[.[] | select(.state != "forwarding" and .state != "disabled")] | length'; }
wait_for() { # DESC TRIES CMD...
	_d=$1 _t=$2
	shift 2
	_i=0
	while [ $_i -lt "$_t" ]; do
		if "$@" >/dev/null 2>&1; then t_ok "$_d"; return 0; fi
		sleep 0.5
		_i=$((_i + 1))
	done
	t_fail "$_d"
	return 1
}
is() { [ "$(eval "$1")" = "$2" ]; }

# no daemon: the helper refuses, the kernel keeps STP
ip link add br-k type bridge
t_run "helper without a daemon: exit 1" 1 /sbin/bridge-stp br-k start
ip link set br-k type bridge stp_state 1
t_eq "no daemon: kernel STP (stp_state 1)" "$(stp_state br-k)" 1
ip link del br-k

"$STPD" -f -c /dev/null >/tmp/stpd.log 2>&1 &
pid=$!
wait_for "the daemon answers" 40 $BRKIT stp show
t_eq "pid file (its first line; the second names the namespace)" "$(head -n1 /run/brkit/stpd.pid)" "$pid"

# a loop of two bridges in the initial namespace, both handed over by the kernel
ip link add br-a type bridge
ip link add br-b type bridge
ip link set br-a up
ip link set br-b up
ip link add p-a1 type veth peer name p-b1
ip link add p-a2 type veth peer name p-b2
for p in p-a1 p-a2; do ip link set $p master br-a; done
for p in p-b1 p-b2; do ip link set $p master br-b; done
t_run "ip link set stp_state 1 (the kernel runs /sbin/bridge-stp)" 0 ip link set br-a type bridge stp_state 1
t_eq "br-a: user STP (stp_state 2)" "$(stp_state br-a)" 2
t_run "brkit stp br-b on" 0 $BRKIT stp br-b on
t_eq "br-b: user STP (stp_state 2)" "$(stp_state br-b)" 2
wait_for "the daemon runs br-a in mode bridge-stp" 20 is "$BRKIT -j stp show br-a | jq -r '.bridges[0].mode'" bridge-stp
wait_for "the daemon runs br-b in mode bridge-stp" 20 is "$BRKIT -j stp show br-b | jq -r '.bridges[0].mode'" bridge-stp
for p in p-a1 p-a2 p-b1 p-b2; do ip link set $p up; done
wait_for "loop of two bridges: exactly one port blocked" 60 is blocked 1
t_eq "the blocked port reads blocking (user STP)" \
	"$(bridge -j link show | jq -r '[.[] | select(.state == "blocking")] | length')" 1
t_eq "no nftables in mode b" "$($BRKIT -j stp show | jq -r '[.bridges[] | select(.mode == "nftables")] | length')" 0

# shutdown: ports left discarding
kill "$pid"
wait "$pid"
t_eq "shutdown: stp_state stays 2" "$(stp_state br-a)" 2
t_eq "shutdown: no port forwarding (no edge port here)" \
	"$(bridge -j link show | jq -r '[.[] | select(.state == "forwarding")] | length')" 0
t_run "helper after the daemon stopped: exit 1" 1 /sbin/bridge-stp br-a start
t_end

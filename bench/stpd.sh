#!/bin/sh
# brkit-stpd against the kernel's STP (as root):
#  1. a ring of 8 bridges (one namespace each): a ping crosses the ring every
#     1 ms; one link on its path is cut; lost replies x 1 ms = the outage.
#     brkit-stpd (RSTP), then kernel STP at default and at minimum timers.
#  2. time from `stp on` (every bridge) to every port in its final state.
#  3. brkit-stpd's CPU and RSS with 64 bridges x 16 ports in steady state.
# Usage: sh bench/stpd.sh [ring|ring-brkit|conv|scale|all] (KERNEL_DEFAULT=0 skips the
# 30-50 s kernel runs at default timers).
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
BRKIT=$BUILD/brkit
STPD=$BUILD/brkit-stpd
WHAT=${1:-all}
P=bs$$
PIDS=""
NS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	sleep 0.5
	for n in $NS; do ip netns del "$n" 2>/dev/null; rm -f "/run/brkit/stpd-$n.bridges"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

node() { # node NAME MODE(brkit|kdef|kmin)
	ip netns add "$1"
	NS="$NS $1"
	ip -n "$1" link set lo up
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	case $2 in
	brkit) ip -n "$1" link add br0 type bridge ;;
	kdef) ip -n "$1" link add br0 type bridge stp_state 1 ;;
	kmin) ip -n "$1" link add br0 type bridge stp_state 1 forward_delay 400 hello_time 100 max_age 600 ;;
	esac
	ip -n "$1" link set br0 up
	if [ "$2" = brkit ]; then
		"$STPD" -n "$1" -f -c "${STPD_CONF:-/nonexistent}" >/dev/null 2>&1 &
		PIDS="$PIDS $!"
	fi
}
blocked() {
	n=0
	for x in "$@"; do
		k=$(bridge -n "$x" -j link show | jq '[.[] | select(.state != "forwarding" and .state != "disabled")] | length')
		n=$((n + k))
	done
	echo $n
}
now() { date +%s.%N; }

ring() { # ring MODE: prints "MODE outage_ms lost"
	mode=$1
	names=""
	for i in 1 2 3 4 5 6 7 8; do node "$P-$mode-$i" "$mode"; names="$names $P-$mode-$i"; done
	sleep 0.3
	if [ "$mode" = brkit ]; then
		for i in 1 2 3 4 5 6 7 8; do
			$BRKIT -n "$P-$mode-$i" stp br0 on
		done
	fi
	for i in 1 2 3 4 5 6 7 8; do
		j=$((i % 8 + 1))
		ip link add "r$i-$j" netns "$P-$mode-$i" type veth peer name "r$j-$i" netns "$P-$mode-$j"
		ip -n "$P-$mode-$i" link set "r$i-$j" master br0 up
		ip -n "$P-$mode-$j" link set "r$j-$i" master br0 up
	done
	ip -n "$P-$mode-1" addr add 192.0.2.1/24 dev br0
	ip -n "$P-$mode-5" addr add 192.0.2.5/24 dev br0
	t=0
	while [ "$(blocked $names)" != 1 ] || ! ip netns exec "$P-$mode-1" ping -c1 -W1 192.0.2.5 >/dev/null 2>&1; do
		sleep 1
		t=$((t + 1))
		[ $t -gt 120 ] && { echo "$mode: no convergence"; return; }
	done
	sleep 2
	# the link on the path: of r1-2 and r1-8, the one the pings leave by
	txp() { ip -n "$P-$mode-1" -j -s link show "$1" | jq '.[0].stats64.tx.packets'; }
	a0=$(txp r1-2)
	b0=$(txp r1-8)
	ip netns exec "$P-$mode-1" ping -c 50 -i 0.01 -q 192.0.2.5 >/dev/null 2>&1
	cut=r1-2
	[ $(($(txp r1-8) - b0)) -gt $(($(txp r1-2) - a0)) ] && cut=r1-8
	case $mode in kdef) count=70000 ;; kmin) count=20000 ;; *) count=5000 ;; esac
	ip netns exec "$P-$mode-1" ping -i 0.001 -W 1 -c $count -q 192.0.2.5 >"/tmp/$P-ping" 2>&1 &
	pp=$!
	sleep 1
	ip -n "$P-$mode-1" link set "$cut" down
	wait $pp
	tx=$(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1/p' "/tmp/$P-ping")
	rx=$(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\2/p' "/tmp/$P-ping")
	echo "ring of 8, $mode: cut $cut: $((tx - rx)) of $tx replies lost: outage ~ $((tx - rx)) ms"
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	PIDS=""
	sleep 0.5
	for n in $names; do ip netns del "$n"; rm -f "/run/brkit/stpd-$n.bridges"; done
	NS=""
}

conv() { # TAG: time from stp on (every bridge at once) to one port blocked, ring of 8
	names=""
	for i in 1 2 3 4 5 6 7 8; do node "$P-c$1-$i" brkit; names="$names $P-c$1-$i"; done
	for i in 1 2 3 4 5 6 7 8; do
		j=$((i % 8 + 1))
		ip link add "c$i-$j" netns "$P-c$1-$i" type veth peer name "c$j-$i" netns "$P-c$1-$j"
		ip -n "$P-c$1-$i" link set "c$i-$j" master br0
		ip -n "$P-c$1-$j" link set "c$j-$i" master br0
	done
	sleep 0.5
	# every port up, then listening (IPv6 off: nothing is sent meanwhile)
	for i in 1 2 3 4 5 6 7 8; do
		for d in $(ip -n "$P-c$1-$i" -j link show master br0 | jq -r '.[].ifname'); do
			ip -n "$P-c$1-$i" link set "$d" up
		done
	done
	sleep 1.5
	for i in 1 2 3 4 5 6 7 8; do
		for d in $(ip -n "$P-c$1-$i" -j link show master br0 | jq -r '.[].ifname'); do
			bridge -n "$P-c$1-$i" link set dev "$d" state 1
		done
	done
	t0=$(now)
	ons=""
	for i in 1 2 3 4 5 6 7 8; do
		$BRKIT -n "$P-c$1-$i" stp br0 on &
		ons="$ons $!"
	done
	wait $ons
	until [ "$(blocked $names)" = 1 ]; do sleep 0.01; done
	t1=$(now)
	echo "convergence, ring of 8 brkit bridges${STPD_CONF:+ ($(cat "$STPD_CONF"))}: stp on to one port blocked, all others forwarding: $(echo "$t1 - $t0" | bc) s"
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	PIDS=""
	sleep 0.5
	for n in $names; do ip netns del "$n"; rm -f "/run/brkit/stpd-$n.bridges"; done
	NS=""
}

scale() { # 64 bridges x 16 ports in one namespace, each port a veth whose peer is outside
	n=$P-scale
	ip netns add "$n"
	NS="$NS $n"
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	{
		for b in $(seq 0 63); do
			echo "link add sb$b type bridge"
			echo "link set sb$b up"
			for p in $(seq 0 15); do
				echo "link add s$b-$p type veth peer name t$b-$p"
				echo "link set s$b-$p master sb$b up"
				echo "link set t$b-$p up"
			done
		done
	} | ip -n "$n" -batch -
	printf 'bridge sb* stp on\n' >"/tmp/$P.conf"
	"$STPD" -n "$n" -f -c "/tmp/$P.conf" >"/tmp/$P.log" 2>&1 &
	pid=$!
	PIDS="$PIDS $pid"
	# steady state: 15 s after the last bridge was taken
	t=0
	while [ "$(grep -c 'running RSTP' "/tmp/$P.log")" -lt 64 ] && [ $t -lt 600 ]; do
		sleep 1
		t=$((t + 1))
	done
	sleep 15
	s0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
	sleep 30
	s1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
	hz=$(getconf CLK_TCK)
	# where the RSS goes: anonymous (heap, stacks), file-backed (the
	# executable, its shared libraries and the capture ring); PSS divides
	# each shared page by the processes mapping it. Read before any request.
	st=$(awk '/^(VmRSS|RssAnon|RssFile|RssShmem):/ {printf "%s %s kB  ", $1, $2}' "/proc/$pid/status")
	pss=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup")
	maps=$(awk '/^[0-9a-f]/ {f = $6} /^Rss:/ {r[f] += $2} END {for (k in r) if (r[k] >= 100) print "  " r[k] " kB " (k == "" ? "[anonymous]" : k)}' \
		"/proc/$pid/smaps" | sort -k1 -rn)
	ports=$($BRKIT -n "$n" -j stp show | jq '[.bridges[].ports[]] | length')
	rss=$(echo "$st" | sed 's/^VmRSS: *\([0-9]*\).*/\1/')
	echo "64 bridges x 16 ports ($ports ports run, all taken ~$t s after start): CPU $(echo "scale=2; 100 * ($s1 - $s0) / $hz / 30" | bc) % of a core over 30 s, RSS $rss kB"
	echo "  $st Pss: $pss kB (/proc/$pid/status, smaps_rollup)"
	echo "$maps"
	echo "  after that full stp show: $(awk '/^VmRSS:/ {print "VmRSS " $2 " kB"}' "/proc/$pid/status")"
	rm -f "/tmp/$P.log" "/tmp/$P.conf"
}

if [ "$WHAT" = ring-brkit ]; then ring brkit; fi
if [ "$WHAT" = ring ] || [ "$WHAT" = all ]; then
	ring brkit
	ring kmin
	if [ "${KERNEL_DEFAULT:-1}" = 1 ]; then ring kdef; fi
fi
if [ "$WHAT" = conv ] || [ "$WHAT" = all ]; then
	# fresh namespace names each run: a daemon still stopping holds its pid file
	conv a
	printf 'bridge * txholdcount 10\n' >"/tmp/$P-tx.conf"
	STPD_CONF=/tmp/$P-tx.conf conv b
	rm -f "/tmp/$P-tx.conf"
fi
if [ "$WHAT" = scale ] || [ "$WHAT" = all ]; then scale; fi

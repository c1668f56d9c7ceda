#!/bin/sh
# brkit-stpd against the kernel's STP (as root), on `brkit lab` topologies
# (bench/lab/*.yml):
#  1. ring: a ring of 8 bridges (ring8.yml, sw1 the root, h1 on sw1 and h5 on
#     sw5); h1 pings h5 every 1 ms; one link on the path is cut with `brkit lab
#     link`, either next to sw5's alternate port (sw4:p-45, "near") or far from
#     it (sw1:p-12, "far"); lost replies x the interval = the outage. brkit-stpd
#     (RSTP, REPS runs of each cut), then the kernel's STP at minimum timers
#     (ring8-kmin.yml, each cut once) and at default timers (ring8-kdef.yml, one
#     cut).
#  2. conv: time from `stp on` (every bridge at once) to every port in its final
#     state, ring of 8 (ring8-conv.yml), CONV_RUNS runs.
#  3. scale: brkit-stpd's CPU and RSS with 64 bridges x 16 ports in steady state.
#  4. takeover: first start of one daemon on three bridges in a triangle in ONE
#     namespace (`bridge s* stp on`): time from the daemon's start to the final
#     tree (polled from `stp show -j`; and daemon-side, first to last port
#     state written, from its -v log), and any role change over 5 s after it;
#     TAKEOVER_RUNS runs.
#  5. ovs, ovs-conv: rings of 4 mixing brkit-stpd with Open vSwitch 3.1 or with
#     kernel STP, beside rings of each alone (see "Open vSwitch" below).
# brkit-stpd runs with -v in ring and conv: each daemon's debug log (BPDUs, hold-
# backs, port state writes, flushes, carrier events, CLOCK_MONOTONIC times) is
# kept in $LOGS and read back for the daemon-side figures.
# Usage: sh bench/stpd.sh [ring|ring-brkit|conv|scale|takeover|ovs|ovs-conv|all] (KERNEL_DEFAULT=0
# skips the 30-50 s kernel run at default timers; REPS=3, CONV_RUNS=5, TAKEOVER_RUNS=5; ovs: OREPS=5
# cuts of each kind, OVS_RINGS="mixed mixed-ovsroot ovs brkit kmixed", OWHERE="near far leave
# leave-up" picks the cuts; ovs-conv: OCONV_RUNS=5).
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
BRKIT=$BUILD/brkit
STPD=${STPD:-$BUILD/brkit-stpd}
LABS=$TOP/bench/lab
WHAT=${1:-all}
REPS=${REPS:-3}
CONV_RUNS=${CONV_RUNS:-5}
TAKEOVER_RUNS=${TAKEOVER_RUNS:-5}
P=bs$$
LOGS=${LOGS:-/tmp/$P-logs}
PIDS=""
NS=""
LABNAMES=""
mkdir -p "$LOGS"
cleanup() {
	command -v ovs_cleanup >/dev/null && ovs_cleanup
	for l in $LABNAMES; do $BRKIT lab down "$l" >/dev/null 2>&1; done
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	sleep 0.5
	for n in $NS; do ip netns del "$n" 2>/dev/null; rm -f "/run/brkit/stpd-$n.bridges"; done
	rm -f "/tmp/$P-ping"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ports of the given namespaces (each with br0) neither forwarding nor disabled
blocked() {
	for x in "$@"; do bridge -n "$x" -j link show; done |
		jq -s '[.[][] | select(.state != "forwarding" and .state != "disabled")] | length'
}
# ports of the given namespaces that are not disabled (their link is up)
enabled() {
	for x in "$@"; do bridge -n "$x" -j link show; done |
		jq -s '[.[][] | select(.state != "disabled")] | length'
}
prio() { echo $(($1 * 4096)); } # swN's priority in bench/lab/ring8*.yml

# Replace the lab's brkit-stpd daemons (started with their output on
# /dev/null) by ones with -v logging to $LOGS/LAB-swN.log, each node's priority
# in a configuration file. All stop before any starts (a daemon left running
# would see its neighbours fall silent and make its ports edge ports). fresh:
# forget the bridge (the state file), so that nothing runs until `stp br0 on`;
# keep: the new daemon takes br0 back at once.
restart_stpd() { # LAB fresh|keep
	pids=""
	for i in 1 2 3 4 5 6 7 8; do
		pid=$(head -n1 "/run/brkit/stpd-$1-sw$i.pid" 2>/dev/null) # line 1 the pid, line 2 the netns identity
		[ -n "$pid" ] && kill "$pid" && pids="$pids $pid"
	done
	for pid in $pids; do
		while kill -0 "$pid" 2>/dev/null; do sleep 0.02; done
	done
	for i in 1 2 3 4 5 6 7 8; do
		ns=$1-sw$i
		[ "$2" = fresh ] && rm -f "/run/brkit/stpd-$ns.bridges"
		printf 'bridge br0 priority %s\n' "$(prio "$i")" >"$LOGS/$ns.conf"
		"$STPD" -n "$ns" -f -v -c "$LOGS/$ns.conf" 2>"$LOGS/$ns.log" &
		PIDS="$PIDS $!"
	done
	for i in 1 2 3 4 5 6 7 8; do
		until $BRKIT -n "$1-sw$i" stp show >/dev/null 2>&1; do sleep 0.02; done
	done
}
rings() { # LAB: the ring nodes' namespaces
	for i in 1 2 3 4 5 6 7 8; do printf '%s ' "$1-sw$i"; done
}
converged() { # LAB: one port blocked, h1 reaches h5
	t=0
	while [ "$(blocked $(rings "$1"))" != 1 ] ||
		! $BRKIT lab exec "$1" h1 ping -c1 -W1 192.0.2.5 >/dev/null 2>&1; do
		sleep 0.5
		t=$((t + 1))
		[ $t -gt 240 ] && return 1
	done
	return 0
}
# CLOCK_MONOTONIC, as the daemons' -v logs print it (from date and the offset
# between the two clocks, taken once: starting python3 took up to 2 s here)
OFF=$(python3 -c 'import time; print("%.6f" % (time.time() - time.clock_gettime(time.CLOCK_MONOTONIC)))')
mono() { echo "$(date +%s.%N) - $OFF" | bc; }
# the daemons' logs (-v) between times T0 and T1, times relative to T0: the
# events that mattered (port states written, flushes, hold-backs), BPDU counts
log_summary() { # LAB T0 T1
	for f in "$LOGS/$1"-sw*.log; do
		[ -f "$f" ] && sed "s/^/${f##*-} /; s/^\(sw[0-9]*\)\.log /\1 /" "$f"
	done |
		awk -v t0="$2" -v t1="$3" '$2 >= t0 && $2 <= t1 {
			dt = ($2 - t0) * 1000
			if ($4 == "tx") tx++
			if ($4 == "rx") rx++
			if ($4 == "hold") { hold++; if (!(($1 " " $5) in h)) { h[$1 " " $5] = 1; hl = hl sprintf(" %s:%s@%.0f", $1, $5, dt) } }
			if ($4 == "flush") { fl++; if (dt > lastfl) lastfl = dt }
			if ($4 == "kstate") { ks++; if (dt >= last) { last = dt; lastw = $1 ":" $5 "=" $6 } }
		}
		END { printf "    daemons: last port state written at +%.0f ms (%s), %d writes, %d flushes (last +%.0f ms), %d BPDUs sent, %d received, %d hold-backs%s\n",
			last, lastw, ks, fl, lastfl, tx, rx, hold, hold ? " (first per port:" hl ")" : "" }'
}
first_event() { # LAB WORD: the earliest time a daemon logged WORD
	for i in 1 2 3 4 5 6 7 8; do cat "$LOGS/$1-sw$i.log"; done |
		awk -v w="$2" 'index($0, w) { if (m == "" || $1 < m) m = $1 } END { print m }'
}

# one cut: ping h1 -> h5 every 1 ms, cut NODE:IF after 1 s, count the lost replies
cut_once() { # LAB MODE WHERE NODE:IF COUNT [ADDR]
	$BRKIT lab exec "$1" h1 ping -D -i 0.001 -W 1 -c "$5" "${6:-192.0.2.5}" >"/tmp/$P-ping" 2>&1 &
	pp=$!
	sleep 1
	tc=$(mono)
	if [ "$3" = leave-up ]; then # the port leaves the bridge, its link stays up
		ip -n "$1-${4%%:*}" link set "${4#*:}" nomaster
	elif [ "$3" = leave ]; then # the link goes down and its port leaves the bridge
		$BRKIT lab link "$1" "$4" down
		ip -n "$1-${4%%:*}" link set "${4#*:}" nomaster
	else
		$BRKIT lab link "$1" "$4" down
	fi
	wait $pp
	# the outage: the longest time between two replies (ping -D stamps each);
	# the lost count alone understates it, as ping sends more slowly while
	# replies are missing
	l=$(grep 'packets transmitted' "/tmp/$P-ping")
	tx=$(echo "$l" | sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1/p')
	rx=$(echo "$l" | sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\2/p')
	if [ -z "$tx" ] || [ -z "$rx" ]; then
		echo "${RINGDESC:-ring of 8}, $2: cut $4 ($3): ping failed: $(tail -3 "/tmp/$P-ping")"
		return
	fi
	gap=$(sed -n 's/^\[\([0-9.]*\)\] .*icmp_seq=.*/\1/p' "/tmp/$P-ping" |
		awk 'NR > 1 && $1 - p > g { g = $1 - p } { p = $1 } END { printf "%.0f", g * 1000 }')
	echo "${RINGDESC:-ring of 8}, $2: cut $4 ($3): outage $gap ms (longest time between two replies), $((tx - rx)) of $tx replies lost"
	if ls "$LOGS/$1"-sw*.log >/dev/null 2>&1; then
		log_summary "$1" "$tc" "$(echo "$tc + 3" | bc)" | sed 's/^    daemons:/    daemons, from the cut (3 s):/'
		# when each end's daemon heard of it: the cut end at once (the
		# admin down), the other through the kernel's linkwatch
		node=${4%%:*} port=${4#*:}
		peer=sw$(echo "$port" | cut -c4) pport=p-$(echo "$port" | cut -c4)$(echo "$port" | cut -c3)
		h1=$(awk -v t="$tc" -v w="$port" '$1 >= t && $3 == "carrier" && $4 == w && $5 == "down" { print $1; exit }' "$LOGS/$1-$node.log" 2>/dev/null)
		h2=$(awk -v t="$tc" -v w="$pport" '$1 >= t && $3 == "carrier" && $4 == w && $5 == "down" { print $1; exit }' "$LOGS/$1-$peer.log" 2>/dev/null)
		[ -n "$h1" ] && [ -n "$h2" ] &&
			echo "    carrier loss heard by $node's daemon at +$(echo "($h1 - $tc) * 1000 / 1" | bc) ms, by $peer's ($pport) at +$(echo "($h2 - $tc) * 1000 / 1" | bc) ms"
	fi
	if [ "$3" = leave-up ]; then
		ip -n "$1-${4%%:*}" link set "${4#*:}" master br0
	elif [ "$3" = leave ]; then
		ip -n "$1-${4%%:*}" link set "${4#*:}" master br0
		$BRKIT lab link "$1" "$4" up
	else
		$BRKIT lab link "$1" "$4" up
	fi
}

ring() { # MODE(brkit|kmin|kdef) [WHERE...]: lab up, converge, cut where asked
	mode=$1
	shift
	case $mode in
	brkit) file=ring8.yml count=4000 reps=$REPS ;;
	kmin) file=ring8-kmin.yml count=8000 reps=1 ;;
	kdef) file=ring8-kdef.yml count=70000 reps=1 ;;
	esac
	lab=$P-$mode
	$BRKIT lab up "$LABS/$file" name "$lab" >/dev/null || { echo "$mode: lab up failed"; return; }
	LABNAMES="$LABNAMES $lab"
	if [ "$mode" = brkit ]; then
		restart_stpd "$lab" keep
	fi
	for where in "$@"; do
		case $where in near) at=sw4:p-45 ;; far) at=sw1:p-12 ;; esac
		r=0
		while [ $r -lt "$reps" ]; do
			converged "$lab" || { echo "$mode: no convergence"; break; }
			sleep 8 # steady state: TxHoldCount's budget back, edge ports settled
			cut_once "$lab" "$mode" "$where" "$at" "$count"
			r=$((r + 1))
		done
	done
	$BRKIT lab down "$lab"
	LABNAMES=""
}

cat >"$LOGS/on.py" <<'PY'
import ctypes, os, socket, sys, time
libc = ctypes.CDLL(None, use_errno=True)
home = os.open("/proc/self/ns/net", os.O_RDONLY)
socks = []
for i in range(1, 9):
    fd = os.open("/run/netns/%s-sw%d" % (sys.argv[1], i), os.O_RDONLY)
    if libc.setns(fd, 0x40000000) != 0:
        sys.exit("setns: %s" % os.strerror(ctypes.get_errno()))
    os.close(fd)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect("\0brkit-stpd")
    socks.append(s)
libc.setns(home, 0x40000000)
print("%.6f" % time.clock_gettime(time.CLOCK_MONOTONIC))
for s in socks:
    s.sendall(b"on br0\n")
    s.shutdown(socket.SHUT_WR)
for s in socks:
    if not s.makefile().readline().startswith("ok"):
        sys.exit("a daemon refused on br0")
PY
conv() { # RUN: time from stp on (every bridge at once) to every port in its final state
	lab=$P-c$1
	$BRKIT lab up "$LABS/ring8-conv.yml" name "$lab" >/dev/null || { echo "conv: lab up failed"; return; }
	LABNAMES="$LABNAMES $lab"
	# the lab's daemons converge (every link's carrier up), then fresh daemons
	# that run nothing yet replace them; the lab's left every port discarding
	# (listening), so nothing loops meanwhile
	t=0
	until [ "$(enabled $(rings "$lab"))" = 16 ] && [ "$(blocked $(rings "$lab"))" = 1 ] ||
		[ $t -gt 100 ]; do
		sleep 0.1
		t=$((t + 1))
	done
	sleep 5 # past the start-up's transients (a port briefly edge, forwarding)
	restart_stpd "$lab" fresh
	if [ "$(blocked $(rings "$lab"))" != 16 ]; then
		echo "conv: ports not all discarding before stp on:"
		for x in $(rings "$lab"); do bridge -n "$x" -j link show | jq -c '[.[] | [.ifname, .state]]'; done
		$BRKIT lab down "$lab"
		LABNAMES=""
		return
	fi
	sleep 1
	# `stp br0 on` at the 8 daemons at once: one process connects to each
	# daemon's control socket (abstract, so per namespace: setns first), then
	# sends the 8 requests back to back (8 `brkit stp br0 on` processes started
	# from the shell arrived up to 0.5 s apart on this machine); the same
	# request `brkit stp BR on` sends
	tons=$(python3 "$LOGS/on.py" "$lab") || echo "conv: stp on failed"
	until [ "$(blocked $(rings "$lab"))" = 1 ]; do sleep 0.01; done
	tm1=$(mono)
	sleep 3 # a later change would show in the logs (and be counted)
	ton=$(first_event "$lab" "ctl 'on br0'")
	last=$(for i in 1 2 3 4 5 6 7 8; do cat "$LOGS/$lab-sw$i.log"; done |
		awk '/ctl done .on br0/ { if ($1 > m) m = $1 } END { print m }')
	echo "convergence $1, ring of 8: stp on sent to the 8 daemons to one port blocked, all others forwarding: $(echo "$tm1 - $tons" | bc) s, polled (8 x bridge -j link show)"
	log_summary "$lab" "$ton" "$(echo "$tm1 + 3" | bc)" | sed "s/^    daemons: /  daemon-side, from the first 'on br0' received: /"
	echo "    the 8 'on br0' requests were all answered $(echo "($last - $ton) * 1000 / 1" | bc) ms after the first one arrived"
	$BRKIT lab down "$lab"
	LABNAMES=""
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

takeover() { # RUN: one daemon's first start on a triangle of bridges in one namespace
	n=$P-tko$1
	ip netns add "$n"
	NS="$NS $n"
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	{
		for b in 1 2 3; do echo "link add s$b address 02:00:5e:10:00:0$b type bridge"; done
		echo "link add p-12 type veth peer name p-21"
		echo "link add p-23 type veth peer name p-32"
		echo "link add p-13 type veth peer name p-31"
		for l in 12 13; do echo "link set p-$l master s1 up"; done
		for l in 21 23; do echo "link set p-$l master s2 up"; done
		for l in 31 32; do echo "link set p-$l master s3 up"; done
		for b in 1 2 3; do echo "link set s$b up"; done
	} | ip -n "$n" -batch -
	printf 'bridge s* stp on\n' >"/tmp/$P.conf"
	want="s1:p-12=designated/forwarding s1:p-13=designated/forwarding s2:p-21=root/forwarding s2:p-23=designated/forwarding s3:p-31=root/forwarding s3:p-32=alternate/discarding"
	t0=$(date +%s%N)
	"$STPD" -n "$n" -f -v -c "/tmp/$P.conf" >"$LOGS/$n.log" 2>&1 &
	pid=$!
	PIDS="$PIDS $pid"
	first="" changes=0 last=""
	while :; do
		cur=$($BRKIT -n "$n" -j stp show 2>/dev/null | jq -r '[.bridges[] | .name as $b | .ports[] | "\($b):\(.name)=\(.role)/\(.state)"] | sort | join(" ")')
		el=$((($(date +%s%N) - t0) / 1000000))
		[ -z "$first" ] && [ "$cur" = "$want" ] && first=$el
		[ -n "$first" ] && [ "$cur" != "$want" ] && changes=$((changes + 1))
		[ $el -gt 6000 ] && break
		[ -n "$first" ] && [ $el -gt $((first + 5000)) ] && break
		sleep 0.02
	done
	# daemon-side: the first nftables run to the last port state written
	d0=$(awk '/ nft /{print $1; exit}' "$LOGS/$n.log")
	d1=$(awk '/ kstate /{t=$1} END{print t}' "$LOGS/$n.log")
	echo "takeover run $1: final tree $([ -n "$first" ] && echo "after $first ms polled" || echo "NOT reached in 6 s"); daemon-side $(echo "($d1 - $d0) * 1000 / 1" | bc) ms (end of the nftables run to the last port state written); $(grep -c ' nft ' "$LOGS/$n.log") nftables run(s); $changes poll(s) off the final tree after it"
	kill "$pid"
	wait "$pid" 2>/dev/null
	ip netns del "$n"
	rm -f "/run/brkit/stpd-$n.bridges" "/tmp/$P.conf"
}

# ---- Open vSwitch (ovs): rings of 4 with Open vSwitch 3.1's RSTP ----
# bench/lab/ring4-{mixed,ovs,brkit}.yml: sw1 - sw2 - sw3 - sw4 - sw1, h1 on
# sw1, h3 on sw3; priorities sw1 4096 .. sw4 16384 (so sw3's port toward sw4
# is the alternate), or sw3 0 in mixed-ovsroot (sw1's port toward sw4 then).
# brkit-stpd: Hello Time 1 s (Open vSwitch 3.1 has no setting for it: 2 s),
# every other timer the default on both. OVS nodes are lab host nodes in which
# tests/netns/ovs.inc starts ovsdb-server and ovs-vswitchd (userspace datapath).
# Convergence: fresh daemons (run nothing yet) and OVS daemons (no bridge) wait;
# then at once `on br0` to every brkit-stpd and `add-br` (RSTP on, its ports)
# to every OVS, to the expected tree, polled. Then cuts as in ring (1 ms pings
# h1 -> h3, the longest time between two replies), OREPS of each.
. "$TOP/tests/netns/ovs.inc"
OVS_BASE=/tmp/$P-ovs
OREPS=${OREPS:-5}
oovs() { # VARIANT N: swN is an OVS node
	case $1 in ovs) return 0 ;; mixed*) [ "$2" = 3 ] ;; *) return 1 ;; esac
}
okern() { [ "$1" = kmixed ] && [ "$2" = 3 ]; } # VARIANT N: swN runs kernel STP
oprio() { # VARIANT N
	if [ "$1" = mixed-ovsroot ] && [ "$2" = 3 ]; then echo 0; else echo $(($2 * 4096)); fi
}
oexpect() { if [ "$1" = mixed-ovsroot ]; then echo sw1:p-14; else echo sw3:p-34; fi; }
# NODE:PORT of every port of the ring neither forwarding nor disabled
oblocked() { # VARIANT LAB
	for i in 1 2 3 4; do
		if oovs "$1" $i; then
			ovs_show "$2-sw$i" 2>/dev/null | awk -v n=sw$i '/Interface +Role/ { t = 1; next }
				t && NF >= 3 && $1 !~ /^-/ && $2 != "Disabled" && $3 != "Forwarding" { print n ":" $1 }'
		else
			bridge -n "$2-sw$i" -j link show |
				jq -r --arg n sw$i '.[] | select(.state != "forwarding" and .state != "disabled") | "\($n):\(.ifname)"'
		fi
	done | tr '\n' ' '
}
ofinal() { [ "$(oblocked "$1" "$2")" = "$(oexpect "$1") " ]; }
owait() { # VARIANT LAB: the expected tree and h1 reaches h3 (60 s at most)
	t=0
	until ofinal "$1" "$2" && $BRKIT lab exec "$2" h1 ping -c1 -W1 192.0.2.3 >/dev/null 2>&1; do
		sleep 0.2
		t=$((t + 1))
		[ $t -gt 300 ] && return 1
	done
	return 0 # (the loop's status is its body's last command's)
}
cat >"$LOGS/on-ns.py" <<'PY'
import ctypes, os, socket, sys
libc = ctypes.CDLL(None, use_errno=True)
home = os.open("/proc/self/ns/net", os.O_RDONLY)
socks = []
for ns in sys.argv[1:]:
    fd = os.open("/run/netns/" + ns, os.O_RDONLY)
    if libc.setns(fd, 0x40000000) != 0:
        sys.exit("setns: %s" % os.strerror(ctypes.get_errno()))
    os.close(fd)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect("\0brkit-stpd")
    socks.append(s)
libc.setns(home, 0x40000000)
sys.stdout.write("ready\n")
sys.stdout.flush()
sys.stdin.readline()
for s in socks:
    s.sendall(b"on br0\n")
    s.shutdown(socket.SHUT_WR)
for s in socks:
    if not s.makefile().readline().startswith("ok"):
        sys.exit("a daemon refused on br0")
PY
oring() { # VARIANT: lab up, start, converge, cuts
	v=$1
	case $v in mixed*) file=ring4-mixed.yml ;; *) file=ring4-$v.yml ;; esac
	lab=$P-$v
	$BRKIT lab up "$LABS/$file" name "$lab" >/dev/null || { echo "$v: lab up failed"; return; }
	LABNAMES="$LABNAMES $lab"
	brk="" pids=""
	for i in 1 2 3 4; do
		oovs "$v" $i || okern "$v" $i && continue
		brk="$brk $lab-sw$i"
		pid=$(head -n1 "/run/brkit/stpd-$lab-sw$i.pid" 2>/dev/null) # line 1 the pid, line 2 the netns identity
		[ -n "$pid" ] && kill "$pid" && pids="$pids $pid"
	done
	for pid in $pids; do
		while kill -0 "$pid" 2>/dev/null; do sleep 0.02; done
	done
	# leave-up: sw2's port toward sw1 gets the lowest MAC, so a bridge whose
	# address is not fixed takes it (the lab's daemons of an older build, BUILD=)
	oovs "$v" 2 || okern "$v" 2 || ip -n "$lab-sw2" link set p-21 address 02:00:5e:00:00:01
	for ns in $brk; do
		rm -f "/run/brkit/stpd-$ns.bridges"
		tm="hello 1"
		[ "$v" = kmixed ] && tm="hello 1 maxage 6 fdelay 4" # the kernel's minimum timers
		# the hosts' links edge ports, as on the OVS nodes
		printf 'bridge br0 priority %s %s\nport br0 p-h* edge on\n' \
			"$(oprio "$v" "${ns##*-sw}")" "$tm" >"$LOGS/$ns.conf"
		"$STPD" -n "$ns" -f -v -c "$LOGS/$ns.conf" 2>"$LOGS/$ns.log" &
		PIDS="$PIDS $!"
	done
	for ns in $brk; do
		until $BRKIT -n "$ns" stp show >/dev/null 2>&1; do sleep 0.02; done
	done
	for i in 1 2 3 4; do
		oovs "$v" $i || continue
		ovs_start "$lab-sw$i" 2>/dev/null || { echo "$v: OVS did not start in $lab-sw$i"; return; }
		ovs_appctl "$lab-sw$i" vlog/set rstp:file:dbg rstp_sm:file:dbg >/dev/null
	done
	sleep 2 # every link's carrier up, the lab's transients gone
	# at once: the brkit requests from one process (sockets opened before),
	# the OVS bridges from one ovs-vsctl each, in the background
	rm -f "/tmp/$P-go"
	mkfifo "/tmp/$P-go"
	if [ -n "$brk" ]; then
		# shellcheck disable=SC2086
		python3 "$LOGS/on-ns.py" $brk <"/tmp/$P-go" >"/tmp/$P-on" &
		onp=$!
		exec 9>"/tmp/$P-go"
		until grep -q ready "/tmp/$P-on" 2>/dev/null; do sleep 0.02; done
	fi
	t0=$(mono)
	[ -n "$brk" ] && echo go >&9 && exec 9>&-
	vsp=""
	for i in 1 2 3 4; do
		oovs "$v" $i || continue
		if [ $i = 1 ]; then h=p-h1=edge; elif [ $i = 3 ]; then h=p-h3=edge; else h=""; fi
		# shellcheck disable=SC2046
		ovs_bridge "$lab-sw$i" "$(oprio "$v" $i)" $(ip -n "$lab-sw$i" -o link show | awk -F': ' '$2 ~ /^p-[0-9][0-9]@/ { sub("@.*", "", $2); print $2 }') $h >/dev/null 2>&1 &
		vsp="$vsp $!"
	done
	until ofinal "$v" "$lab"; do
		[ "$(echo "$(mono) - $t0 > 60" | bc)" = 1 ] && break
		sleep 0.01
	done
	tc=$(mono)
	[ -n "$brk" ] && wait $onp
	for p in $vsp; do wait "$p"; done
	if ofinal "$v" "$lab"; then
		echo "ring of 4, $v: convergence $(echo "$tc - $t0" | bc | sed 's/^\./0./') s (start of every bridge at once to the expected tree, polled)"
	else
		echo "ring of 4, $v: no convergence in 60 s: blocked [$(oblocked "$v" "$lab")], want [$(oexpect "$v")]"
	fi
	[ -n "$brk" ] && log_summary "$lab" "$t0" "$tc" | sed 's/^    daemons:/    brkit daemons, start to converged:/'
	RINGDESC="ring of 4"
	wheres="near far"
	oovs "$v" 2 || okern "$v" 2 || wheres="near far leave"
	[ -n "${OWHERE:-}" ] && wheres=$OWHERE # e.g. OWHERE=leave-up
	[ "${OCUTS:-1}" = 0 ] && wheres="" # convergence only
	for where in $wheres; do
		case $where in
		near) at=sw2:p-23 ;;
		far) at=sw1:p-12 ;;
		leave-up) at=sw2:p-21 ;;
		leave) # sw2's port whose MAC the kernel took for the bridge's address
			a=$(ip -n "$lab-sw2" -j link show br0 | jq -r '.[0].address')
			at=sw2:$(ip -n "$lab-sw2" -j link show master br0 |
				jq -r --arg a "$a" '[.[] | select(.address == $a) | .ifname] + ["p-23"] | .[0]')
			;;
		esac
		r=0
		while [ $r -lt "$OREPS" ]; do
			if ! owait "$v" "$lab"; then
				echo "$v: no convergence before a cut: [$(oblocked "$v" "$lab")]"
				{
					$BRKIT lab exec "$lab" h1 ip neigh
					$BRKIT lab exec "$lab" h1 ping -c2 -W1 192.0.2.3
					for i in 1 2 3 4; do
						echo "== sw$i"
						bridge -n "$lab-sw$i" fdb show br0 | grep -v permanent
						bridge -n "$lab-sw$i" link show
					done
				} >&2
				break
			fi
			sleep 6 # steady state: TxHoldCount's budget back, edge ports settled
			n=4000
			[ "$v" = kmixed ] && n=30000 # 802.1D-1998: outages of seconds
			cut_once "$lab" "$v" "$where" "$at" $n 192.0.2.3
			r=$((r + 1))
		done
	done
	ovs_stop || echo "$v: an OVS daemon did not stop"
	OVS_PIDS=""
	cp -r "$OVS_BASE" "$LOGS/$lab-ovs" 2>/dev/null
	rm -rf "$OVS_BASE"
	$BRKIT lab down "$lab"
	LABNAMES=""
}

if [ "$WHAT" = ovs ]; then
	for v in ${OVS_RINGS:-mixed mixed-ovsroot ovs brkit kmixed}; do oring "$v"; done
fi
if [ "$WHAT" = ovs-conv ]; then # convergence only, OCONV_RUNS rounds of each ring
	OCUTS=0
	r0=1
	while [ $r0 -le "${OCONV_RUNS:-5}" ]; do
		for v in ${OVS_RINGS:-mixed mixed-ovsroot ovs brkit kmixed}; do oring "$v"; done
		r0=$((r0 + 1))
	done
fi
if [ "$WHAT" = ring-brkit ]; then ring brkit near far; fi
if [ "$WHAT" = ring ] || [ "$WHAT" = all ]; then
	ring brkit near far
	ring kmin near far
	if [ "${KERNEL_DEFAULT:-1}" = 1 ]; then ring kdef near; fi
fi
if [ "$WHAT" = conv ] || [ "$WHAT" = all ]; then
	r=1
	while [ $r -le "$CONV_RUNS" ]; do
		conv $r
		r=$((r + 1))
	done
fi
if [ "$WHAT" = scale ] || [ "$WHAT" = all ]; then scale; fi
if [ "$WHAT" = takeover ] || [ "$WHAT" = all ]; then
	r=1
	while [ $r -le "$TAKEOVER_RUNS" ]; do
		takeover $r
		r=$((r + 1))
	done
fi

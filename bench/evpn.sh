#!/bin/sh
# EVPN fabrics in namespaces (as root): N hypervisors, each with 4 VMs on two
# VNIs (100: 192.0.2.0/24, 200: 203.0.113.0/24; the traditional layout, a
# bridge brVNI and a device vxlanVNI per VNI, `nolearning`, port learning off,
# neigh_suppress on), and one route reflector, all on one underlay switch
# (198.51.100.0/24; a hypervisor's VTEP is its underlay address). FRR 8.4's
# zebra + bgpd run in every hypervisor and in the route reflector (iBGP,
# AS 65000, `advertise-all-vni` on the hypervisors).
#  1. up: for N in SIZES (default "3 8 16"), the time from the start of the
#     build to every VM pair of a VNI reachable, split into
#       build:  the lab's own time (`brkit lab up`, or the ip script and the
#               daemons' start with EVPN_DRIVER=raw),
#       bgp:    from there to every session Established at the route reflector,
#       routes: from there to every pair reachable: every VM pings its VNI's
#               broadcast address every 0.2 s (ping -b -D) and a pair counts
#               from the first reply (each reply is unicast from the peer, so
#               every VM's replies from all its peers cover every ordered pair);
#     then the CPU and the peak RSS of the build (brkit lab up, or the script
#     and its ip processes) against FRR's daemons (sum over /proc/PID/stat and
#     status).
#  2. move: on the 3-hypervisor fabric, a VM (vm11, hv1, VNI 100) moves to hv3
#     and back MOVES times while a VM on hv2 pings it every 1 ms (ping -i 0.001
#     -D). A move: the VM is paused on its hypervisor (address flushed, ARP
#     off: silent, its port and the hypervisor's FDB entry stay, as with a
#     paused qemu), its twin on the other hypervisor (same MAC, kept silent
#     until then) takes the address and the VM's neighbour table (a migrated
#     guest keeps its ARP cache) and sends its first frame (a ping); the
#     outage is from that frame (its time from tcpdump on the new hypervisor's
#     port) to the first reply after it.
# Usage: sh bench/evpn.sh [up|move|all]  (SIZES="3 8 16", MOVES=5,
# EVPN_DRIVER=both|lab|raw: "up" runs each size with brkit's lab and with
# "raw", the same fabric built by a script of ip commands starting FRR by
# hand, and compares them; "move" uses the lab unless EVPN_DRIVER=raw).
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
BRKIT=${BRKIT:-$BUILD/brkit}
WHAT=${1:-all}
SIZES=${SIZES:-3 8 16}
MOVES=${MOVES:-5}
EVPN_DRIVER_SET=${EVPN_DRIVER:-both}
DRIVER=$EVPN_DRIVER_SET
[ "$DRIVER" = both ] && DRIVER=lab
FRR=${BRKIT_FRR_DIR:-/usr/lib/frr}
VTYSH=${BRKIT_VTYSH:-/usr/bin/vtysh}
VMS=4
P=be$$
TMP=$(mktemp -d /tmp/brkit-bench-evpn.XXXXXX)
LABS=""
BGPIDS=""

GC=""
cleanup() {
	[ -n "$GC" ] && sysctl -qw net.ipv4.neigh.default.gc_thresh2="${GC% *}" net.ipv4.neigh.default.gc_thresh3="${GC#* }"
	for p in $BGPIDS; do kill "$p" 2>/dev/null; done
	for l in $LABS; do $BRKIT lab down "$l" >/dev/null 2>&1; done
	raw_down
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || { echo "evpn.sh: needs root (namespaces)" >&2; exit 1; }
for f in "$FRR/zebra" "$FRR/bgpd" "$VTYSH"; do
	[ -x "$f" ] || { echo "evpn.sh: $f is missing: install frr (scripts/deps.sh)" >&2; exit 1; }
done
[ "$DRIVER" = raw ] || [ -x "$BRKIT" ] || { echo "evpn.sh: $BRKIT is missing: run make" >&2; exit 1; }

# The kernel's ARP table is one for all namespaces, and its limits are those
# of the initial namespace: past gc_thresh3 (1024 by default) a new neighbour
# is refused (sendmsg: ENOBUFS). 16 hypervisors x 4 VMs that all reach each
# other hold about 2,000 entries: raise the limits for the run, then restore them.
GC="$(sysctl -n net.ipv4.neigh.default.gc_thresh2) $(sysctl -n net.ipv4.neigh.default.gc_thresh3)"
[ "${GC% *}" -lt 8192 ] && sysctl -qw net.ipv4.neigh.default.gc_thresh2=8192
[ "${GC#* }" -lt 16384 ] && sysctl -qw net.ipv4.neigh.default.gc_thresh3=16384

now() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{printf "%.3f", $2 - $1}'; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
HZ=$(getconf CLK_TCK)

# ---- the fabric: addresses and FRR's configuration ----
vm_vni() { [ $(($1 % 2)) = 1 ] && echo 100 || echo 200; } # VM index k
vm_ip() { # HV K
	if [ $(($2 % 2)) = 1 ]; then echo "192.0.2.$((10 * $1 + $2))"; else echo "203.0.113.$((10 * $1 + $2))"; fi
}
vm_mac() { printf '02:00:00:00:%02x:%02x\n' "$1" "$2"; }
rr_conf() { # N
	echo "hostname rr"
	echo "router bgp 65000"
	echo " bgp router-id 198.51.100.254"
	echo " no bgp default ipv4-unicast"
	for h in $(seq 1 "$1"); do
		echo " neighbor 198.51.100.$h remote-as 65000"
		echo " neighbor 198.51.100.$h timers 3 9"
		echo " neighbor 198.51.100.$h timers connect 1"
	done
	echo " address-family l2vpn evpn"
	for h in $(seq 1 "$1"); do
		echo "  neighbor 198.51.100.$h activate"
		echo "  neighbor 198.51.100.$h route-reflector-client"
	done
	echo " exit-address-family"
}
hv_conf() { # H
	echo "hostname hv$1"
	echo "router bgp 65000"
	echo " bgp router-id 198.51.100.$1"
	echo " no bgp default ipv4-unicast"
	echo " neighbor 198.51.100.254 remote-as 65000"
	echo " neighbor 198.51.100.254 timers 3 9"
	echo " neighbor 198.51.100.254 timers connect 1"
	echo " address-family l2vpn evpn"
	echo "  neighbor 198.51.100.254 activate"
	echo "  advertise-all-vni"
	echo " exit-address-family"
}

# ---- driver "raw": ip commands and FRR started by hand ----
RAWD=/run/brkit-bench-evpn-$P
raw_down() {
	for f in "$RAWD"/*/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$P-"); do ip netns del "$ns"; done
	rm -rf "$RAWD"
}
raw_sh() { # L N
	L=$1
	echo "ip netns add $L-ul"
	echo "ip -n $L-ul link set lo up"
	echo "ip -n $L-ul link add br0 type bridge"
	echo "ip -n $L-ul link set br0 up"
	i=0
	for x in rr $(seq 1 "$2"); do
		if [ "$x" = rr ]; then nd=rr a=198.51.100.254; else nd=hv$x a=198.51.100.$x; fi
		i=$((i + 1))
		echo "ip netns add $L-$nd"
		echo "ip -n $L-$nd link set lo up"
		echo "ip -n $L-ul link add $nd type veth peer name eth0 netns $L-$nd"
		echo "ip -n $L-ul link set $nd master br0 up"
		echo "ip -n $L-$nd addr add $a/24 dev eth0"
		echo "ip -n $L-$nd link set eth0 up"
		[ "$x" = rr ] && continue
		for vni in 100 200; do
			echo "ip -n $L-$nd link add br$vni type bridge"
			echo "ip -n $L-$nd link add vxlan$vni type vxlan id $vni local $a dstport 4789 nolearning"
			echo "ip -n $L-$nd link set vxlan$vni master br$vni"
			echo "bridge -n $L-$nd link set dev vxlan$vni learning off neigh_suppress on"
			echo "ip -n $L-$nd link set vxlan$vni up"
			echo "ip -n $L-$nd link set br$vni up"
		done
		for k in $(seq 1 $VMS); do
			vm=$L-vm$x$k
			echo "ip netns add $vm"
			echo "ip -n $vm link set lo up"
			echo "ip -n $L-$nd link add vm$k type veth peer name eth0 netns $vm"
			echo "ip -n $vm link set eth0 address $(vm_mac "$x" "$k")"
			echo "ip -n $L-$nd link set vm$k master br$(vm_vni "$k") up"
			echo "ip -n $vm addr add $(vm_ip "$x" "$k")/24 dev eth0"
			echo "ip -n $vm link set eth0 up"
		done
	done
	for x in rr $(seq 1 "$2"); do
		if [ "$x" = rr ]; then nd=rr; else nd=hv$x; fi
		d=$RAWD/$nd
		echo "mkdir -p $d"
		echo "chown frr:frr $d"
		echo "cp $TMP/$nd.conf $d/bgpd.conf"
		echo "ip netns exec $L-$nd $FRR/zebra -d -N $L-$nd -i $d/zebra.pid -z $d/zserv.api --vty_socket $d -f /dev/null --log file:$d/zebra.log 2>/dev/null"
		echo "ip netns exec $L-$nd $FRR/bgpd -d -N $L-$nd -i $d/bgpd.pid -z $d/zserv.api --vty_socket $d -f $d/bgpd.conf --log file:$d/bgpd.log 2>/dev/null"
	done
}
# The run folder of NODE's FRR (vtysh --vty_socket).
frr_dir() { # L NODE
	if [ "$DRIVER" = raw ]; then echo "$RAWD/$2"; else echo "/run/brkit/lab/.$1/$2"; fi
}
frr_pids() { # L NODES...
	_l=$1
	shift
	for _n in "$@"; do cat "$(frr_dir "$_l" "$_n")"/*.pid 2>/dev/null; done
}

# ---- driver "lab": the same fabric as a brkit lab file ----
lab_yml() { # N
	echo "name: evpn$1"
	echo "topology:"
	echo "  nodes:"
	echo "    ul: {kind: bridge}"
	echo "    rr:"
	echo "      kind: router"
	echo "      addresses: [198.51.100.254/24]"
	echo "      frr:"
	echo "        daemons: [zebra, bgpd]"
	echo "        config: |"
	rr_conf "$1" | sed 's/^/          /'
	for h in $(seq 1 "$1"); do
		echo "    hv$h:"
		echo "      kind: hypervisor"
		echo "      vtep: 198.51.100.$h"
		echo "      vnis: [100, 200]"
		echo "      interfaces:"
		echo "        eth0: {addresses: [198.51.100.$h/24]}"
		echo "      frr:"
		echo "        daemons: [zebra, bgpd]"
		echo "        config: |"
		hv_conf "$h" | sed 's/^/          /'
		for k in $(seq 1 $VMS); do
			echo "    vm$h$k: {kind: host, addresses: [$(vm_ip "$h" "$k")/24]}"
		done
	done
	echo "  links:"
	echo "    - endpoints: [\"rr:eth0\", \"ul:rr\"]"
	for h in $(seq 1 "$1"); do
		echo "    - endpoints: [\"hv$h:eth0\", \"ul:hv$h\"]"
		for k in $(seq 1 $VMS); do
			echo "    - endpoints: [\"vm$h$k:eth0\", \"hv$h:vm$k\"]"
			echo "      vni: $(vm_vni "$k")"
		done
	done
}

# fab_up L N: build the fabric; prints "SECONDS CPU_SECONDS MAXRSS_KB" of the build.
fab_up() {
	rr_conf "$2" >"$TMP/rr.conf"
	for h in $(seq 1 "$2"); do hv_conf "$h" >"$TMP/hv$h.conf"; done
	if [ "$DRIVER" = raw ]; then
		raw_sh "$1" "$2" >"$TMP/up.sh"
		/usr/bin/time -f "%e %U %S %M" -o "$TMP/time" sh -e "$TMP/up.sh" ||
			{ echo "evpn.sh: the ip script failed" >&2; exit 1; }
	else
		lab_yml "$2" >"$TMP/evpn$2.yml"
		LABS="$LABS $1"
		python3 -c "$SELFCPU" "$TMP/time" $BRKIT lab up "$TMP/evpn$2.yml" name "$1" ||
			{ echo "evpn.sh: brkit lab up failed" >&2; exit 1; }
		cat "$TMP/time"
		return
	fi
	awk '{printf "%s %.2f %s 0\n", $1, $2 + $3, $4}' "$TMP/time"
}
# Runs a command; writes "WALL SELF_CPU MAXRSS_KB CHILDREN_CPU" to the file
# argv[1]: the process's own CPU (user + system) and its children's (vtysh's
# dry runs, FRR's daemons until they detach), read from /proc/PID/stat once
# it is a zombie (before it is reaped, so nothing is sampled or missed), its
# peak RSS (VmHWM) sampled every 5 ms while it runs.
SELFCPU='
import os, subprocess, sys, time
hz = os.sysconf("SC_CLK_TCK")
t0 = time.monotonic()
p = subprocess.Popen(sys.argv[2:])
hwm = 0
while True:
    try:
        st = open("/proc/%d/stat" % p.pid).read()
    except OSError:
        break
    f = st[st.rindex(")") + 2:].split()
    if f[0] == "Z":
        break
    try:
        for l in open("/proc/%d/status" % p.pid):
            if l.startswith("VmHWM:"):
                hwm = max(hwm, int(l.split()[1]))
    except OSError:
        pass
    time.sleep(0.005)
wall = time.monotonic() - t0
own = (int(f[11]) + int(f[12])) / hz
kids = (int(f[13]) + int(f[14])) / hz
rc = p.wait()
open(sys.argv[1], "w").write("%.3f %.2f %d %.2f\n" % (wall, own, hwm, kids))
sys.exit(rc)
'

fab_down() { # L
	if [ "$DRIVER" = raw ]; then raw_down; else
		$BRKIT lab down "$1"
		LABS=$(echo "$LABS" | tr ' ' '\n' | grep -vx "$1" | tr '\n' ' ')
	fi
}
vt() { # L NODE CMD
	ip netns exec "$1-$2" "$VTYSH" --vty_socket "$(frr_dir "$1" "$2")" -c "$3" 2>/dev/null
}
established() { # L
	vt "$1" rr "show bgp l2vpn evpn summary json" |
		jq '[.peers // {} | .[] | select(.state == "Established")] | length' 2>/dev/null || echo 0
}
# Sum of CPU seconds and of VmRSS (kB) over the given pids.
cpu_rss() {
	for p in "$@"; do
		[ -r "/proc/$p/stat" ] || continue
		# comm may hold spaces: count fields from the closing parenthesis
		sed 's/.*) //' "/proc/$p/stat" | awk '{print $12 + $13}'
		awk '/^VmRSS:/ {print "rss", $2}' "/proc/$p/status"
	done | awk -v hz="$HZ" '$1 == "rss" {r += $2; next} {c += $1} END {printf "%.2f %d\n", c / hz, r}'
}

# ---- 1. up ----
bench_up() { # N
	n=$1
	L=$P-$n
	peers=$((n * VMS / 2 - 1))
	t0=$(now)
	set -- $(fab_up "$L" "$n")
	build_cpu=$2 build_rss=$3 build_kids=$4
	t1=$(now)
	i=0
	while [ "$(established "$L")" != "$n" ]; do
		i=$((i + 1))
		[ $i -gt 1200 ] && { echo "evpn.sh: $n hypervisors: sessions not Established in 120 s" >&2; exit 1; }
		sleep 0.1
	done
	t2=$(now)
	pids=""
	for h in $(seq 1 "$n"); do
		for k in $(seq 1 $VMS); do
			vm=$L-vm$h$k
			ip netns exec "$vm" sysctl -qw net.ipv4.icmp_echo_ignore_broadcasts=0
			case $(vm_vni "$k") in 100) b=192.0.2.255 ;; *) b=203.0.113.255 ;; esac
			ip netns exec "$vm" ping -b -D -n -i 0.2 -w 120 "$b" >"$TMP/p-$h-$k" 2>/dev/null &
			pids="$pids $!"
		done
	done
	BGPIDS="$BGPIDS $pids"
	i=0
	tfl=""
	pending=$(seq 1 "$n")
	while :; do
		# the routes: every hypervisor floods to every other VTEP in both
		# VNIs (each hypervisor is read until it has them; polled, so the
		# time is an upper bound)
		if [ -z "$tfl" ]; then
			left=""
			for h in $pending; do
				[ "$(bridge -n "$L-hv$h" fdb show 2>/dev/null | grep -c '^00:00:00:00:00:00 ')" = $((2 * (n - 1))) ] || left="$left $h"
			done
			pending=$left
			[ -z "$pending" ] && tfl=$(now)
		fi
		full=$(awk -v want="$peers" '/bytes from/ {
				ip = $5; sub(":", "", ip)
				if (!((FILENAME, ip) in seen)) { seen[FILENAME, ip] = 1; c[FILENAME]++ }
			}
			END { f = 0; for (x in c) if (c[x] >= want) f++; print f }' "$TMP"/p-*)
		[ "$full" = $((n * VMS)) ] && [ -n "$tfl" ] && break
		i=$((i + 1))
		if [ $i -gt 600 ]; then
			echo "evpn.sh: $n hypervisors: only $full of $((n * VMS)) VMs reach all their $peers peers after 120 s; peers heard per VM:" >&2
			for f in "$TMP"/p-*; do printf ' %s:%s' "${f##*/p-}" "$(awk '/bytes from/ {print $5}' "$f" | sort -u | wc -l)"; done >&2
			echo >&2
			exit 1
		fi
		sleep 0.2
	done
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	BGPIDS=""
	# the time each VM first heard from its last peer, from ping's own stamps
	t3=$(awk '/bytes from/ {
			ip = $5; sub(":", "", ip); ts = substr($1, 2, length($1) - 2)
			if (!((FILENAME, ip) in seen)) { seen[FILENAME, ip] = 1; if (ts > last) last = ts }
		}
		END { printf "%.6f\n", last }' "$TMP"/p-*)
	rm -f "$TMP"/p-*
	nodes="rr $(for h in $(seq 1 "$n"); do printf 'hv%s ' "$h"; done)"
	set -- $(cpu_rss $(frr_pids "$L" $nodes))
	frr_cpu=$1 frr_rss=$2
	echo "$n hypervisors, $((n * VMS)) VMs, $((n * VMS * peers)) ordered pairs ($DRIVER):"
	echo "$t0 $t1 $t2 $t3 $tfl" | awk '{printf "  reachable %.2f s after the start (goal < 10): build %.2f s + bgp %.2f s + routes %.2f s (every flood list complete %.2f s after bgp)\n", $4 - $1, $2 - $1, $3 - $2, $4 - $3, $5 - $3}'
	eval "R_${DRIVER}_$n=\"\$(elapsed \$t0 \$t1) \$(elapsed \$t0 \$t3)\""
	if [ "$DRIVER" = raw ]; then
		echo "$build_cpu $build_rss $frr_cpu $frr_rss $n" | awk '{printf "  CPU: build (sh + ip + FRR until it detaches) %.2f s, FRR daemons %.2f s (%d daemons); peak RSS: build %.1f MB, FRR %.1f MB summed\n", $1, $3, 2 * ($5 + 1), $2 / 1024, $4 / 1024}'
	else
		echo "$build_cpu $build_kids $build_rss $frr_cpu $frr_rss $n" | awk '{printf "  CPU: brkit lab up %.2f s itself (goal < 1), %.2f s in its children (vtysh -C, FRR until it detaches); FRR daemons %.2f s (%d daemons) = %.1fx brkit\n  RSS: brkit lab up %.1f MB peak, FRR %.1f MB summed = %.0fx\n", $1, $2, $4, 2 * ($6 + 1), ($1 > 0 ? $4 / $1 : 0), $3 / 1024, $5 / 1024, ($3 > 0 ? $5 / $3 : 0)}'
	fi
	fab_down "$L"
	sleep 1
}

# ---- 2. move ----
bench_move() {
	n=3
	L=$P-m
	fab_up "$L" $n >/dev/null
	i=0
	while [ "$(established "$L")" != "$n" ]; do
		i=$((i + 1))
		[ $i -gt 1200 ] && { echo "evpn.sh: move: sessions not Established in 120 s" >&2; exit 1; }
		sleep 0.1
	done
	mac=$(ip -n "$L-vm11" -j link show eth0 | jq -r '.[0].address') ip=$(vm_ip 1 1)
	# the twin on hv3: same MAC, silent (no address, ARP off, no IPv6)
	ip netns add "$L-tw"
	ip -n "$L-tw" link set lo up
	ip netns exec "$L-tw" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	ip -n "$L-hv3" link add mv type veth peer name eth0 netns "$L-tw"
	ip -n "$L-tw" link set eth0 address "$mac" arp off
	ip -n "$L-hv3" link set mv master br100 up
	ip -n "$L-tw" link set eth0 up
	ip netns exec "$L-vm11" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	peer=$L-vm21
	# until the peer's pings are answered
	i=0
	until ip netns exec "$peer" ping -c1 -W1 "$ip" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -gt 60 ] && { echo "evpn.sh: move: $ip not reachable from vm21" >&2; exit 1; }
	done
	outs=""
	from=$L-vm11 fromhv=$L-hv1 fromport=vm1 to=$L-tw tohv=$L-hv3 toport=mv
	for r in $(seq 1 "$MOVES"); do
		ip netns exec "$peer" ping -D -n -i 0.001 -W 1 "$ip" >"$TMP/mv" 2>/dev/null &
		pp=$!
		BGPIDS="$pp"
		sleep 1
		ip netns exec "$tohv" tcpdump -Q in -tt -n -c 1 -i "$toport" >"$TMP/first" 2>"$TMP/td" &
		tp=$!
		i=0
		until grep -q listening "$TMP/td"; do
			i=$((i + 1))
			[ $i -gt 300 ] && { echo "evpn.sh: move: tcpdump did not start" >&2; exit 1; }
			sleep 0.1
		done
		# pause the VM where it is, then its twin takes over (with the
		# VM's neighbour table, as a migrated guest keeps its memory) and speaks
		ip -n "$from" -j neigh show dev eth0 | jq -r '.[] | select(.lladdr) | "\(.dst) \(.lladdr)"' >"$TMP/neigh"
		ip -n "$from" addr flush dev eth0
		ip -n "$from" link set eth0 arp off
		ip -n "$to" link set eth0 arp on
		ip -n "$to" addr add "$ip/24" dev eth0
		while read -r a m; do ip -n "$to" neigh replace "$a" lladdr "$m" dev eth0 nud stale; done <"$TMP/neigh"
		ip netns exec "$to" ping -c1 -W1 "$(vm_ip 2 1)" >/dev/null 2>&1
		wait "$tp"
		tf=$(awk 'NR == 1 {print $1}' "$TMP/first")
		i=0
		while ! awk -v tf="$tf" '/bytes from/ {ts = substr($1, 2, length($1) - 2); if (ts > tf) {f = 1; exit}} END {exit !f}' "$TMP/mv"; do
			i=$((i + 1))
			[ $i -gt 300 ] && { echo "evpn.sh: move $r: no reply 30 s after the first frame" >&2; exit 1; }
			sleep 0.1
		done
		kill "$pp"
		wait "$pp" 2>/dev/null
		BGPIDS=""
		o=$(awk -v tf="$tf" '/bytes from/ {ts = substr($1, 2, length($1) - 2); if (ts > tf) {printf "%.3f", ts - tf; exit}}' "$TMP/mv")
		outs="$outs $o"
		echo "  move $r: $fromhv -> $tohv: first reply $o s after the VM's first frame there"
		x=$from from=$to to=$x
		x=$fromhv fromhv=$tohv tohv=$x
		x=$fromport fromport=$toport toport=$x
		sleep 1
	done
	seqs=$(vt "$L" hv2 "show evpn mac vni 100 mac $mac json" | jq -c '.[] | [.type, .remoteVtep, .remoteSequence]')
	echo "VM move (3 hypervisors, $MOVES moves, pings every 1 ms): outage after the first frame: median $(echo "$outs" | median) s, max $(echo "$outs" | tr ' ' '\n' | grep . | sort -n | tail -1) s (goal < 1); hv2 sees the MAC as $seqs"
	ip netns del "$L-tw"
	fab_down "$L"
}

# both drivers on each size, then brkit's build against the ip script's
ups() {
	for n in $SIZES; do
		for DRIVER in $DRIVERS; do bench_up "$n"; done
		[ "$DRIVERS" = "lab raw" ] || continue
		eval "set -- \$R_lab_$n \$R_raw_$n"
		echo "$n $1 $2 $3 $4" | awk '{printf "%d hypervisors: build: brkit lab up %.2f s, the ip script + FRR by hand %.2f s = %.2fx; reachable %.2f s against %.2f s\n", $1, $2, $4, $2 / $4, $3, $5}'
	done
}
case $EVPN_DRIVER_SET in
lab) DRIVERS=lab ;;
raw) DRIVERS=raw ;;
*) DRIVERS="lab raw" ;;
esac
case $WHAT in
up) ups ;;
move) bench_move ;;
all)
	ups
	DRIVER=$EVPN_DRIVER_SET
	[ "$DRIVER" = both ] && DRIVER=lab
	bench_move
	;;
*)
	echo "usage: sh bench/evpn.sh [up|move|all]" >&2
	exit 2
	;;
esac

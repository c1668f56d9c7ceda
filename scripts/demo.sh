#!/bin/sh
# make demo: a narrated tour of brkit in throwaway network namespaces, in under a minute:
# bridges, taps, the FDB and brctl; a lab ring run by brkit-stpd with a cut link and the
# measured ping outage; a VM port plugged by qemu-ifup with its guards, a locked port,
# `stp show` and `lab graph`; a NAT network with a DHCP lease; a two-host EVPN lab (FRR's
# BGP EVPN, a VM on each host, a ping across the VXLAN). Everything is made in namespaces
# named bkdemo-PID*, and removed on every way out (the last step checks that nothing is
# left: no namespace, nothing under /run/brkit, no FRR daemon of the lab). Needs
# scripts/deps.sh's demo group (make demo installs it); with the build group alone, the
# steps whose tools are missing (FRR for EVPN, busybox's udhcpc for the lease) are skipped,
# saying so.
set -e
BUILD=${BUILD:-build}
B="$BUILD/brkit"
TAG=bkdemo-$$
NS=$TAG          # part 1: bridges, taps, FDB, brctl
LAB=$TAG-ring    # part 2: the lab; its nodes are namespaces $LAB-r1, $LAB-h1, ...
H=$TAG-host      # part 5: the NAT network's host, its VM and the outside world
V=$TAG-vm
W=$TAG-wan
EVPN=$TAG-evpn   # part 6: the EVPN lab; nodes $EVPN-hv1, $EVPN-vm1, ...
TMP=""
PING_PID=""
DHCP_PID=""
STATEDIRS=""
START=$(date +%s)
TOP=$(cd "$(dirname "$0")/.." && pwd)
if [ -t 1 ]; then
	say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
else
	say() { printf '\n== %s\n' "$*"; }
fi
note() { printf '   %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
runsh() { printf '$ %s\n' "$1"; eval "$1"; } # a pipeline, shown as typed
# (2>/dev/null: with other namespaces coming and going, ip netns list may say "Peer netns
# reference is invalid" while it asks for their ids)
has_ns() { ip netns list 2>/dev/null | cut -d' ' -f1 | grep -qx "$1"; }
# watch NETNS: brkit's state directories named by NETNS's inode are checked at the end,
# unless one is there already (a namespace that had the inode before left it)
watch() {
	_i=$(stat -L -c %i "/run/netns/$1")
	for _d in /run/brkit/net/net-$_i /run/brkit/vm-ports/net-$_i; do
		[ -e "$_d" ] || STATEDIRS="$STATEDIRS $_d"
	done
}
mkns() { # NAME: a namespace with lo up
	ip netns add "$1"
	ip -n "$1" link set lo up
	watch "$1"
}
# the pids of the EVPN lab's FRR daemons: each runs with -i /run/brkit/lab/.LAB/NODE/D.pid
# (lab down stops every process whose command line names that folder, and so looks here)
# (one grep over every /proc/PID/cmdline; its own has "\." where theirs have ".")
frr_pids() {
	grep -las "/run/brkit/lab/\.$EVPN/" /proc/[0-9]*/cmdline | sed 's|^/proc/\([0-9]*\)/.*|\1|'
	return 0
}
# what brkit keeps under /run/brkit for this tour's namespaces, labs and networks
leftovers() {
	ip netns list 2>/dev/null | sed -n "s/^\(${TAG}[^ ]*\).*/netns \1/p"
	for f in /run/brkit/lab/"$LAB" /run/brkit/stpd-"$LAB"-* /run/brkit/lab/"$EVPN" \
		/run/brkit/lab/."$EVPN"; do
		[ -e "$f" ] && echo "$f"
	done
	frr_pids | sed 's/^/FRR daemon of the EVPN lab: pid /'
	for d in $STATEDIRS; do
		[ -e "$d" ] && echo "$d"
	done
	return 0
}
# brkit net and vm-port keep a state directory per namespace, /run/brkit/{net,vm-ports}/
# net-INODE, and leave it (with its empty .lock) after the last network or port is gone:
# remove it while the namespace, whose inode names it, still exists and nothing else is in it
drop_statedir() { # NETNS
	[ -e "/run/netns/$1" ] || return 0
	_i=$(stat -L -c %i "/run/netns/$1")
	for _d in /run/brkit/net/net-$_i /run/brkit/vm-ports/net-$_i; do
		[ -d "$_d" ] && [ "$(ls -A "$_d")" = .lock ] && rm -f "$_d/.lock" && rmdir "$_d"
	done
	return 0
}
cleanup() {
	st=$?
	trap - EXIT INT TERM
	set +e
	for p in $PING_PID $DHCP_PID; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	if has_ns "$LAB-r2"; then
		"$B" -n "$LAB-r2" vm-port down vnet1 >/dev/null 2>&1
		ip netns exec "$LAB-r2" "$BUILD/qemu-ifdown" vnet0 >/dev/null 2>&1
		drop_statedir "$LAB-r2"
	fi
	[ -e "/run/brkit/lab/$LAB" ] && "$B" lab down "$LAB" >/dev/null 2>&1
	[ -e "/run/brkit/lab/$EVPN" ] && "$B" lab down "$EVPN" >/dev/null 2>&1
	has_ns "$NS" && "$B" -n "$NS" vm-port down vnet-v >/dev/null 2>&1
	has_ns "$H" && "$B" -n "$H" net del lan >/dev/null 2>&1
	for n in "$NS" "$H" "$V" "$W"; do
		drop_statedir "$n"
		ip netns del "$n" 2>/dev/null
	done
	[ -n "$TMP" ] && rm -rf "$TMP"
	left=$(leftovers)
	if [ -n "$left" ]; then
		echo "demo: left behind:" >&2
		echo "$left" >&2
		[ "$st" = 0 ] && st=1
	elif [ "$st" = 0 ]; then
		say "All removed: no namespace of the tour in 'ip netns list', nothing of it under /run/brkit"
		note "the tour took $(($(date +%s) - START)) s"
	fi
	exit "$st"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" != 0 ]; then
	echo "demo: needs root (it makes network namespaces)" >&2
	exit 1
fi
TMP=$(mktemp -d /tmp/brkit-demo.XXXXXX)
mkns "$NS"

say "1. A throwaway namespace '$NS'; every brkit command below runs in it with -n"
say "Create two bridges, up, with their attributes in one request each"
note "(a fixed address keeps the bridge id from following the VMs' taps)"
run "$B" -n "$NS" bridge add br-lan up address 02:00:5e:00:53:01 stp_state 0 ageing_time 60000 forward_delay 400
run "$B" -n "$NS" bridge add br-dmz up stp_state 1 priority 4096 hello_time 100

say "Plug three VM NICs in: tap created, attached and up in one call"
run "$B" -n "$NS" tap add vm1-eth0 bridge br-lan devgroup 42
run "$B" -n "$NS" tap add vm2-eth0 bridge br-lan devgroup 42 vnet_hdr
run "$B" -n "$NS" tap add 'vnet%d' bridge br-dmz devgroup 42 multi_queue

say "Tune the ports: no flooding of unknown unicast to vm2, a higher cost on vm1"
run "$B" -n "$NS" port set br-lan vm2-eth0 flood off learning on cost 200

say "The brctl view (byte-identical to bridge-utils 1.7), the object view, and JSON"
run "$B" -n "$NS" show
run "$B" -n "$NS" tap show
run "$B" -n "$NS" -j -p bridge show br-lan

say "Pin a MAC to its port in the forwarding table"
run "$B" -n "$NS" fdb add 02:00:00:00:00:01 dev vm1-eth0 master static
run "$B" -n "$NS" showmacs br-lan

say "A VM host stops: one call removes every tap of its netdev group"
run "$B" -n "$NS" tap flush devgroup 42

say "The same binary is a drop-in brctl: like brctl, it refuses to delete a bridge that is up"
run ip netns exec "$NS" "$BUILD/brctl" delbr br-lan || true
run "$B" -n "$NS" bridge set br-lan down
run ip netns exec "$NS" "$BUILD/brctl" delbr br-lan
run ip netns exec "$NS" "$BUILD/brctl" show

say "2. A lab: a ring of four bridges run by brkit-stpd (RSTP), a host on r1 and one on r3"
note "(each node is a namespace '$LAB-NODE'; one file, all or nothing; scripts/demo-ring.yml)"
sed -n '/^topology:/,$p' "$TOP/scripts/demo-ring.yml"
run "$B" lab up "$TOP/scripts/demo-ring.yml" name "$LAB"
for n in r1 r2 r3 r4 h1 h3; do watch "$LAB-$n"; done
t0=$(date +%s)
until ip netns exec "$LAB-h1" ping -c 1 -W 1 198.51.100.3 >/dev/null 2>&1; do
	if [ $(($(date +%s) - t0)) -gt 30 ]; then
		echo "demo: h1 cannot reach h3 across the ring after 30 s" >&2
		exit 1
	fi
done
note "h1 reaches h3 after $(($(date +%s) - t0)) s (RSTP agreed the tree; ARP resolved)"
say "brkit-stpd's view of r3: its root port leads to r2; the port to r4 is the alternate"
run "$B" -n "$LAB-r3" stp show br0
say "lab graph: the topology as Graphviz DOT, each port with its RSTP state and role"
run "$B" lab graph "$LAB"

tc_quiet() { # wait (up to 15 s) until no port of a ring bridge has its tcWhile running
	_t0=$(date +%s)
	for _n in r1 r2 r3 r4; do
		while "$B" -n "$LAB-$_n" stp show -d br0 | grep -Eq 'tc while +[1-9]'; do
			if [ $(($(date +%s) - _t0)) -gt 15 ]; then
				echo "demo: the ring's tcWhile timers still run after 15 s" >&2
				exit 1
			fi
			sleep 0.2
		done
	done
}
# ping_outage DESC CMD...: ping h1 -> h3 every 10 ms (-D: each reply with its time), run
# CMD half a second in, stop at the first reply sent more than half a second after CMD,
# and print the longest gap between two replies (the outage) and the echoes unanswered
ping_outage() {
	_desc=$1
	shift
	ip netns exec "$LAB-h1" stdbuf -oL ping -D -n -i 0.01 -W 1 -w 30 198.51.100.3 >"$TMP/ping" 2>&1 &
	PING_PID=$!
	sleep 0.5
	_t=$(date +%s.%N)
	run "$@"
	# wait (up to 25 s) for a reply sent half a second after CMD
	_n=0
	until sed -n 's/^\[\([0-9.]*\)\] .* bytes from .*/\1/p' "$TMP/ping" |
		awk -v t="$_t" '$1 > t + 0.5 { f = 1 } END { exit !f }'; do
		_n=$((_n + 1))
		if [ "$_n" -gt 250 ]; then
			echo "demo: $_desc: h1 got no reply from h3 for 25 s" >&2
			exit 1
		fi
		sleep 0.1
	done
	kill "$PING_PID" 2>/dev/null || true
	wait "$PING_PID" 2>/dev/null || true
	PING_PID=""
	# "[1765000000.123456] 64 bytes from 198.51.100.3: icmp_seq=12 ttl=64 time=0.061 ms"
	sed -n 's/^\[\([0-9.]*\)\] .* bytes from .*icmp_seq=\([0-9]*\) .*/\1 \2/p' "$TMP/ping" |
		awk -v d="$_desc" 'NR > 1 && $1 - t > gap { gap = $1 - t }
			{ t = $1; n++; if ($2 > last) last = $2; if (NR == 1) first = $2 }
			END { lost = last - first + 1 - n; sent = last - first + 1
				printf "   %s: %d of %d echoes unanswered; the longest gap between two replies: %d ms\n",
					d, lost, sent, gap * 1000 + 0.5 }'
}
say "3. Cut the r2-r3 link under a ping from h1 to h3 (one echo every 10 ms)"
# While a port's tcWhile runs (hello time + 1 s after the tree formed), a new topology
# change sets no newInfo (802.1D-2004 17.21.7): it rides the next hello, up to 2 s later.
# Measured here: cut within those seconds, the outage was 1.1-2.5 s; after, 20-40 ms.
note "(first the tree's own topology-change timers run out: until then a new TC waits for the"
note "next hello, 2 s, instead of going out at once; see 802.1D-2004 17.21.7 newTcWhile)"
tc_quiet
ping_outage "link cut" "$B" lab link "$LAB" r2:p23 down
note "r3 made its alternate port the root port at once; the other bridges hear of it by a"
note "topology change (TC) and flush the MACs learnt behind the dead link: until r1 does,"
note "it still sends h3's frames towards r2. r3 now:"
run "$B" -n "$LAB-r3" stp show br0
say "Restore it: r3 takes its root port back through r2 (proposal and agreement)"
tc_quiet
ping_outage "link restored" "$B" lab link "$LAB" r2:p23 up

say "4. A VM's port, plugged by qemu-ifup as QEMU calls it: 'qemu-ifup TAP', the spec in the environment"
note "(QEMU opens the tap itself and then runs the script; a persistent tap stands in for it)"
run ip -n "$LAB-r2" tuntap add mode tap name vnet0
run ip netns exec "$LAB-r2" env BRKIT_BRIDGE=br0 "$BUILD/qemu-ifup" vnet0
run "$B" -n "$LAB-r2" vm-port show
note "The guards, by default: the kernel's BPDU guard and root block on the port ..."
runsh "$B -n $LAB-r2 port show br0 | grep -A3 '^vnet0:' | grep -Eo 'guard (on|off)|root_block (on|off)'"
note "... and, as brkit-stpd runs this bridge, an admin edge port with bpduguard in the daemon"
note "(role disabled until a VM attaches: the tap has no carrier yet)"
runsh "$B -n $LAB-r2 stp show -d br0 vnet0 | grep -E '^  vnet0|admin edge|bpduguard'"
say "lock: the bridge drops frames from any MAC but the guest's (pinned static, port locked)"
run "$B" -n "$LAB-r2" vm-port up vnet1 bridge br0 create lock mac 52:54:00:12:34:56
run "$B" -n "$LAB-r2" fdb show br br0 dev vnet1
runsh "$B -n $LAB-r2 port show br0 | grep -A3 '^vnet1:' | grep -Eo 'locked (on|off)'"
say "VLANs: 'vlan TAG' or 'trunks LIST' (BRKIT_VLAN, BRKIT_TRUNKS) need bridge VLAN filtering"
if "$B" -n "$NS" bridge add br-vf vlan_filtering on 2>"$TMP/vf"; then
	run "$B" -n "$NS" vm-port up vnet-v bridge br-vf vlan 10 create
	run "$B" -n "$NS" vlan show dev vnet-v
	run "$B" -n "$NS" vm-port down vnet-v
	drop_statedir "$NS"
else
	note "this kernel has none: $(cat "$TMP/vf")"
	note "so the VLAN steps are not shown here; a kernel with CONFIG_BRIDGE_VLAN_FILTERING runs"
	note "them (vm-port up refuses, naming the missing one, and changes nothing)"
fi
say "The VM stops: qemu-ifdown and vm-port down undo exactly what up did"
run ip netns exec "$LAB-r2" "$BUILD/qemu-ifdown" vnet0
run "$B" -n "$LAB-r2" vm-port down vnet1
drop_statedir "$LAB-r2"
run "$B" lab down "$LAB"

say "5. A NAT network, as libvirt's 'default' gives a KVM host: bridge, dnsmasq, nftables"
note "(namespaces: $H the host, $V a VM, $W the outside world behind the host's up0)"
mkns "$H"
mkns "$V"
mkns "$W"
ip link add up0 netns "$H" type veth peer name eth0 netns "$W"
ip -n "$H" addr add 203.0.113.1/24 dev up0
ip -n "$H" link set up0 up
ip -n "$W" addr add 203.0.113.2/24 dev eth0
ip -n "$W" link set eth0 up
run "$B" -n "$H" net add lan mode nat address 192.0.2.1/24 dhcp 192.0.2.10-192.0.2.99 domain demo.test uplink up0
ip link add vm0 netns "$H" type veth peer name eth0 netns "$V"
ip -n "$H" link set vm0 master brk-lan up
ip -n "$V" link set eth0 up
BUSYBOX=$(command -v busybox || true)
if [ -n "$BUSYBOX" ] && "$BUSYBOX" udhcpc --help >/dev/null 2>&1; then
	say "The VM asks for a lease (busybox udhcpc) and reaches the outside, which has no route back"
	note "to 192.0.2.0/24: the replies come back only through the masquerade"
	# in the background, so that an interrupt reaches the shell's trap, which stops it
	printf '$ %s\n' "ip netns exec $V busybox udhcpc -i eth0 -n -q -f -t 20 -T 1 -s tests/net/udhcpc.sh -x hostname:vm1"
	ip netns exec "$V" "$BUSYBOX" udhcpc -i eth0 -n -q -f -t 20 -T 1 \
		-s "$TOP/tests/net/udhcpc.sh" -x hostname:vm1 >"$TMP/dhcp" 2>&1 &
	DHCP_PID=$!
	wait "$DHCP_PID" || true
	DHCP_PID=""
	grep -E 'obtained|fail|No lease' "$TMP/dhcp" || true
	run ip -n "$V" -br addr show dev eth0
	run ip netns exec "$V" ping -c 1 -W 2 203.0.113.2
else
	note "busybox is not installed (it is in scripts/deps.sh's test group, not the build"
	note "group make demo installs): no DHCP client, so the lease step is skipped"
fi
run "$B" -n "$H" net show lan
run "$B" -n "$H" net del lan
drop_statedir "$H"

# FRR as brkit lab looks for it: its daemons, vtysh and the user frr they run as
FRR_DIR=${BRKIT_FRR_DIR:-/usr/lib/frr}
frr_missing=""
for f in "$FRR_DIR/zebra" "$FRR_DIR/bgpd" "$FRR_DIR/staticd" "${BRKIT_VTYSH:-/usr/bin/vtysh}"; do
	[ -x "$f" ] || frr_missing="$frr_missing $f"
done
getent passwd frr >/dev/null || frr_missing="$frr_missing (user frr)"
say "6. EVPN: two KVM hosts joined by one routed link, a VM on each in VNI 100 (VLAN 10)"
if [ -n "$frr_missing" ]; then
	note "skipped: FRR is not installed (missing:$frr_missing). make demo installs it"
	note "(scripts/deps.sh's demo group); make evpn-lab installs it and brings this lab up"
else
	note "(tests/lab/evpn2.yml, the README's lab, named '$EVPN' here: each hypervisor runs its own"
	note "zebra, bgpd and staticd in its namespace, FRR's BGP EVPN over eBGP; brkit builds the"
	note "VXLAN layout FRR expects, br100 and vxlan100, and plugs each VM into VNI 100)"
	sed -n -e '/^    hv1:/,/^      vnis:/p' -e '/^  links:/,$p' "$TOP/tests/lab/evpn2.yml"
	t0=$(date +%s.%N)
	run "$B" lab up "$TOP/tests/lab/evpn2.yml" name "$EVPN"
	t1=$(date +%s.%N)
	say "vm1 pings vm2 across the VXLAN, one echo every 100 ms, until the first reply"
	note "(until BGP has exchanged the EVPN routes, vm1's ARP request reaches no other VTEP)"
	printf '$ %s\n' "$B lab exec $EVPN vm1 ping -D -n -i 0.1 198.51.100.2"
	# in the background (lab exec execs ping in the node's namespace: the pid is ping's),
	# stopped at the first reply or by the shell's trap on an interrupt. No -w: with a
	# deadline, ping gives up at its first error, the failed ARP of the first 3 s
	: >"$TMP/evpn-ping" # there before the first grep below, however late ping starts
	"$B" lab exec "$EVPN" vm1 stdbuf -oL ping -D -n -i 0.1 198.51.100.2 >"$TMP/evpn-ping" 2>&1 &
	PING_PID=$!
	# "[1765000000.123456] 64 bytes from 198.51.100.2: icmp_seq=31 ttl=64 time=0.210 ms"
	until grep -q '^\[[0-9.]*\] .* bytes from ' "$TMP/evpn-ping"; do
		if [ "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print (b - a > 30) }')" = 1 ] ||
			! kill -0 "$PING_PID" 2>/dev/null; then
			cat "$TMP/evpn-ping" >&2
			echo "demo: vm1 got no reply from vm2 across the EVPN within 30 s of lab up" >&2
			exit 1
		fi
		sleep 0.1
	done
	kill "$PING_PID" 2>/dev/null || true
	wait "$PING_PID" 2>/dev/null || true
	PING_PID=""
	reply=$(grep -m 1 '^\[[0-9.]*\] .* bytes from ' "$TMP/evpn-ping")
	echo "$reply"
	printf '%s\n' "$reply" | awk -v a="$t0" -v b="$t1" '{ f = substr($1, 2, length($1) - 2)
		printf "   lab up took %.1f s; the first reply came %.1f s after up started\n", b - a, f - a }'
	# vm2's MAC reaches hv1 by a BGP route of its own, which may come just after the first
	# reply (the flood entry to hv2's VTEP carries the ARP and the first echoes): wait for
	# FRR's entry in hv1's FDB, up to 10 s
	vm2mac=$(ip -n "$EVPN-vm2" -br link show dev eth0 | awk '{ print $3 }')
	_n=0
	until bridge -n "$EVPN-hv1" fdb show dev vxlan100 | grep -q "^$vm2mac .*extern_learn"; do
		_n=$((_n + 1))
		[ "$_n" -gt 100 ] && break
		sleep 0.1
	done
	say "What FRR learnt, beside what the kernel holds (brkit evpn show, on hv1)"
	run "$B" -n "$EVPN-hv1" evpn show --vty-socket "/run/brkit/lab/.$EVPN/hv1"
	note "(hv2's VTEP and vm2's MAC, $vm2mac, came by BGP; FRR put them into hv1's FDB)"
	say "lab down stops both hosts' FRR daemons, then removes the namespaces"
	run "$B" lab down "$EVPN"
	awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "   the EVPN step took %.1f s\n", b - a }'
fi

say "Removing everything"

#!/bin/sh
# brkit evpn apply|show: two namespaces as two EVPN hosts (a veth underlay,
# VTEPs on lo), each running FRR's zebra + bgpd + staticd inside it with a
# private pathspace; each host built from its YAML file by brkit evpn apply.
# Kernel objects are read back with iproute2's JSON; a second apply changes
# nothing; a VM namespace on each host pings the other across the VXLAN
# fabric; evpn show lists what FRR learnt beside the kernel FDB; every bad
# input is refused with nothing changed.
. "$(dirname "$0")/../lib.sh"

FRRBIN=/usr/lib/frr
H1=evpncmd-$$-h1
H2=evpncmd-$$-h2
V1=evpncmd-$$-v1
V2=evpncmd-$$-v2
FRRDIR=""

evpn_cleanup() {
	if [ -n "$FRRDIR" ]; then
		for f in "$FRRDIR"/*/*.pid; do
			[ -f "$f" ] || continue
			pid=$(head -n1 "$f")
			case $pid in '' | *[!0-9]*) continue ;; esac
			kill "$pid" 2>/dev/null
		done
		# give them a moment, then make sure (only our own pids)
		for i in 1 2 3 4 5 6 7 8 9 10; do
			alive=""
			for f in "$FRRDIR"/*/*.pid; do
				[ -f "$f" ] || continue
				pid=$(head -n1 "$f")
				case $pid in '' | *[!0-9]*) continue ;; esac
				kill -0 "$pid" 2>/dev/null && alive="$alive $pid"
			done
			[ -z "$alive" ] && break
			sleep 0.3
		done
		for pid in $alive; do kill -9 "$pid" 2>/dev/null; done
		rm -rf "$FRRDIR"
	fi
	# the EVPN maps and vm-port states kept for our host namespaces
	for ino in $NS_INODES; do
		rm -rf "/run/brkit/evpn/net-$ino" "/run/brkit/vm-ports/net-$ino"
	done
	t_cleanup
}
trap evpn_cleanup EXIT
NS_INODES=""

for ns in $H1 $H2 $V1 $V2; do
	ip netns add "$ns" || { echo "cannot create netns $ns"; exit 1; }
	T_NETNS="$T_NETNS $ns"
	NS_INODES="$NS_INODES $(stat -L -c %i "/run/netns/$ns")"
	ip -n "$ns" link set lo up
done

# underlay: one veth between the hosts; VTEPs on lo, announced by BGP
ip link add ul1 netns "$H1" type veth peer name ul2 netns "$H2"
ip -n "$H1" addr add 192.0.2.1/30 dev ul1
ip -n "$H2" addr add 192.0.2.2/30 dev ul2
ip -n "$H1" link set ul1 up
ip -n "$H2" link set ul2 up
ip -n "$H1" addr add 203.0.113.1/32 dev lo
ip -n "$H2" addr add 203.0.113.2/32 dev lo

# a VM a host: its own namespace, the host end becomes a bridge port
MAC1=02:00:00:00:01:01
MAC2=02:00:00:00:02:01
ip link add eth0 netns "$V1" address $MAC1 type veth peer name vm1 netns "$H1"
ip link add eth0 netns "$V2" address $MAC2 type veth peer name vm2 netns "$H2"
ip -n "$V1" addr add 198.51.100.1/24 dev eth0
ip -n "$V2" addr add 198.51.100.2/24 dev eth0
ip -n "$V1" link set eth0 up
ip -n "$V2" link set eth0 up

# ipj NS DEV JQ: the values JQ picks from `ip -j -d link show DEV`, space separated
ipj() { ip -n "$1" -j -d link show dev "$2" | jq -r ".[0] | $3" | tr '\n' ' '; }

hostfile() { # N ASN PEER PEER_AS [extra VNI lines...]
	n=$1 asn=$2 peer=$3 pas=$4
	shift 4
	cat <<EOF
# EVPN host $n (brkit evpn apply)
vtep: 203.0.113.$n
underlay: ul$n
bgp:
  asn: $asn
  advertise-vtep: true
  peers:
    - address: $peer
      remote-as: $pas
frr:
  vty-socket: $FRRDIR/h$n
  save: false
vnis:
  - vni: 100
    vlan: 10
EOF
	for l in "$@"; do printf '%s\n' "$l"; done
}

if [ ! -x "$FRRBIN/zebra" ] || [ ! -x "$FRRBIN/bgpd" ] || [ ! -x /usr/bin/vtysh ]; then
	echo "skip - FRR is not installed (Debian package frr, make deps-test): the" \
		"FRR-backed checks of this suite not run, not counted"
	HAVE_FRR=""
else
	HAVE_FRR=1
fi

# ---- bad files: refused before anything, whether FRR runs or not ----
FRRDIR=$(mktemp -d /tmp/evpncmd-frr.XXXXXX)
chmod 755 "$FRRDIR"
F=$T_TMP/bad.yml
hostfile 1 65001 192.0.2.2 65002 "  - vni: 200" "    vlan: 10" >"$F"
t_bad "$H1" "a VLAN used twice" 2 "bad.yml:[0-9]+: .*VLAN 10 is used twice \(VNI 100 at line [0-9]+ and VNI 200" \
	"$BRKIT" -n "$H1" evpn apply "$F"
hostfile 1 65001 192.0.2.2 65002 "  - vni: 100" "    vlan: 20" >"$F"
t_bad "$H1" "a VNI given twice" 2 "VNI 100 is given twice" "$BRKIT" -n "$H1" evpn apply "$F"
hostfile 1 65001 192.0.2.2 65002 "  - vni: 16777216" "    vlan: 20" >"$F"
t_bad "$H1" "a VNI out of range" 2 "vnis: vni: 16777216 is out of range 1..16777215" \
	"$BRKIT" -n "$H1" evpn apply "$F"
hostfile 1 65001 192.0.2.2 65002 "  - vni: 300" "    vlan: 4095" >"$F"
t_bad "$H1" "a VLAN out of range" 2 "vnis: vlan: 4095 is out of range 1..4094" \
	"$BRKIT" -n "$H1" evpn apply "$F"
hostfile 9 65001 192.0.2.2 65002 | sed "s#$FRRDIR/h9#$FRRDIR/h1#; s/ul9/ul1/" >"$F"
t_bad "$H1" "a VTEP that is not local" 2 "$F:[0-9]*: vtep 203.0.113.9 is not an address of this host in namespace $H1 \(add it first, e.g. to lo\)" \
	"$BRKIT" -n "$H1" evpn apply "$F"
hostfile 1 65001 192.0.2.2 65002 | sed 's/^underlay: ul1/underlay: ul7/' >"$F"
t_bad "$H1" "an underlay that does not exist" 2 "$F:[0-9]*: underlay ul7: no such device" \
	"$BRKIT" -n "$H1" evpn apply "$F"
hostfile 1 65001 192.0.2.2 65002 | sed 's/^vtep:/vtpe:/' >"$F"
t_bad "$H1" "an unknown key" 2 "unknown key 'vtpe'" "$BRKIT" -n "$H1" evpn apply "$F"
t_bad "$H1" "a file that does not exist" 2 "nofile.yml: No such file" \
	"$BRKIT" -n "$H1" evpn apply "$T_TMP/nofile.yml"
t_bad "$H1" "apply without a file" 2 "a host file is needed" "$BRKIT" -n "$H1" evpn apply
hostfile 1 65001 192.0.2.2 65002 >"$F"
t_bad "$H1" "FRR not installed (no vtysh)" 1 "FRR is not installed: /nonexistent/vtysh" \
	env BRKIT_VTYSH=/nonexistent/vtysh "$BRKIT" -n "$H1" evpn apply "$F"
mkdir -p "$FRRDIR/h1" "$FRRDIR/h2"
chmod 777 "$FRRDIR/h1" "$FRRDIR/h2"
# (vtysh is needed to tell "not running"; without FRR it is "not installed")
[ -n "$HAVE_FRR" ] && t_bad "$H1" "FRR not running (vtysh cannot connect)" 1 \
	"FRR is not running: vtysh finds no daemon's socket in $FRRDIR/h1 \(for daemons started with --vty_socket DIR give --vty-socket DIR; with -N NAME alone, --pathspace NAME\)" \
	"$BRKIT" -n "$H1" evpn apply "$F"

# FRR refusing the configuration: a stand-in vtysh (BRKIT_VTYSH) that answers
# show running-config and refuses the rest, as vtysh does ("% ..." and exit 1)
cat >"$T_TMP/vtysh-refuses" <<'EOF'
#!/bin/sh
for a; do last=$a; done
[ "$last" = "show running-config" ] && { echo "hostname h1"; exit 0; }
echo "% Unknown command: neighbor"
exit 1
EOF
chmod 755 "$T_TMP/vtysh-refuses"
t_bad "$H1" "FRR refuses the configuration: the kernel unchanged" 1 \
	"FRR refused the configuration \(vtysh exit 1\): % Unknown command: neighbor \(the kernel unchanged\)" \
	env BRKIT_VTYSH="$T_TMP/vtysh-refuses" "$BRKIT" -n "$H1" evpn apply "$F"

# an FRR that takes the configuration but never lists the VNI: the check fails
# naming it (the devices stay: they are right; deleted here by hand)
cat >"$T_TMP/vtysh-novni" <<'EOF'
#!/bin/sh
for a; do last=$a; done
case $last in
"show running-config") echo "hostname h1" ;;
"show evpn vni json") echo "{}" ;;
esac
exit 0
EOF
chmod 755 "$T_TMP/vtysh-novni"
hostfile 1 65001 192.0.2.2 65002 | sed 's/vni: 100/vni: 900/; s/vlan: 10/vlan: 90/' >"$T_TMP/h900.yml"
t_run "FRR never lists the VNI: apply fails" 1 \
	env BRKIT_VTYSH="$T_TMP/vtysh-novni" "$BRKIT" -n "$H1" evpn apply "$T_TMP/h900.yml" --wait 1
t_errmatch "  naming the VNI and its devices" \
	"FRR does not list VNI 900 \(vxlan vx900, bridge br900\) after 1 s"
ip -n "$H1" link del vx900
ip -n "$H1" link del br900

if [ -z "$HAVE_FRR" ]; then
	t_end
	exit $?
fi

# ---- FRR in each host namespace, with its own pathspace ----
for n in 1 2; do
	ns=$(eval echo "\$H$n")
	d=$FRRDIR/h$n
	printf 'hostname h%s\n!\n' "$n" >"$d/frr.conf"
	chmod 644 "$d/frr.conf"
	for daemon in zebra bgpd staticd; do
		ip netns exec "$ns" "$FRRBIN/$daemon" -d -N "$ns" -i "$d/$daemon.pid" \
			-z "$d/zserv.api" --vty_socket "$d" -f "$d/frr.conf" >"$T_TMP/$daemon$n.log" 2>&1 ||
			t_fail "starting $daemon in $ns: $(cat "$T_TMP/$daemon$n.log")"
	done
done
# wait (generously) until vtysh reaches all three daemons of each
for n in 1 2; do
	i=0
	while [ $i -lt 300 ]; do
		vtysh --vty_socket "$FRRDIR/h$n" -c 'show daemons' 2>/dev/null | grep -q bgpd &&
			vtysh --vty_socket "$FRRDIR/h$n" -c 'show daemons' 2>/dev/null | grep -q staticd && break
		sleep 0.2
		i=$((i + 1))
	done
	t_eq "FRR of host $n answers vtysh" "$(vtysh --vty_socket "$FRRDIR/h$n" -c 'show daemons' 2>&1 |
		tr -s ' ' | sed 's/^ //')" "zebra bgpd staticd"
done

hostfile 1 65001 192.0.2.2 65002 "  - vni: 200" "    vlan: 20" "    bridge: brsec" >"$T_TMP/h1.yml"
hostfile 2 65002 192.0.2.1 65001 "  - vni: 200" "    vlan: 20" "    bridge: brsec" >"$T_TMP/h2.yml"

# ---- dry run: the plan, nothing done ----
before=$(t_kstate "$H1")
t_run "apply --dry-run host 1" 0 "$BRKIT" -n "$H1" evpn apply "$T_TMP/h1.yml" --dry-run
echo "$T_OUT" | grep -q "VNI 100: would create bridge br100" && t_ok "dry run lists the bridge to create" ||
	t_fail "dry run output: $T_OUT"
echo "$T_OUT" | grep -q "advertise-all-vni" && t_ok "dry run lists the FRR commands" ||
	t_fail "dry run FRR part: $T_OUT"
t_eq "dry run: the kernel unchanged" "$(t_kstate "$H1")" "$before"
t_eq "dry run: FRR unchanged (no router bgp)" \
	"$(vtysh --vty_socket "$FRRDIR/h1" -c 'show running-config' | grep -c 'router bgp')" 0

# ---- apply on both hosts ----
for n in 1 2; do
	ns=$(eval echo "\$H$n")
	t_run "apply host $n" 0 "$BRKIT" -n "$ns" -j evpn apply "$T_TMP/h$n.yml"
	t_eq "apply host $n: JSON says changed, checked" \
		"$(echo "$T_OUT" | jq -c '[.changed, .checked, .frr.changed, (.kernel | length)]')" \
		"[true,true,true,6]"
done
# kernel objects, read back with iproute2
for n in 1 2; do
	ns=$(eval echo "\$H$n")
	t_eq "host $n: vx100 is vxlan id 100 local 203.0.113.$n dstport 4789 nolearning" \
		"$(ipj "$ns" vx100 '.linkinfo.info_kind, .linkinfo.info_data.id, .linkinfo.info_data.local, .linkinfo.info_data.port, .linkinfo.info_data.learning')" \
		"vxlan 100 203.0.113.$n 4789 false "
	t_eq "host $n: vx100 is a port of br100 (a bridge), both up" \
		"$(ipj "$ns" vx100 '.master, (.flags | index("UP") != null)')$(ipj "$ns" br100 '.linkinfo.info_kind, (.flags | index("UP") != null)')" \
		"br100 true bridge true "
	t_eq "host $n: vx200 in brsec (the name the file gives)" \
		"$(ipj "$ns" vx200 '.linkinfo.info_data.id, .master')" "200 brsec "
	t_eq "host $n: vx100 and vx200 ports: learning off, neigh_suppress on" \
		"$(bridge -n "$ns" -j -d link show | jq -c '[.[] | select(.ifname == "vx100" or .ifname == "vx200") | [.ifname, .learning, .neigh_suppress]] | sort')" \
		'[["vx100",false,true],["vx200",false,true]]'
	t_eq "host $n: FRR's running config has the EVPN part" \
		"$(vtysh --vty_socket "$FRRDIR/h$n" -c 'show running-config' | grep -cE '^ *(advertise-all-vni|neighbor 192\.0\.2\.[12] activate|network 203\.0\.113\.'$n'/32)$')" 3
done

# ---- a second apply changes nothing ----
idx_before=$(ip -n "$H1" -j link show | jq -c '[.[] | select(.ifname | test("^(vx|br)")) | [.ifname, .ifindex]] | sort')
before=$(t_kstate "$H1")
t_run "second apply host 1" 0 "$BRKIT" -n "$H1" evpn apply "$T_TMP/h1.yml"
echo "$T_OUT" | grep -q "nothing changed" && t_ok "second apply reports nothing changed" ||
	t_fail "second apply output: $T_OUT"
t_run "second apply host 1 (JSON)" 0 "$BRKIT" -n "$H1" -j evpn apply "$T_TMP/h1.yml"
t_eq "second apply: changed false, no kernel action, FRR unchanged" \
	"$(echo "$T_OUT" | jq -c '[.changed, (.kernel | length), .frr.changed]')" "[false,0,false]"
t_eq "second apply: ifindexes unchanged" \
	"$(ip -n "$H1" -j link show | jq -c '[.[] | select(.ifname | test("^(vx|br)")) | [.ifname, .ifindex]] | sort')" \
	"$idx_before"
t_eq "second apply: kernel state unchanged" "$(t_kstate "$H1")" "$before"

# ---- the VMs ping across ----
now_ms() { echo $(($(date +%s%N) / 1000000)); }
t0=$(now_ms)
# part 3: vm-port up VM vlan N puts the VM on the VNI that VLAN N names
# (the map brkit evpn apply wrote: VLAN 10 -> VNI 100 -> br100)
t_bad "$H1" "vm-port: a VLAN no VNI carries" 1 "vlan 30: no VNI of this EVPN host carries it" \
	env BRKIT_VMPORT_TEST_VETH=1 "$BRKIT" -n "$H1" vm-port up vm1 vlan 30
t_bad "$H1" "vm-port: bridge evpn without a VLAN" 2 "bridge evpn needs vlan N" \
	env BRKIT_VMPORT_TEST_VETH=1 "$BRKIT" -n "$H1" vm-port up vm1 bridge evpn
t_run "vm-port up vm1 vlan 10 on host 1" 0 env BRKIT_VMPORT_TEST_VETH=1 "$BRKIT" -n "$H1" vm-port up vm1 vlan 10
echo "$T_OUT" | grep -q "vm1: up on br100 (VLAN 10 = VNI 100, bridge br100" &&
	t_ok "vm-port names the VNI and the bridge" || t_fail "vm-port output: $T_OUT"
t_run "vm-port up vm2 bridge evpn vlan 10 on host 2" 0 env BRKIT_VMPORT_TEST_VETH=1 "$BRKIT" -n "$H2" vm-port up vm2 bridge evpn vlan 10
for n in 1 2; do
	ns=$(eval echo "\$H$n")
	t_eq "host $n: vm$n is an up port of br100 (iproute2)" \
		"$(ipj "$ns" vm$n '.master, (.flags | index("UP") != null)')" "br100 true "
done
# the qemu-ifup hook, run inside the host's namespace: the same resolution
ip -n "$H1" tuntap add vmq1 mode tap
t_run "qemu-ifup vmq1 with BRKIT_BRIDGE=evpn BRKIT_VLAN=10" 0 \
	ip netns exec "$H1" env BRKIT_BRIDGE=evpn BRKIT_VLAN=10 "$BUILD/qemu-ifup" vmq1
t_eq "qemu-ifup: vmq1 is a port of br100 (iproute2)" "$(ipj "$H1" vmq1 '.master')" "br100 "
t_run "qemu-ifdown vmq1" 0 ip netns exec "$H1" "$BUILD/qemu-ifdown" vmq1
t_eq "qemu-ifdown: vmq1 released" "$(ipj "$H1" vmq1 '.master')" "null "
ip -n "$H1" link del vmq1
# `bridge br100 vlan 10` (libvirt's source bridge with brkit:port vlan): the
# VNI's own bridge and its VLAN, untagged; another VLAN on it is refused
ip -n "$H1" tuntap add vmb1 mode tap
t_bad "$H1" "vm-port: a VNI's bridge with another VLAN" 1 \
	"vlan 20: br100 is the bridge of VNI 100, which is VLAN 10 on this EVPN host" \
	"$BRKIT" -n "$H1" vm-port up vmb1 bridge br100 vlan 20
t_run "vm-port up vmb1 bridge br100 vlan 10" 0 "$BRKIT" -n "$H1" vm-port up vmb1 bridge br100 vlan 10
t_eq "vmb1 is a port of br100 (iproute2)" "$(ipj "$H1" vmb1 '.master')" "br100 "
t_run "vm-port down vmb1" 0 "$BRKIT" -n "$H1" vm-port down vmb1
ip -n "$H1" link del vmb1
t_eq "vm-port show: vm1 managed on br100" \
	"$("$BRKIT" -n "$H1" -j vm-port show vm1 | jq -r '.[0].bridge // .bridge')" "br100"
# the BGP session (polled, generous deadline: 150 s, above bgpd's 120 s connect retry)
i=0
while [ $i -lt 750 ]; do
	vtysh --vty_socket "$FRRDIR/h1" -c 'show bgp l2vpn evpn summary json' 2>/dev/null |
		jq -e '.peers["192.0.2.2"].state == "Established"' >/dev/null 2>&1 && break
	sleep 0.2
	i=$((i + 1))
done
t_eq "the BGP session of host 1 with 192.0.2.2 is Established" \
	"$(vtysh --vty_socket "$FRRDIR/h1" -c 'show bgp l2vpn evpn summary json' | jq -r '.peers["192.0.2.2"].state')" \
	"Established"
t1=$(now_ms)
ok=""
i=0
while [ $(($(now_ms) - t1)) -lt 60000 ]; do
	if ip netns exec "$V1" ping -c1 -W1 198.51.100.2 >/dev/null 2>&1; then
		ok=1
		break
	fi
	i=$((i + 1))
	sleep 0.2
done
t2=$(now_ms)
[ -z "$ok" ] && [ -n "${EVPNCMD_PAUSE:-}" ] && echo "PAUSED $FRRDIR" && sleep 900
[ -n "$ok" ] && t_ok "VM 1 pings VM 2 across the EVPN fabric" ||
	t_fail "VM 1 cannot ping VM 2 within 60 s"
echo "info - measured: BGP Established $((t1 - t0)) ms after the VMs were plugged in," \
	"first ping answered $((t2 - t1)) ms later ($i failed tries)"

# ---- evpn show: FRR's view beside the kernel FDB ----
# poll until FRR has the remote MAC (it came with the ping)
i=0
while [ $i -lt 100 ]; do
	out=$("$BRKIT" -n "$H1" -j evpn show "$T_TMP/h1.yml" 2>/dev/null)
	echo "$out" | jq -e --arg m $MAC2 '.vnis[] | select(.vni == 100) | .remote_macs[] | select(.mac == $m and .in_kernel)' \
		>/dev/null 2>&1 && break
	sleep 0.3
	i=$((i + 1))
done
t_run "evpn show -j host 1" 0 "$BRKIT" -n "$H1" -j evpn show "$T_TMP/h1.yml"
t_eq "show: VNI 100 known to FRR, remote VTEP 203.0.113.2" \
	"$(echo "$T_OUT" | jq -c '.vnis[] | select(.vni == 100) | [.frr, .vlan, .bridge, .remote_vteps]')" \
	'[true,10,"br100",["203.0.113.2"]]'
t_eq "show: VM 2's MAC learnt remotely via 203.0.113.2, in the kernel FDB" \
	"$(echo "$T_OUT" | jq -c --arg m $MAC2 '.vnis[] | select(.vni == 100) | .remote_macs[] | select(.mac == $m) | [.vtep, .in_kernel]')" \
	'["203.0.113.2",true]'
t_eq "show: the BGP session with 192.0.2.2 is Established" \
	"$(echo "$T_OUT" | jq -r '.bgp.peers[] | select(.peer == "192.0.2.2") | .state')" "Established"
# the kernel's FDB, read with iproute2: the same MAC extern_learn, the flood entry
t_eq "bridge fdb (iproute2): VM 2's MAC on vx100 extern_learn dst 203.0.113.2" \
	"$(bridge -n "$H1" -j fdb show dev vx100 | jq -r --arg m $MAC2 '[.[] | select(.mac == $m and .dst != null and (.flags | index("extern_learn"))) | .dst] | unique | join(",")')" \
	"203.0.113.2"
# (FRR may add an entry between the two reads, e.g. the MAC of a host's own
# port once it sends: read both again until they agree, a few times)
i=0
while :; do
	mine=$("$BRKIT" -n "$H1" -j evpn show "$T_TMP/h1.yml" | jq -c '[.vnis[] | select(.vni == 100) | .fdb[] | select(.extern_learn) | [.mac, .dst]] | sort')
	theirs=$(bridge -n "$H1" -j fdb show dev vx100 | jq -c '[.[] | select(.dst != null and (.flags | index("extern_learn")) and (.flags | index("self"))) | [.mac, .dst]] | sort')
	[ "$mine" = "$theirs" ] || [ $i -ge 20 ] && break
	sleep 0.5
	i=$((i + 1))
done
t_eq "show's fdb agrees with iproute2's (extern_learn entries of vx100)" "$mine" "$theirs"
t_eq "  ... and holds VM 2's MAC" "$(echo "$mine" | jq -r --arg m $MAC2 '[.[] | select(.[0] == $m)] | length')" 1
t_eq "show: the flood entry to 203.0.113.2" \
	"$(echo "$T_OUT" | jq -c '[.vnis[] | select(.vni == 100) | .fdb[] | select(.flood) | .dst]')" \
	'["203.0.113.2"]'
t_run "evpn show (text) host 1" 0 "$BRKIT" -n "$H1" evpn show "$T_TMP/h1.yml" vni 100
echo "$T_OUT" | grep -q "remote MAC $MAC2 via 203.0.113.2, in the kernel FDB" && t_ok "show text names the remote MAC" ||
	t_fail "show text: $T_OUT"
t_run "evpn show by --vty-socket, no file" 0 "$BRKIT" -n "$H1" -j evpn show --vty-socket "$FRRDIR/h1"
t_eq "show without a file lists FRR's VNIs" "$(echo "$T_OUT" | jq -c '[.vnis[].vni] | sort')" "[100,200]"

# ---- bad input with FRR running ----
t_bad "$H1" "show: an unknown VNI" 2 "unknown VNI 300: .*h1.yml does not list it" \
	"$BRKIT" -n "$H1" evpn show "$T_TMP/h1.yml" vni 300
t_bad "$H1" "show: a VNI FRR does not list" 2 "unknown VNI 301: FRR does not list it" \
	"$BRKIT" -n "$H1" evpn show --vty-socket "$FRRDIR/h1" vni 301
hostfile 1 65009 192.0.2.2 65002 >"$F"
t_bad "$H1" "another BGP AS already in FRR" 1 "another BGP instance \(router bgp 65001\), not AS 65009" \
	"$BRKIT" -n "$H1" evpn apply "$F"
ip -n "$H1" link add br300 type veth peer name br300p
hostfile 1 65001 192.0.2.2 65002 "  - vni: 300" "    vlan: 30" >"$F"
t_bad "$H1" "a name held by a device of another kind" 1 "VNI 300: br300 exists and is not a bridge \(kind veth\)" \
	"$BRKIT" -n "$H1" evpn apply "$F"
ip -n "$H1" link del br300

# ---- a VNI removed from the file: its devices go ----
hostfile 1 65001 192.0.2.2 65002 >"$T_TMP/h1b.yml"
t_run "apply without VNI 200" 0 "$BRKIT" -n "$H1" evpn apply "$T_TMP/h1b.yml"
echo "$T_OUT" | grep -q "VNI 200: delete vxlan vx200: VNI 200 is not in the file" &&
	echo "$T_OUT" | grep -q "VNI 200: delete bridge brsec" && t_ok "the report names both deletions" ||
	t_fail "removal report: $T_OUT"
t_eq "vx200 and brsec are gone, vx100 and br100 stay (iproute2)" \
	"$(ip -n "$H1" -j link show | jq -c '[.[] | select(.ifname | test("^(vx|br)")) | .ifname] | sort')" \
	'["br100","vx100"]'
t_eq "removal kept the remaining ifindexes" \
	"$(ip -n "$H1" -j link show | jq -c '[.[] | select(.ifname | test("^(vx|br)")) | [.ifname, .ifindex]] | sort')" \
	"$(echo "$idx_before" | jq -c '[.[] | select(.[0] == "br100" or .[0] == "vx100")]')"
# a device changed behind brkit's back is put right (and only it)
ip -n "$H1" link set vx100 type bridge_slave learning on
t_run "apply after learning was turned on" 0 "$BRKIT" -n "$H1" -j evpn apply "$T_TMP/h1b.yml"
t_eq "only the port flags were set again" "$(echo "$T_OUT" | jq -c '[.kernel[].action]')" '["set port flags"]'
t_eq "vx100: learning off again (iproute2)" \
	"$(bridge -n "$H1" -j -d link show dev vx100 | jq -c '.[0] | [.learning, .neigh_suppress]')" "[false,true]"
# a VXLAN device moved to another bridge goes back to its own (same device);
# the other bridge stays
ip -n "$H1" link add brx type bridge
vx100_idx=$(ip -n "$H1" -j link show dev vx100 | jq -r '.[0].ifindex')
ip -n "$H1" link set vx100 nomaster
ip -n "$H1" link set vx100 master brx
t_run "apply after vx100 moved to brx" 0 "$BRKIT" -n "$H1" -j evpn apply "$T_TMP/h1b.yml"
t_eq "vx100 enslaved to br100 again (released from brx), flags set" \
	"$(echo "$T_OUT" | jq -c '[.kernel[] | [.action, .dev, .why]]')" \
	'[["enslave vxlan","vx100","was a port of brx"],["set port flags","vx100",null]]'
t_eq "vx100 kept its ifindex" "$(ipj "$H1" vx100 '.ifindex')" "$vx100_idx "
t_eq "vx100 is a port of br100 again, learning off, neigh_suppress on (iproute2)" \
	"$(ipj "$H1" vx100 '.master')$(bridge -n "$H1" -j -d link show dev vx100 | jq -c '.[0] | [.learning, .neigh_suppress]')" \
	"br100 [false,true]"

t_end

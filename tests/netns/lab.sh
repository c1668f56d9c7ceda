#!/bin/sh
# brkit lab on the host kernel: line, star, ring and full-mesh labs, two labs
# from one file side by side, cutting and restoring links, STP in the graph.
# Every effect is read back through iproute2 (ip/bridge/tc -j) or sysfs, and
# hosts ping each other across the bridges. Each lab gets a name unique to
# this run (brkit lab up FILE name NAME) and is taken down on every exit path.
. "$(dirname "$0")/../lib.sh"
LABS=""
LABDIR=$T_TOP/tests/lab
P="t$$"
lab_cleanup() {
	for l in $LABS; do $BRKIT lab down "$l" >/dev/null 2>&1; done
	t_cleanup
}
trap lab_cleanup EXIT

# lab_up FILE NAME: bring a lab up, remember it for cleanup.
lab_up() {
	LABS="$LABS $2"
	t_run "up $2 from $(basename "$1")" 0 $BRKIT lab up "$1" name "$2"
}
lab_down() {
	t_run "down $1" 0 $BRKIT lab down "$1"
	LABS=$(echo "$LABS" | tr ' ' '\n' | grep -vx "$1" | tr '\n' ' ')
	t_eq "down $1: no namespace left" "$(ip netns list | grep -c "^$1-")" 0
	t_eq "down $1: no state file left" "$(ls /run/brkit/lab | grep -cx "$1")" 0
	t_eq "down $1: no mount left" "$(grep -c "/run/netns/$1-" /proc/self/mountinfo)" 0
}
# pings NS ADDR: one echo answered within a second.
pings() { ip netns exec "$1" ping -c1 -W1 "$2" >/dev/null 2>&1; }
# waitping DESC NS ADDR TRIES: poll (bounded) until NS pings ADDR.
waitping() {
	_i=0
	while [ $_i -lt "$4" ]; do
		if pings "$2" "$3"; then
			t_ok "$1"
			return
		fi
		_i=$((_i + 1))
		sleep 1
	done
	t_fail "$1: no answer after $4 tries"
}
# noping DESC NS ADDR: three echoes, none answered.
noping() {
	if ip netns exec "$2" ping -c3 -i0.3 -W1 "$3" >/dev/null 2>&1; then
		t_fail "$1: answered"
	else
		t_ok "$1"
	fi
}
ipj() { ip -n "$1" -j -d link show dev "$2" | jq -r ".[0]$3"; }
blocking() { # LAB NODES...: ports in STP blocking state over the lab's bridges
	_l=$1
	shift
	_n=0
	for s in "$@"; do
		_b=$(bridge -n "$_l-$s" -j link show | jq '[.[] | select(.state == "blocking")] | length')
		_n=$((_n + _b))
	done
	echo $_n
}

# ---- line: h1 - sw1 - sw2 - h2 ----
L=$P-line
lab_up "$LABDIR/line.yml" "$L"
t_eq "line: four namespaces" "$(ip netns list | grep -c "^$L-")" 4
t_eq "line: sw1 has a bridge br0" "$(ipj "$L-sw1" br0 .linkinfo.info_kind)" bridge
t_eq "line: sw1 STP off" "$(ipj "$L-sw1" br0 .linkinfo.info_data.stp_state)" 0
t_eq "line: br0 up" "$(ipj "$L-sw1" br0 '.flags | index("UP") != null')" true
t_eq "line: sw1:p2 is a veth" "$(ipj "$L-sw1" p2 .linkinfo.info_kind)" veth
t_eq "line: sw1:p2 in br0" "$(ipj "$L-sw1" p2 .master)" br0
t_eq "line: sw2:p1 (the peer end) in br0" "$(ipj "$L-sw2" p1 .master)" br0
t_eq "line: sw2:p1 up" "$(ipj "$L-sw2" p1 .operstate)" UP
t_eq "line: sw1:p2's peer is in another namespace" \
	"$(ipj "$L-sw1" p2 '.link_netnsid != null')" true
# the two ends of a veth never share an ifindex (the kernel's linkwatch
# delays carrier changes of a device whose ifindex equals its link's)
t_eq "line: sw1:p2's ifindex is not its peer's (sw2:p1)" \
	"$([ "$(ipj "$L-sw1" p2 .ifindex)" != "$(ipj "$L-sw1" p2 .link_index)" ] &&
		[ "$(ipj "$L-sw1" p2 .link_index)" = "$(ipj "$L-sw2" p1 .ifindex)" ] && echo distinct)" distinct
t_eq "line: lo up in h1" "$(ipj "$L-h1" lo '.flags | index("UP") != null')" true
t_eq "line: h1 eth0 address" \
	"$(ip -n "$L-h1" -j addr show dev eth0 | jq -r '.[0].addr_info[] | select(.family == "inet") | "\(.local)/\(.prefixlen)"')" \
	192.0.2.1/24
t_eq "line: no veth of the lab in the root namespace" \
	"$(ip -j link show type veth | jq '[.[] | select(.ifname == "p1" or .ifname == "p2" or .ifname == "eth0")] | length')" 0
waitping "line: h1 pings h2 across two bridges" "$L-h1" 192.0.2.2 10
t_run "line: lab exec runs in the node" 0 $BRKIT lab exec "$L" h2 ip -j addr show dev eth0
t_eq "line: lab exec saw h2's address" \
	"$(printf "%s\n" "$T_OUT" | jq -r '.[0].addr_info[] | select(.family == "inet") | .local')" 192.0.2.2
t_run "line: lab exec sees the node's /sys" 0 $BRKIT lab exec "$L" sw1 cat /sys/class/net/br0/bridge/stp_state
t_eq "line: /sys of sw1" "$T_OUT" 0
t_run "line: lab exec passes the command's exit status" 3 $BRKIT lab exec "$L" h1 sh -c 'exit 3'
t_run "line: lab exec of an unknown node" 2 $BRKIT lab exec "$L" h9 true
t_errmatch "line: names the node" "has no node 'h9'"
# cut and restore
t_run "line: cut sw1:p2" 0 $BRKIT lab link "$L" sw1:p2 down
t_eq "line: sw1:p2 down (iproute2)" "$(ipj "$L-sw1" p2 '.flags | index("UP") != null')" false
t_eq "line: the far end lost carrier" "$(ipj "$L-sw2" p1 '.flags | index("NO-CARRIER") != null')" true
noping "line: the cut stops the ping" "$L-h1" 192.0.2.2
t_run "line: restore sw1:p2" 0 $BRKIT lab link "$L" sw1:p2 up
waitping "line: restoring brings the ping back" "$L-h1" 192.0.2.2 10
t_run "line: link of an unknown interface" 2 $BRKIT lab link "$L" sw1:p9 down
t_errmatch "line: names it" "sw1.*no interface 'p9'"
# show, list, graph
t_run "line: show -j" 0 $BRKIT -j lab show "$L"
t_eq "line: show complete" "$(printf "%s\n" "$T_OUT" | jq -r .complete)" true
t_eq "line: show nodes" "$(printf "%s\n" "$T_OUT" | jq -r '[.nodes[].netns] | join(" ")')" \
	"$L-sw1 $L-sw2 $L-h1 $L-h2"
t_eq "line: show link states" \
	"$(printf "%s\n" "$T_OUT" | jq -r '[.links[].endpoints[].state] | unique | join(" ")')" up
t_run "line: list" 0 $BRKIT lab list
t_eq "line: list names it" "$(printf "%s\n" "$T_OUT" | grep -cx "$L")" 1
t_run "line: graph" 0 $BRKIT lab graph "$L"
t_eq "line: graph edges" "$(printf "%s\n" "$T_OUT" | grep -c -- ' -- ')" 3

# ---- two labs from one file, side by side ----
L2=$P-line2
lab_up "$LABDIR/line.yml" "$L2"
t_eq "two labs: the same interface names in each" "$(ipj "$L2-h1" eth0 .ifname)" eth0
waitping "two labs: the second pings" "$L2-h1" 192.0.2.2 10
waitping "two labs: the first still pings" "$L-h1" 192.0.2.2 10
t_run "two labs: cut in the second" 0 $BRKIT lab link "$L2" sw2:p2 down
noping "two labs: the second stops" "$L2-h1" 192.0.2.2
waitping "two labs: the first is unaffected" "$L-h1" 192.0.2.2 5
lab_down "$L2"
waitping "two labs: the first survives the second's down" "$L-h1" 192.0.2.2 5
lab_down "$L"

# ---- star: one bridge, four hosts, port options, MTU, a rate, a route ----
S=$P-star
lab_up "$LABDIR/star.yml" "$S"
waitping "star: h1 pings h2" "$S-h1" 192.0.2.2 10
waitping "star: h2 pings h3" "$S-h2" 192.0.2.3 10
waitping "star: h4 pings h3 over IPv6" "$S-h4" 2001:db8::3 10
t_eq "star: h4 default route" \
	"$(ip -n "$S-h4" -j route show default | jq -r '.[0].gateway')" 192.0.2.1
t_eq "star: port cost" "$(ipj "$S-sw" p4 .linkinfo.info_slave_data.cost)" 10
t_eq "star: port priority" "$(ipj "$S-sw" p4 .linkinfo.info_slave_data.priority)" 5
t_eq "star: port learning off" "$(ipj "$S-sw" p4 .linkinfo.info_slave_data.learning)" false
t_eq "star: bridge ageing_time" "$(ipj "$S-sw" br0 .linkinfo.info_data.ageing_time)" 3000
t_eq "star: mtu on the bridge end" "$(ipj "$S-sw" p3 .mtu)" 9000
t_eq "star: mtu on the host end" "$(ipj "$S-h3" eth0 .mtu)" 9000
t_eq "star: rate on the bridge end (tc)" \
	"$(tc -n "$S-sw" -j qdisc show dev p4 | jq -r '.[] | select(.kind == "tbf") | .options.rate')" 12500000
t_eq "star: rate on the host end (tc)" \
	"$(tc -n "$S-h4" -j qdisc show dev eth0 | jq -r '.[] | select(.kind == "tbf") | .options.rate')" 12500000
t_eq "star: no qdisc on a link without impairments" \
	"$(tc -n "$S-sw" -j qdisc show dev p1 | jq '[.[] | select(.kind == "tbf" or .kind == "netem")] | length')" 0
# the file changes (here: is emptied) while the lab is up; down needs only its log
cp "$LABDIR/star.yml" "$T_TMP/star.yml"
S2=$P-star2
lab_up "$T_TMP/star.yml" "$S2"
: >"$T_TMP/star.yml"
lab_down "$S2"
lab_down "$S"

# ---- ring: four bridges under kernel STP ----
R=$P-ring
lab_up "$LABDIR/ring4.yml" "$R"
t_eq "ring: kernel STP on" "$(ipj "$R-sw2" br0 .linkinfo.info_data.stp_state)" 1
t_eq "ring: short timers" "$(ipj "$R-sw2" br0 .linkinfo.info_data.forward_delay)" 200
waitping "ring: h1 pings h3 once STP converged" "$R-h1" 192.0.2.3 30
waitping "ring: over IPv6 too" "$R-h1" 2001:db8::3 10
t_eq "ring: exactly one port blocks" "$(blocking "$R" sw1 sw2 sw3 sw4)" 1
root=$(ip netns exec "$R-sw1" cat /sys/class/net/br0/bridge/bridge_id)
for s in sw2 sw3 sw4; do
	t_eq "ring: $s elected sw1 root (sysfs)" \
		"$(ip netns exec "$R-$s" cat /sys/class/net/br0/bridge/root_id)" "$root"
done
t_run "ring: graph" 0 $BRKIT lab graph "$R"
t_eq "ring: graph shows one alternate port" "$(printf "%s\n" "$T_OUT" | grep -c 'blocking alternate')" 1
t_eq "ring: graph names the root" "$(printf "%s\n" "$T_OUT" | grep -c 'label="sw1.nstp root"')" 1
if command -v dot >/dev/null 2>&1; then
	printf "%s\n" "$T_OUT" | dot -Tsvg >"$T_TMP/ring.svg" 2>"$T_TMP/dot.err"
	t_eq "ring: dot reads the graph" "$?" 0
fi
# failover: cut sw3's root port; the blocked side takes over
rp=$(ip netns exec "$R-sw3" cat /sys/class/net/br0/bridge/root_port)
for p in p1 p2; do
	[ "$(ip netns exec "$R-sw3" cat /sys/class/net/$p/brport/port_no)" = "$(printf '0x%x' "$rp")" ] && cut=$p
done
t_run "ring: cut sw3's root port ${cut:-?}" 0 $BRKIT lab link "$R" "sw3:${cut:-p1}" down
waitping "ring: STP reroutes around the cut" "$R-h1" 192.0.2.3 40
t_eq "ring: no port blocks with the ring cut" "$(blocking "$R" sw1 sw2 sw3 sw4)" 0
t_run "ring: restore" 0 $BRKIT lab link "$R" "sw3:${cut:-p1}" up
waitping "ring: still pings with the ring closed again" "$R-h1" 192.0.2.3 30
lab_down "$R"

# ---- full mesh: four bridges, six links, STP keeps a tree ----
M=$P-mesh
lab_up "$LABDIR/mesh.yml" "$M"
for h in 2 3 4; do waitping "mesh: h1 pings h$h" "$M-h1" 198.51.100.$h 30; done
t_eq "mesh: three ports block (six links, a tree keeps three)" "$(blocking "$M" s1 s2 s3 s4)" 3
lab_down "$M"

t_end

#!/bin/sh
# brkit net: NAT, routed and isolated networks in a host namespace, with an
# "internet" namespace beyond the host's uplink and VM namespaces plugged
# into the network's bridge. VMs get their address from dnsmasq by DHCP
# (busybox's udhcpc, a real DHCP client), resolve each other's names, and
# reach the internet namespace with their source rewritten (nat, seen by a
# capture there) or kept (routed); the internet cannot open a connection in
# (nat) and nothing leaves (isolated). Kernel state is read back with
# iproute2's and nft's JSON; `net del` leaves no table, process, file or
# forwarding change behind, also after a failed or killed `add`. Every bad
# input is refused with nothing made.
. "$(dirname "$0")/../lib.sh"

UDHCPC_SCRIPT=$T_TMP/udhcpc.sh
BUSYBOX=$(command -v busybox)
if ! [ -x /usr/sbin/dnsmasq ] || [ -z "$BUSYBOX" ] || ! command -v nft >/dev/null ||
	! command -v tcpdump >/dev/null; then
	t_fail "dnsmasq, busybox, nft or tcpdump is not installed (sh scripts/deps.sh test): not run"
	t_end
	exit 1
fi

cp "$T_TOP/tests/net/udhcpc.sh" "$UDHCPC_SCRIPT" && chmod 755 "$UDHCPC_SCRIPT"
t_netns_new H host
t_netns_new I inet
t_netns_new V1 vm1
t_netns_new V2 vm2
HINO=$(stat -L -c %i "/run/netns/$H")
ROOT=/run/brkit/net/net-$HINO
net_cleanup() {
	# stop what a failing case may have left (our own pid files only)
	for f in "$ROOT"/*/dnsmasq.pid; do
		[ -f "$f" ] || continue
		pid=$(head -n1 "$f")
		case $pid in '' | *[!0-9]*) continue ;; esac
		grep -q "$ROOT" "/proc/$pid/cmdline" 2>/dev/null && kill "$pid"
	done
	for pid in $BG_PIDS; do kill "$pid" 2>/dev/null; done
	rm -rf "$ROOT"
	t_cleanup
}
trap net_cleanup EXIT
BG_PIDS=""

B() { "$BRKIT" -n "$H" "$@"; }

# the uplink: host 203.0.113.1 <-> internet 203.0.113.2
ip link add up0 netns "$H" type veth peer name up0 netns "$I"
ip -n "$H" addr add 203.0.113.1/24 dev up0
ip -n "$I" addr add 203.0.113.2/24 dev up0
ip -n "$H" link set up0 up
ip -n "$I" link set up0 up
ip netns exec "$H" sysctl -qw net.ipv4.ip_forward=0

fwd() { ip netns exec "$H" cat /proc/sys/net/ipv4/ip_forward; }
tables() { ip netns exec "$H" nft -j list tables | jq -r '[.nftables[] | select(.table) | .table.name] | join(" ")'; }
has_table() { tables | tr ' ' '\n' | grep -qx "brkit-$1"; }
pidof_net() { head -n1 "$ROOT/$1/dnsmasq.pid" 2>/dev/null; }
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# nothing of network NAME (bridge BR) is left: no bridge, table, files, dnsmasq
no_trace() {
	_n=$1 _br=$2 _pid=$3 _what=$4
	if ip -n "$H" link show "$_br" >/dev/null 2>&1; then
		t_fail "$_what: bridge $_br is still there"
	else
		t_ok "$_what: no bridge $_br"
	fi
	if has_table "$_n"; then t_fail "$_what: table inet brkit-$_n is still there"; else t_ok "$_what: no nftables table"; fi
	if [ -e "$ROOT/$_n" ]; then t_fail "$_what: $ROOT/$_n is still there"; else t_ok "$_what: no state files"; fi
	if alive "$_pid"; then t_fail "$_what: dnsmasq $_pid still runs"; else t_ok "$_what: no dnsmasq"; fi
}

# plug VM namespace NS into bridge BR through a veth (host side PORT)
plug() {
	ip -n "$H" link del "$3" 2>/dev/null
	ip link add "$3" netns "$H" type veth peer name eth0 netns "$1" 2>/dev/null ||
		{ ip -n "$1" link del eth0 2>/dev/null; ip link add "$3" netns "$H" type veth peer name eth0 netns "$1"; }
	ip -n "$H" link set "$3" master "$2" up
	ip -n "$1" link set eth0 up
}
unplug() { ip -n "$H" link del "$1" 2>/dev/null; }

# dhcp NS HOSTNAME: a lease by busybox udhcpc; its results in $T_TMP/lease.NS
dhcp() {
	UDHCPC_OUT=$T_TMP/lease.$1 ip netns exec "$1" env UDHCPC_OUT="$T_TMP/lease.$1" \
		"$BUSYBOX" udhcpc -i eth0 -n -q -f -t 20 -T 1 -s "$UDHCPC_SCRIPT" -x "hostname:$2" \
		>"$T_TMP/udhcpc.$1" 2>&1
}
lease_ip() { sed -n 's/^ip=//p' "$T_TMP/lease.$1" 2>/dev/null; }
lease_router() { sed -n 's/^router=//p' "$T_TMP/lease.$1" 2>/dev/null; }

# capture NS DEV: start tcpdump for ICMP echo requests, wait until it listens
capture() {
	ip netns exec "$1" tcpdump -l -n -i "$2" 'icmp[icmptype] == icmp-echo' >"$T_TMP/cap" 2>"$T_TMP/cap.err" &
	CAP_PID=$!
	BG_PIDS="$BG_PIDS $CAP_PID"
	_i=0
	until grep -q "listening on" "$T_TMP/cap.err" 2>/dev/null || [ $_i -gt 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
}
capture_stop() {
	kill "$CAP_PID" 2>/dev/null
	wait "$CAP_PID" 2>/dev/null
}

# listen NS PORT: a TCP listener that writes what it received to $T_TMP/nc.NS
listen() {
	ip netns exec "$1" "$BUSYBOX" nc -l -p "$2" >"$T_TMP/nc.$1" 2>/dev/null &
	NC_PID=$!
	BG_PIDS="$BG_PIDS $NC_PID"
	sleep 0.3
}
# connect NS ADDR PORT: 0 when a connection was made and a line sent
connect() {
	echo hello | ip netns exec "$1" "$BUSYBOX" nc -w 3 "$2" "$3" >/dev/null 2>&1
}

# ---- NAT ----
t_run "nat: net add" 0 B net add lan mode nat address 192.0.2.1/24 dhcp 192.0.2.10-192.0.2.99 \
	domain lab.test uplink up0
t_eq "nat: add says what it made" "$T_OUT" "lan: up, mode nat, bridge brk-lan, address 192.0.2.1/24"
t_eq "nat: the bridge (ip -j)" "$(t_ipj "$H" brk-lan '.linkinfo.info_kind')" "bridge"
t_eq "nat: the bridge is up" "$(t_ipj "$H" brk-lan '.flags | index("UP") != null')" "true"
t_eq "nat: the bridge's address (ip -j)" \
	"$(ip -n "$H" -j addr show dev brk-lan | jq -r '[.[0].addr_info[] | select(.family == "inet") | "\(.local)/\(.prefixlen)"] | join(" ")')" \
	"192.0.2.1/24"
t_eq "nat: ip_forward turned on" "$(fwd)" "1"
t_eq "nat: the masquerade rule (nft -j)" \
	"$(ip netns exec "$H" nft -j list table inet brkit-lan | jq -r '[.nftables[] | select(.rule) | .rule.expr[] | select(has("masquerade"))] | length')" "1"
t_eq "nat: only brkit's table added" "$(tables)" "brkit-lan"
LANPID=$(pidof_net lan)
if alive "$LANPID" && [ "$(stat -L -c %i "/proc/$LANPID/ns/net")" = "$HINO" ]; then
	t_ok "nat: dnsmasq runs inside the host namespace"
else
	t_fail "nat: dnsmasq ($LANPID) does not run in $H"
fi
t_run "nat: the same add again" 0 B net add lan mode nat address 192.0.2.1/24 dhcp 192.0.2.10-192.0.2.99 \
	domain lab.test uplink up0
t_eq "nat: the same add changes nothing" "$T_OUT" "lan: already up as asked, nothing changed"

plug "$V1" brk-lan p-v1
plug "$V2" brk-lan p-v2
if dhcp "$V1" vm1; then t_ok "nat: vm1 got a lease"; else t_fail "nat: vm1 got no lease: $(tail -3 "$T_TMP/udhcpc.$V1")"; fi
if dhcp "$V2" vm2; then t_ok "nat: vm2 got a lease"; else t_fail "nat: vm2 got no lease: $(tail -3 "$T_TMP/udhcpc.$V2")"; fi
IP1=$(lease_ip "$V1")
IP2=$(lease_ip "$V2")
case $IP1 in 192.0.2.[1-9] | 192.0.2.[1-9][0-9]) t_ok "nat: vm1's address $IP1 is in the range" ;; *) t_fail "nat: vm1's address [$IP1]" ;; esac
t_eq "nat: vm1's address on eth0 (ip -j)" \
	"$(ip -n "$V1" -j addr show dev eth0 | jq -r '[.[0].addr_info[] | select(.family == "inet") | .local] | join(" ")')" "$IP1"
t_eq "nat: the router given is the bridge" "$(lease_router "$V1")" "192.0.2.1"
B -j net show lan >"$T_TMP/show.json"
t_eq "nat: net show -j lists vm1's lease" "$(jq -r '.[0].leases[] | select(.hostname == "vm1") | .ip' "$T_TMP/show.json")" "$IP1"
t_eq "nat: net show -j lists vm2's lease" "$(jq -r '.[0].leases[] | select(.hostname == "vm2") | .ip' "$T_TMP/show.json")" "$IP2"
t_eq "nat: net show -j: dnsmasq runs" "$(jq -r '.[0].dnsmasq.running' "$T_TMP/show.json")" "true"
t_eq "nat: net show -j: mode" "$(jq -r '.[0].mode' "$T_TMP/show.json")" "nat"
got=$(ip netns exec "$V1" "$BUSYBOX" nslookup vm2.lab.test 192.0.2.1 2>/dev/null | sed -n '/^Name:/,$s/^Address[^:]*: *//p' | head -n1)
t_eq "nat: vm1 resolves vm2.lab.test" "$got" "$IP2"

capture "$I" up0
if ip netns exec "$V1" ping -c 2 -W 2 203.0.113.2 >/dev/null; then t_ok "nat: vm1 reaches the internet"; else t_fail "nat: vm1 cannot reach the internet"; fi
sleep 0.3
capture_stop
if grep -q "IP 203.0.113.1 > 203.0.113.2: ICMP echo request" "$T_TMP/cap" && ! grep -q "IP 192.0.2" "$T_TMP/cap"; then
	t_ok "nat: the internet sees the host's address, not vm1's"
else
	t_fail "nat: capture: $(head -3 "$T_TMP/cap")"
fi
# the internet routes to the network, and still cannot open a connection in
ip -n "$I" route add 192.0.2.0/24 via 203.0.113.1
listen "$V1" 7001
if connect "$I" "$IP1" 7001; then t_fail "nat: the internet opened a connection to vm1"; else t_ok "nat: the internet cannot open a connection in"; fi
kill "$NC_PID" 2>/dev/null
if ip netns exec "$I" ping -c 1 -W 1 "$IP1" >/dev/null 2>&1; then t_fail "nat: the internet pings vm1"; else t_ok "nat: the internet cannot ping in"; fi

t_run "nat: net host add" 0 B net host add lan mac 52:54:00:00:00:05 ip 192.0.2.5 name fixed
t_eq "nat: the static lease is in show -j" "$(B -j net show lan | jq -r '.[0].hosts[0] | "\(.mac) \(.ip) \(.name)"')" \
	"52:54:00:00:00:05 192.0.2.5 fixed"
# the static lease is given: vm2 takes that MAC and asks again
ip -n "$V2" link set eth0 down
ip -n "$V2" link set eth0 address 52:54:00:00:00:05
ip -n "$V2" link set eth0 up
dhcp "$V2" fixed
t_eq "nat: a VM with the static lease's MAC gets its address" "$(lease_ip "$V2")" "192.0.2.5"
t_run "nat: net host del" 0 B net host del lan mac 52:54:00:00:00:05
t_eq "nat: the static lease is gone" "$(B -j net show lan | jq -r '.[0].hosts | length')" "0"
t_run "nat: net list" 0 B net list
t_eq "nat: net list names it" "$(echo "$T_OUT" | cut -d: -f1)" "lan"

t_run "nat: net del" 0 B net del lan
t_eq "nat: del says so" "$T_OUT" "lan: removed"
no_trace lan brk-lan "$LANPID" "nat: after del"
t_eq "nat: ip_forward back to 0" "$(fwd)" "0"
t_eq "nat: no table of anyone else touched" "$(tables)" ""
ip -n "$I" route del 192.0.2.0/24 via 203.0.113.1

# ---- routed ----
t_run "routed: net add" 0 B net add rt mode routed address 198.51.100.1/24 dhcp 198.51.100.10-198.51.100.20 uplink up0
RTPID=$(pidof_net rt)
t_eq "routed: no masquerade rule" \
	"$(ip netns exec "$H" nft -j list table inet brkit-rt | jq -r '[.nftables[] | select(.rule) | .rule.expr[] | select(has("masquerade"))] | length')" "0"
plug "$V1" brk-rt p-v1
dhcp "$V1" vm1 || t_fail "routed: vm1 got no lease"
IP1=$(lease_ip "$V1")
ip -n "$I" route add 198.51.100.0/24 via 203.0.113.1
capture "$I" up0
if ip netns exec "$V1" ping -c 2 -W 2 203.0.113.2 >/dev/null; then t_ok "routed: vm1 reaches the internet"; else t_fail "routed: vm1 cannot reach the internet"; fi
sleep 0.3
capture_stop
if grep -q "IP $IP1 > 203.0.113.2: ICMP echo request" "$T_TMP/cap"; then
	t_ok "routed: the source address $IP1 is kept"
else
	t_fail "routed: capture: $(head -3 "$T_TMP/cap")"
fi
listen "$V1" 7002
if connect "$I" "$IP1" 7002; then t_ok "routed: the internet can open a connection in"; else t_fail "routed: no connection in"; fi
i=0
while kill -0 "$NC_PID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
kill "$NC_PID" 2>/dev/null
t_eq "routed: vm1 received it" "$(cat "$T_TMP/nc.$V1")" "hello"
ip -n "$I" route del 198.51.100.0/24 via 203.0.113.1
t_run "routed: net del" 0 B net del rt
no_trace rt brk-rt "$RTPID" "routed: after del"
t_eq "routed: ip_forward back to 0" "$(fwd)" "0"

# ---- isolated ----
t_run "isolated: net add" 0 B net add iso mode isolated address 192.0.2.1/24 dhcp 192.0.2.10-192.0.2.99
ISOPID=$(pidof_net iso)
t_eq "isolated: forwarding stays off" "$(fwd)" "0"
plug "$V1" brk-iso p-v1
plug "$V2" brk-iso p-v2
dhcp "$V1" vm1 || t_fail "isolated: vm1 got no lease"
dhcp "$V2" vm2 || t_fail "isolated: vm2 got no lease"
t_eq "isolated: no router in the lease" "$(lease_router "$V1")" ""
if ip netns exec "$V1" ping -c 1 -W 2 "$(lease_ip "$V2")" >/dev/null; then t_ok "isolated: VMs reach each other"; else t_fail "isolated: vm1 cannot reach vm2"; fi
# even with forwarding on and a route, nothing leaves
ip netns exec "$H" sysctl -qw net.ipv4.ip_forward=1
ip -n "$V1" route replace default via 192.0.2.1
ip -n "$I" route add 192.0.2.0/24 via 203.0.113.1
capture "$I" up0
if ip netns exec "$V1" ping -c 2 -W 1 203.0.113.2 >/dev/null 2>&1; then t_fail "isolated: vm1 reached the internet"; else t_ok "isolated: vm1 cannot reach the internet"; fi
sleep 0.3
capture_stop
# (tcpdump writes one empty line when it is stopped)
if grep -q ICMP "$T_TMP/cap"; then t_fail "isolated: a packet left: $(grep ICMP "$T_TMP/cap" | head -2)"; else t_ok "isolated: nothing left (no ICMP in the capture)"; fi
ip -n "$I" route del 192.0.2.0/24 via 203.0.113.1
t_run "isolated: net del" 0 B net del iso
no_trace iso brk-iso "$ISOPID" "isolated: after del"
t_eq "isolated: ip_forward left as the admin set it" "$(fwd)" "1"
ip netns exec "$H" sysctl -qw net.ipv4.ip_forward=0

# ---- forwarding is shared ----
B net add a1 mode nat address 192.0.2.1/25 >/dev/null
B net add a2 mode routed address 192.0.2.129/25 >/dev/null
t_eq "two networks: forwarding on" "$(fwd)" "1"
B net del a1 >/dev/null
t_eq "two networks: still on while a2 needs it" "$(fwd)" "1"
B net del a2 >/dev/null
t_eq "two networks: off after the last" "$(fwd)" "0"
ip netns exec "$H" sysctl -qw net.ipv4.ip_forward=1
B net add a3 mode nat address 192.0.2.1/24 >/dev/null
B net del a3 >/dev/null
t_eq "forwarding on before: left on" "$(fwd)" "1"
ip netns exec "$H" sysctl -qw net.ipv4.ip_forward=0

# ---- an adopted bridge ----
ip -n "$H" link add br-own type bridge
t_run "adopt: net add on an existing bridge" 0 B net add own mode isolated address 192.0.2.1/24 bridge br-own dns off
t_eq "adopt: address added" "$(ip -n "$H" -j addr show dev br-own | jq -r '[.[0].addr_info[] | select(.family == "inet") | .local] | join(" ")')" "192.0.2.1"
t_eq "adopt: dnsmasq not used (no dhcp, dns off)" "$(B -j net show own | jq -r '.[0].dnsmasq.used')" "false"
B net del own >/dev/null
t_eq "adopt: del keeps the bridge it did not make" "$(t_ipj "$H" br-own '.ifname')" "br-own"
t_eq "adopt: del removes the address it added" "$(ip -n "$H" -j addr show dev br-own | jq -r '[.[0].addr_info[] | select(.family == "inet")] | length')" "0"
ip -n "$H" link del br-own

# ---- import: libvirt's stock default network, its addresses moved to a documentation range ----
# (tests/net/default.xml is libvirt's stock file; only its 192.168.122. becomes 192.0.2.)
sed 's/192\.168\.122\./192.0.2./g' "$T_TOP/tests/net/default.xml" >"$T_TMP/default.xml"
t_run "import: libvirt's default network" 0 B net import "$T_TMP/default.xml"
if [ "$T_OUT" = "default: up, mode nat, bridge virbr0, address 192.0.2.1/24" ]; then
	t_eq "import: its bridge virbr0 (ip -j)" "$(t_ipj "$H" virbr0 '.linkinfo.info_kind')" "bridge"
	t_eq "import: mode nat" "$(B -j net show default | jq -r '.[0].mode')" "nat"
	plug "$V1" virbr0 p-v1
	if dhcp "$V1" vm1; then t_ok "import: a VM gets a lease"; else t_fail "import: no lease"; fi
	DEFPID=$(pidof_net default)
	B net del default >/dev/null
	no_trace default virbr0 "$DEFPID" "import: after del"
else
	t_fail "import: said [$T_OUT]"
fi

# ---- a failed add undoes every step; a killed one is undone by del ----
for n in 1 2 3 4 5; do
	before=$(t_kstate "$H")
	t_run "rollback at step $n: exit 1" 1 env BRKIT_NET_FAIL_AFTER=$n "$BRKIT" -n "$H" net add rb mode nat \
		address 192.0.2.1/24 dhcp 192.0.2.10-192.0.2.20
	t_eq "rollback at step $n: the kernel as before" "$(t_kstate "$H")" "$before"
	no_trace rb brk-rb "" "rollback at step $n"
	t_eq "rollback at step $n: ip_forward 0" "$(fwd)" "0"
done
for n in 1 2 3 4 5; do
	before=$(t_kstate "$H")
	env BRKIT_NET_CRASH_AFTER=$n "$BRKIT" -n "$H" net add cr mode nat address 192.0.2.1/24 \
		dhcp 192.0.2.10-192.0.2.20 >/dev/null 2>&1
	t_eq "crash at step $n: killed" "$?" "137"
	CRPID=$(pidof_net cr)
	t_eq "crash at step $n: show says half made" "$(B -j net show cr | jq -r '.[0].complete')" "false"
	t_run "crash at step $n: del" 0 B net del cr
	t_eq "crash at step $n: the kernel as before" "$(t_kstate "$H")" "$before"
	no_trace cr brk-cr "$CRPID" "crash at step $n"
	t_eq "crash at step $n: ip_forward 0" "$(fwd)" "0"
done

# ---- bad input: a clear message, exit 2 (usage) or 1, nothing made ----
bad() { # DESC STATUS REGEX ARGS...
	_d=$1 _s=$2 _r=$3
	shift 3
	_tb=$(tables)
	t_bad "$H" "$_d" "$_s" "$_r" "$BRKIT" -n "$H" "$@"
	t_eq "$_d: no table made" "$(tables)" "$_tb"
}
B net add keep mode nat address 198.51.100.1/25 dhcp 198.51.100.10-198.51.100.20 >/dev/null
B net add keep2 mode nat address 198.51.100.129/25 >/dev/null
bad "overlaps another brkit network" 1 "network n2: subnet overlaps brkit network keep \(198.51.100.1/25\)" \
	net add n2 mode nat address 198.51.100.99/24
bad "overlaps an address of the host" 1 "network n2: subnet 203.0.113.9/24 overlaps address 203.0.113.1/24 on up0" \
	net add n2 mode isolated address 203.0.113.9/24
bad "dhcp range outside the subnet" 2 "dhcp range 192.0.2.10-192.0.3.5 is not inside the subnet of 192.0.2.1/24" \
	net add n2 mode nat address 192.0.2.1/24 dhcp 192.0.2.10-192.0.3.5
bad "dhcp range holding the address" 2 "holds the bridge's own address 192.0.2.1" \
	net add n2 mode nat address 192.0.2.1/24 dhcp 192.0.2.1-192.0.2.9
bad "dhcp range backwards" 2 "the first address is after the last" \
	net add n2 mode nat address 192.0.2.1/24 dhcp 192.0.2.50-192.0.2.9
bad "uplink that does not exist" 1 "network n2: uplink nope0: no such device" \
	net add n2 mode nat address 192.0.2.1/24 uplink nope0
bad "no mode" 2 "network n2: no mode" net add n2 address 192.0.2.1/24
bad "unknown mode" 2 "mode 'bridge': not a mode \(nat, routed or isolated\)" net add n2 mode bridge address 192.0.2.1/24
bad "no address" 2 "network n2: no address" net add n2 mode nat
bad "address without prefix" 2 "address '192.0.2.1': not an IPv4 address with a prefix length" net add n2 mode nat address 192.0.2.1
bad "network address as the bridge's" 2 "is the subnet's network or broadcast address" net add n2 mode nat address 192.0.2.0/24
bad "a keyword twice" 2 "'mode' given twice" net add n2 mode nat mode routed address 192.0.2.1/24
bad "unknown keyword" 2 "'vlan': not a keyword of net add" net add n2 mode nat address 192.0.2.1/24 vlan 5
bad "bad name" 2 "network name 'a/b': only letters" net add a/b mode nat address 192.0.2.1/24
bad "name too long for a bridge" 2 "too long for the default bridge name" net add averylongname1 mode nat address 192.0.2.1/24
bad "uplink on an isolated network" 2 "an isolated network forwards nowhere" net add n2 mode isolated address 192.0.2.1/24 uplink up0
bad "domain with dns off" 2 "domain lab.test needs dns on" net add n2 mode nat address 192.0.2.1/24 dns off domain lab.test
bad "the name exists with another spec" 1 "network keep: exists already" net add keep mode nat address 198.51.100.1/24
ip -n "$H" link add brk-n3 type veth peer name n3-peer
bad "the bridge name is taken by a veth" 1 "network n3: brk-n3 exists and is not a bridge \(veth\)" \
	net add n3 mode nat address 192.0.2.1/24
ip -n "$H" link del brk-n3
bad "the bridge of another brkit network" 1 "network n4: bridge brk-keep belongs to brkit network keep" \
	net add n4 mode nat address 192.0.2.1/24 bridge brk-keep
bad "del of a network brkit did not make" 1 "network virbr9: not a brkit network" net del virbr9
bad "show of a network brkit did not make" 1 "network virbr9: not a brkit network" net show virbr9
bad "host add: address outside the subnet" 1 "host 192.0.2.5: not a free address of the subnet" \
	net host add keep mac 52:54:00:00:00:07 ip 192.0.2.5
bad "host add: a network without dhcp" 1 "network keep2: has no DHCP" net host add keep2 mac 52:54:00:00:00:07 ip 198.51.100.137
bad "host add: the bridge's own address" 1 "host 198.51.100.1: not a free address of the subnet" \
	net host add keep mac 52:54:00:00:00:07 ip 198.51.100.1
bad "host add: a multicast MAC" 2 "mac '01:00:5e:00:00:01': not a unicast MAC address" \
	net host add keep mac 01:00:5e:00:00:01 ip 198.51.100.7
bad "host del: no such static lease" 1 "host 52:54:00:00:00:09: no static lease" net host del keep mac 52:54:00:00:00:09
printf '<network><name>x</name><forward mode="bridge"/><bridge name="br9"/></network>' >"$T_TMP/bridged.xml"
bad "import: a bridged libvirt network" 2 "bridge" net import "$T_TMP/bridged.xml"
printf '<network><name>x</name><bridge name="br9"/><ip address="192.0.2.1" netmask="255.255.255.0"><dhcp><range start="192.0.3.2" end="192.0.3.9"/></dhcp></ip></network>' >"$T_TMP/range.xml"
bad "import: a range outside the subnet" 2 "dhcp range 192.0.3.2-192.0.3.9 is not inside the subnet" net import "$T_TMP/range.xml"
echo 'not xml at all' >"$T_TMP/junk.xml"
bad "import: not XML" 2 "net import $T_TMP/junk.xml: " net import "$T_TMP/junk.xml"
bad "import: a missing file" 1 "net import /nonexistent.xml: No such file" net import /nonexistent.xml
B net del keep >/dev/null
B net del keep2 >/dev/null

# dnsmasq fails to start (its DHCP port is taken): its own message, nothing left
ip netns exec "$H" python3 -c 'import socket,sys,time
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(("0.0.0.0",67)); open(sys.argv[1],"w").close(); time.sleep(60)' \
	"$T_TMP/bound" &
PYPID=$!
BG_PIDS="$BG_PIDS $PYPID"
i=0
until [ -e "$T_TMP/bound" ] || [ $i -gt 50 ]; do sleep 0.1; i=$((i + 1)); done
bad "dnsmasq fails to start" 1 "network n5: dnsmasq did not start: .*(DHCP|Address in use|address already in use)" \
	net add n5 mode nat address 192.0.2.1/24 dhcp 192.0.2.10-192.0.2.20
no_trace n5 brk-n5 "" "dnsmasq fails to start"
t_eq "dnsmasq fails to start: ip_forward 0" "$(fwd)" "0"
kill "$PYPID" 2>/dev/null
wait "$PYPID" 2>/dev/null

# dnsmasq missing: an empty, non-executable file over it in a private mount namespace
: >"$T_TMP/no-dnsmasq"
chmod 644 "$T_TMP/no-dnsmasq"
before=$(t_kstate "$H")
t_run "dnsmasq missing: exit 1" 1 unshare -m sh -c "mount --bind '$T_TMP/no-dnsmasq' /usr/sbin/dnsmasq && exec '$BRKIT' -n '$H' net add n6 mode nat address 192.0.2.1/24 dhcp 192.0.2.10-192.0.2.20"
t_errmatch "dnsmasq missing: message" "network n6: dnsmasq is not installed \(/usr/sbin/dnsmasq; Debian's dnsmasq-base\)"
t_eq "dnsmasq missing: nothing changed" "$(t_kstate "$H")" "$before"
no_trace n6 brk-n6 "" "dnsmasq missing"

# ---- valgrind: no leak, no error of brkit's (exit 99 on either) ----
VG="valgrind -q --suppressions=$T_TOP/tests/valgrind.supp --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99"
vg() { _st=$1; shift; t_run "valgrind: brkit net $*" "$_st" $VG "$BRKIT" -n "$H" net "$@"; }
vg 0 add vg mode nat address 192.0.2.1/24 dhcp 192.0.2.10-192.0.2.20 domain vg.test ipv6 2001:db8:1::1/64
vg 0 host add vg mac 52:54:00:00:00:01 ip 192.0.2.5 name a
vg 0 show vg
vg 0 list
vg 1 add vg mode nat address 192.0.2.1/25
vg 2 add vg2 mode nat address 192.0.2.1/24 dhcp 192.0.3.1-192.0.3.2
vg 0 del vg
vg 1 del vg
t_eq "the last del removes the namespace's state directory" "$([ -e "$ROOT" ] && echo there || echo gone)" gone
t_eq "valgrind: ipv6 forwarding back to 0" "$(ip netns exec "$H" cat /proc/sys/net/ipv6/conf/all/forwarding)" "0"

t_end

#!/bin/sh
# Every bad input of the FDB commands: exit status, a message naming the object
# and the reason, and the kernel state unchanged (t_kstate before and after).
. "$(dirname "$0")/../lib.sh"
t_netns_new NS fdbbad

ipn() { ip -n "$NS" "$@"; }
# No IPv6: no router solicitations or ND from the veth ends, so the bridge
# learns nothing between a case's before and after snapshots.
ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ipn link add br0 type bridge
ipn link add p-a type veth peer name q-a
ipn link set p-a master br0
for d in p-a q-a br0; do ipn link set $d up; done
ipn link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1
$BRKIT -n "$NS" fdb add 02:00:00:00:00:01 dev p-a || t_fail "setup: add"

# bad DESC STATUS REGEX ARGS...: brkit fails as told and changes nothing
bad() {
	_d=$1 _s=$2 _re=$3
	shift 3
	t_bad "$NS" "$_d" "$_s" "$_re" $BRKIT -n "$NS" "$@"
}

# MAC addresses
bad "MAC too short" 2 "address '02:00:00:00:01': .*too short" fdb add 02:00:00:00:01 dev p-a
bad "MAC too long" 2 "address '02:00:00:00:00:01:02': .*too long" fdb add 02:00:00:00:00:01:02 dev p-a
bad "MAC with a non-hex digit" 2 "address '02:00:00:00:00:0g': 'g' is not a hex digit" \
	fdb add 02:00:00:00:00:0g dev p-a
bad "MAC with dots" 2 "address '02.00.00.00.00.01': wrong separator '\.'" fdb add 02.00.00.00.00.01 dev p-a
bad "MAC with mixed separators" 2 "address '02:00-00:00:00:01': mixed separators" \
	fdb add 02:00-00:00:00:01 dev p-a
bad "MAC with one-digit bytes" 2 "address '2:0:0:0:0:1': " fdb add 2:0:0:0:0:1 dev p-a
bad "MAC in fdb get" 2 "address 'zz': " fdb get zz br br0
bad "MAC in fdb del" 2 "address '02:00:00:00:00': " fdb del 02:00:00:00:00 dev p-a
# VLANs
for v in 0 4095 5000 -1; do
	bad "vlan $v" 2 "vlan '$v': " fdb add 02:00:00:00:00:02 dev p-a vlan $v
done
bad "vlan 5000 in fdb show" 2 "vlan '5000': " fdb show vlan 5000
bad "vlan 0 in fdb flush" 2 "vlan '0': " fdb flush br br0 vlan 0
bad "vlan 4095 in fdb get" 2 "vlan '4095': " fdb get 02:00:00:00:00:01 br br0 vlan 4095
# devices
bad "device that is not a bridge port" 1 "q-a: not a bridge port" fdb add 02:00:00:00:00:02 dev q-a
bad "'master' on a device that is not a bridge port" 1 "q-a: not a bridge port" \
	fdb add 02:00:00:00:00:02 dev q-a master
bad "device that does not exist" 1 "p-zz: no such device" fdb add 02:00:00:00:00:02 dev p-zz
bad "via device that does not exist" 1 "p-zz: no such device" \
	fdb add 02:00:00:00:00:02 dev vx0 dst 198.51.100.2 via p-zz self
bad "flush of a device that is not a bridge port" 1 "q-a: not a bridge port" fdb flush dev q-a
bad "flush br of a non-bridge" 1 "p-a: not a bridge" fdb flush br p-a
bad "show br of a non-bridge" 1 "p-a: not a bridge" fdb show br p-a
bad "bad device name" 2 "device 'a/b': " fdb add 02:00:00:00:00:02 dev a/b
# entries
bad "adding an entry that exists" 1 "02:00:00:00:00:01 on p-a: the entry exists.*replace" \
	fdb add 02:00:00:00:00:01 dev p-a
bad "deleting an entry that does not exist" 1 "deleting 02:00:00:00:00:09 on p-a: no such entry" \
	fdb del 02:00:00:00:00:09 dev p-a
bad "VLAN the kernel refuses (no VLAN filtering here)" 1 "02:00:00:00:00:02 vlan 5 on p-a: " \
	fdb add 02:00:00:00:00:02 dev p-a vlan 5
# VXLAN attributes
bad "dst that is not an IP address" 2 "dst '198.51.100': not an IPv4 or IPv6 address" \
	fdb add 02:00:00:00:00:02 dev vx0 dst 198.51.100 self
bad "dst that is a name" 2 "dst 'remote-host': not an IPv4 or IPv6 address" \
	fdb add 02:00:00:00:00:02 dev vx0 dst remote-host self
bad "VNI over 2^24-1" 2 "vni '16777216': .*16777215" fdb add 02:00:00:00:00:02 dev vx0 vni 16777216 self
bad "VNI not a number" 2 "vni '1x': " fdb add 02:00:00:00:00:02 dev vx0 vni 1x self
bad "port 0" 2 "port '0': " fdb add 02:00:00:00:00:02 dev vx0 port 0 self
bad "port 70000" 2 "port '70000': " fdb add 02:00:00:00:00:02 dev vx0 port 70000 self
# grammar
bad "missing dev" 2 "missing 'dev DEV'" fdb add 02:00:00:00:00:02
bad "missing address" 2 "missing the MAC address" fdb add dev p-a
bad "two states" 2 "only one of static, dynamic, local" fdb add 02:00:00:00:00:02 dev p-a static dynamic
bad "unknown word" 2 "unexpected 'bogus'" fdb add 02:00:00:00:00:02 dev p-a bogus
bad "unknown fdb command" 2 "unknown command 'frob'" fdb frob

# fdb load: good lines around bad ones, nothing applied, line numbers named
cat >"$T_TMP/load" <<'EOF'
add 02:00:00:00:05:01 dev p-a
add 02:00:00:00:05:0 dev p-a
add 02:00:00:00:05:03 dev p-a vlan 4095
frob 02:00:00:00:05:04 dev p-a
add 02:00:00:00:05:05 dev p-a dst 1.2.3
add 02:00:00:00:05:06 dev p-a
EOF
bad "fdb load with malformed lines" 2 "load .*load:2: address '02:00:00:00:05:0': " fdb load "$T_TMP/load"
t_errmatch "  line 3 named" "load:3: vlan '4095'"
t_errmatch "  line 4 named" "load:4: unknown verb 'frob'"
t_errmatch "  line 5 named" "load:5: dst '1.2.3'"
t_errmatch "  says nothing was applied" "4 bad lines, nothing applied"
printf 'add 02:00:00:00:05:01 dev p-a\nadd 02:00:00:00:05:02 dev q-a\n' >"$T_TMP/load2"
bad "fdb load naming a device that is not a port" 1 "load2:2: q-a: not a bridge port.*nothing applied" \
	fdb load "$T_TMP/load2"
bad "fdb load of a missing file" 1 "no-such-file" fdb load "$T_TMP/no-such-file"

t_end

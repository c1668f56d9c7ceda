#!/bin/sh
# One errno per condition across the library's modules (the table in
# include/brkit/brkit.h): each module called on the wrong object, through
# tests/tools/errnos; then iproute2 shows that none of the refused calls
# changed anything.
. "$(dirname "$0")/../lib.sh"
t_netns_new NS errno
ipn() { ip -n "$NS" "$@"; }
ipn link add br0 type bridge
ipn link add p-a type veth peer name q-a
ipn link add p-b type veth peer name q-b
ipn link set p-a master br0
ipn link set br0 up # the MDB takes changes on a running bridge only
links() { ipn -j link show | jq -c '[.[] | [.ifname, .master // ""]] | sort'; }
before=$(links)

t_run "the tool runs" 0 "$BUILD/tests/tools/errnos" "$NS"
cp "$T_TMP/out" "$T_TMP/got"
expect() { # LABEL ERRNO
	t_eq "$1: $2" "$(sed -n "s/^$1 //p" "$T_TMP/got")" "$2"
	echo "$1" >>"$T_TMP/checked"
}
# no such device: ENODEV
expect bridge_del-absent ENODEV
expect bridge_addif-absent-dev ENODEV
expect port_get-absent ENODEV
expect bridge_list-absent ENODEV
expect tap_add-absent-bridge ENODEV
expect tap_del-absent ENODEV
expect vlan_add-absent ENODEV
expect vxlan_del-absent ENODEV
expect vxlan_add-absent-bridge ENODEV
expect fdb_add-absent ENODEV
expect mdb_add-absent ENODEV
# the device is not of the kind the call needs (a bridge, a tap, a vxlan): ENOTTY
expect bridge_del-not-bridge ENOTTY
expect bridge_addif-not-bridge ENOTTY
expect bridge_list-not-bridge ENOTTY
expect tap_add-not-bridge ENOTTY
expect tap_del-not-tap ENOTTY
expect vxlan_del-not-vxlan ENOTTY
expect vxlan_get-not-vxlan ENOTTY
expect vxlan_add-not-bridge ENOTTY
expect fdb_get-not-bridge ENOTTY
expect fdb_macs-not-bridge ENOTTY
expect fdb_flush-br-not-bridge ENOTTY
expect mdb_add-not-bridge ENOTTY
expect mdb_get-not-bridge ENOTTY
# the device is not a port of a bridge (of that bridge): ENOLINK
expect bridge_delif-not-port ENOLINK
expect port_set-not-port ENOLINK
expect port_get-not-port ENOLINK
expect vlan_add-not-port ENOLINK
expect fdb_add-not-port ENOLINK
expect fdb_add-master-not-port ENOLINK
expect fdb_flush-not-port-of ENOLINK
expect fdb_flush-dev-not-port ENOLINK
expect mdb_add-not-port ENOLINK
# no such FDB entry: ENOENT
expect fdb_del-no-entry ENOENT
expect fdb_get-no-entry ENOENT
expect mdb_del-no-entry ENOENT
if grep -q '^mdb_get-unsupported ' "$T_TMP/got"; then
	expect mdb_get-unsupported EOPNOTSUPP # before Linux 6.7
else
	expect mdb_get-no-entry ENOENT
fi
# the kernel lacks the feature: EOPNOTSUPP (with VLAN filtering built in, 0)
if ipn link add vfprobe type bridge vlan_filtering 1 2>/dev/null; then
	ipn link del vfprobe
	expect vlan_check-port ENOPROTOOPT # vlan_filtering is off on br0
else
	expect vlan_check-port EOPNOTSUPP
fi
t_eq "every call the tool made is checked here" "$(cut -d' ' -f1 "$T_TMP/got" | sort | tr '\n' ' ')" \
	"$(sort "$T_TMP/checked" | tr '\n' ' ')"
t_eq "nothing changed (links and masters, by ip -j link)" "$(links)" "$before"
t_end

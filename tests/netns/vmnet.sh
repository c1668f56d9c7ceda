#!/bin/sh
# VM ports on brkit networks (issue 18, part 4): `vm-port up TAP network NAME`,
# BRKIT_NETWORK for qemu-ifup, `PATTERN network NAME` config lines, libvirt's
# <interface type='ethernet'> with brkit:port network=, and the setuid bridge
# helper's --br=NETWORK run by an unprivileged user. The networks are made
# by `brkit net add` in the suite's namespace (isolated, no DHCP or DNS) and
# removed by `brkit net del`; `net add` records each in a state file
# NET_STATE_DIR/net-INODE/NAME/state (root's). The broken states (incomplete,
# writable by others, not root's, a symbolic link, not parsing) are written
# here by hand in net_state_format's lines. The port's master is read back
# with iproute2 (ip -j -d link show, bridge -j link show). Each refusal
# changes nothing.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/security.inc"
. "$(dirname "$0")/helper.inc"

HELPER_SRC=${HELPER_SRC:-$BUILD/test/qemu-bridge-helper}
QFD=$BUILD/tests/tools/qemu_fd
for f in "$HELPER_SRC" "$QFD" "$BUILD/brkit-hook"; do
	[ -x "$f" ] || { echo "vmnet: $f is missing (make all tools)" >&2; exit 1; }
done

ND=""
vn_cleanup() {
	[ -n "$ND" ] && rm -rf "$ND"
	h_release
	sec_cleanup
}
trap vn_cleanup EXIT

t_netns_new NS
export BRKIT_STATE_DIR="$T_TMP/state"
SD="$BRKIT_STATE_DIR/net-$(stat -c %i "/run/netns/$NS")"
# the networks of $NS: brkit net's directory for the namespace (net/net.h)
# (made when missing, as brkit net makes it; an existing one is left as it is)
for d in /run/brkit /run/brkit/net; do [ -d "$d" ] || install -d -m 0755 "$d"; done
ND=/run/brkit/net/net-$(stat -c %i "/run/netns/$NS")
rm -rf "$ND"
install -d -m 0755 "$ND"

bk() { "$BRKIT" -n "$NS" "$@"; }
ipd() { t_ipj "$NS" "$@"; }
slave() { ipd "$1" ".linkinfo.info_slave_data.$2"; }
# the master as bridge(8) shows the port
brmaster() { bridge -n "$NS" -j link show dev "$1" | jq -r '.[0].master // "none"'; }
# the helper's taps (tap%d; this suite's own are t-*)
taps() { ip -n "$NS" -j link show type tun | jq -r '[.[] | select(.ifname | startswith("tap"))] | length'; }
# mk_state NAME BRIDGE COMPLETE [SPEC]: what `brkit net add NAME ...` leaves
mk_state() {
	install -d -m 0755 "$ND/$1"
	printf 'name=%s\nspec=%s\nbridge=%s\nmade_bridge=1\naddr_added=0\naddr6_added=0\ntable=1\ndnsmasq=1\ncomplete=%s\n' \
		"$1" "${4:-mode isolated address 192.0.2.1/24 dns off}" "$2" "$3" >"$ND/$1/state"
	chmod 0644 "$ND/$1/state"
}

ip -n "$NS" link add br-x type bridge
ip -n "$NS" link set br-x up
# two real networks (isolated, no DHCP or DNS: no dnsmasq, no forwarding)
t_run "net add vn1 (mtu 9000)" 0 bk net add vn1 mode isolated address 192.0.2.1/24 dns off mtu 9000
t_run "net add vn0" 0 bk net add vn0 mode isolated address 198.51.100.1/24 dns off
t_eq "their bridges (ip -j): brk-vn1 with mtu 9000, brk-vn0" \
	"$(ipd brk-vn1 '| .linkinfo.info_kind + " " + (.mtu | tostring)') $(ipd brk-vn0 .linkinfo.info_kind)" \
	"bridge 9000 bridge"
t_eq "their states are complete" "$(cat "$ND/vn1/state" "$ND/vn0/state" | grep -c '^complete=1$')" "2"

# ---- vm-port up TAP network NAME ----
t_run "up t-vn0 network vn1 create lock mac" 0 bk vm-port up t-vn0 network vn1 create lock mac 52:54:00:18:00:01
t_eq "the message names the network's bridge and the spec" "$T_OUT" \
	"t-vn0: up on brk-vn1 (network vn1 mtu auto mac 52:54:00:18:00:01 lock create), 4 changes"
t_eq "t-vn0's master is brk-vn1 (ip -j -d link show)" "$(ipd t-vn0 .master)" "brk-vn1"
t_eq "t-vn0's master is brk-vn1 (bridge -j link show)" "$(brmaster t-vn0)" "brk-vn1"
t_eq "the network's mtu 9000: the port takes the bridge's" "$(ipd t-vn0 .mtu)" "9000"
t_eq "locked and guarded" "$(slave t-vn0 locked) $(slave t-vn0 guard) $(slave t-vn0 root_block)" \
	"true true true"
t_eq "the state records network vn1 and its bridge" \
	"$(sed -n 's/^spec=//p;s/^bridge=//p' "$SD/t-vn0" | tr '\n' ' ')" \
	"brk-vn1 network vn1 mtu auto mac 52:54:00:18:00:01 lock create "
t_run "vm-port show -j" 0 bk -j vm-port show t-vn0
t_eq "show: bridge and spec" "$(echo "$T_OUT" | jq -r '.[0] | .bridge + " / " + .spec')" \
	"brk-vn1 / network vn1 mtu auto mac 52:54:00:18:00:01 lock create"
before=$(t_kstate "$NS")
t_run "up again: nothing to do" 0 bk vm-port up t-vn0 network vn1 create lock mac 52:54:00:18:00:01
t_eq "  and says so" "$T_OUT" "t-vn0: already up on brk-vn1 as asked, nothing changed"
t_eq "  nothing changed" "$(t_kstate "$NS")" "$before"
t_bad "$NS" "up with another spec (bridge brk-vn1 itself)" 1 \
	"t-vn0 is managed by brkit with another spec \\(network vn1 mtu auto mac 52:54:00:18:00:01 lock create\\)" \
	bk vm-port up t-vn0 bridge brk-vn1 create lock mac 52:54:00:18:00:01
t_run "down t-vn0" 0 bk vm-port down t-vn0
t_eq "the tap it created is gone" "$(ip -n "$NS" link show t-vn0 2>/dev/null | wc -l)" "0"
t_eq "no state left" "$(ls "$SD")" ""

# a network without an mtu: the port's own mtu stays; the tap existed
ip -n "$NS" tuntap add t-vn1 mode tap
t_run "up t-vn1 network vn0 isolated" 0 bk vm-port up t-vn1 network vn0 isolated
t_eq "t-vn1 on brk-vn0, isolated, mtu 1500" \
	"$(ipd t-vn1 .master) $(brmaster t-vn1) $(slave t-vn1 isolated) $(ipd t-vn1 .mtu)" \
	"brk-vn0 brk-vn0 true 1500"
t_run "down t-vn1" 0 bk vm-port down t-vn1
t_eq "t-vn1 released (iproute2)" "$(ipd t-vn1 .master) $(brmaster t-vn1)" "null none"

# ---- refused: nothing changes ----
t_bad "$NS" "network and bridge" 2 "network vn1 and 'bridge' exclude each other" \
	bk vm-port up t-vn1 network vn1 bridge brk-vn1
t_bad "$NS" "network and vlan" 2 "network vn1 and 'vlan' exclude each other" \
	bk vm-port up t-vn1 network vn1 vlan 10
t_bad "$NS" "network and trunks" 2 "network vn1 and 'trunks' exclude each other" \
	bk vm-port up t-vn1 network vn1 trunks 10-20
t_bad "$NS" "a name that is no network name" 2 "network name '../vn1'" \
	bk vm-port up t-vn1 network ../vn1
t_bad "$NS" "no such network" 1 \
	"t-vn1: network nope: no such brkit network \\(no state in $ND\\): brkit net add nope \\.\\.\\. first" \
	bk vm-port up t-vn1 network nope
mk_state vn2 brk-vn1 0
t_bad "$NS" "an incomplete network (add running or crashed)" 1 \
	"network vn2: being made or broken \\($ND/vn2/state says complete=0\\): brkit net del vn2" \
	bk vm-port up t-vn1 network vn2
mk_state vn3 brk-vn1 1
chmod 0646 "$ND/vn3/state"
t_bad "$NS" "a state file writable by others" 1 \
	"network vn3: $ND/vn3/state: writable by group or others \\(refused\\), not used" \
	bk vm-port up t-vn1 network vn3
chmod 0664 "$ND/vn3/state"
t_bad "$NS" "a state file writable by its group" 1 "$ND/vn3/state: writable by group or others" \
	bk vm-port up t-vn1 network vn3
chmod 0644 "$ND/vn3/state"
chown nobody "$ND/vn3/state"
t_bad "$NS" "a state file not root's" 1 "$ND/vn3/state: not owned by root \\(refused\\)" \
	bk vm-port up t-vn1 network vn3
chown root "$ND/vn3/state"
chmod 0777 "$ND/vn3"
t_bad "$NS" "a network directory writable by others" 1 \
	"$ND/vn3/state: its directory $ND/vn3 is writable by group or others" \
	bk vm-port up t-vn1 network vn3
rm -rf "$ND/vn3"
# a symbolic link to a good state (of a bridge it must not reach) is not followed
mkdir -m 0755 "$T_TMP/elsewhere"
printf 'name=vn4\nspec=mode nat address 192.0.2.1/24\nbridge=br-x\nmade_bridge=1\naddr_added=0\naddr6_added=0\ntable=1\ndnsmasq=1\ncomplete=1\n' \
	>"$T_TMP/elsewhere/state"
chmod 0644 "$T_TMP/elsewhere/state"
install -d -m 0755 "$ND/vn4"
ln -s "$T_TMP/elsewhere/state" "$ND/vn4/state"
t_bad "$NS" "a state file that is a symbolic link" 1 \
	"network vn4: $ND/vn4/state: a symbolic link \\(refused\\), not used" \
	bk vm-port up t-vn1 network vn4
ln -s "$T_TMP/elsewhere" "$ND/vn5"
t_bad "$NS" "a network directory that is a symbolic link" 1 \
	"$ND/vn5/state: its directory $ND/vn5 is a symbolic link" bk vm-port up t-vn1 network vn5
t_eq "br-x got no port through a link" "$(ip -n "$NS" -j link show master br-x | jq length)" "0"
mk_state vn6 br-gone 1
t_bad "$NS" "the network's bridge is gone" 1 \
	"network vn6 \\(bridge br-gone\\): bridge br-gone: no such device" \
	bk vm-port up t-vn1 network vn6
mk_state vn7 brk-vn1 1
printf 'name=vn7\nbridge=brk-vn1\ncomplete=1\nsecret=x\n' >"$ND/vn7/state"
t_bad "$NS" "a state that does not parse (root may read it: quoted)" 1 \
	"network vn7: state $ND/vn7/state: line 4: unknown key 'secret'" \
	bk vm-port up t-vn1 network vn7
printf 'name=other\nbridge=brk-vn1\ncomplete=1\n' >"$ND/vn7/state"
t_bad "$NS" "a state naming another network" 1 "state $ND/vn7/state names network other" \
	bk vm-port up t-vn1 network vn7
rm -rf "$ND/vn7"
t_eq "no state was written by the refusals" "$(ls "$SD")" ""

# ---- qemu-ifup with BRKIT_NETWORK, and config lines ----
ln -sf "$BUILD/brkit-hook" "$T_TMP/qemu-ifup"
ln -sf "$BUILD/brkit-hook" "$T_TMP/qemu-ifdown"
qx() { ip netns exec "$NS" env -u BRKIT_BRIDGE -u BRKIT_NETWORK "$@"; }
ip -n "$NS" tuntap add t-q1 mode tap
t_run "qemu-ifup t-q1 with BRKIT_NETWORK=vn1" 0 qx BRKIT_CONFIG=/nonexistent BRKIT_NETWORK=vn1 \
	BRKIT_LOCK=yes BRKIT_MAC=52:54:00:18:00:02 "$T_TMP/qemu-ifup" t-q1
t_eq "  quiet (its stdout is QEMU's)" "$T_OUT$T_ERR" ""
t_eq "  t-q1 on brk-vn1 (ip, bridge), mtu 9000, locked" \
	"$(ipd t-q1 .master) $(brmaster t-q1) $(ipd t-q1 .mtu) $(slave t-q1 locked)" \
	"brk-vn1 brk-vn1 9000 true"
t_run "qemu-ifdown t-q1" 0 qx "$T_TMP/qemu-ifdown" t-q1
t_eq "  t-q1 released, its mtu back" "$(ipd t-q1 .master) $(ipd t-q1 .mtu)" "null 1500"
t_bad "$NS" "BRKIT_NETWORK and BRKIT_BRIDGE" 2 \
	"t-q1: BRKIT_BRIDGE and BRKIT_NETWORK are both set: give one" \
	qx BRKIT_CONFIG=/nonexistent BRKIT_NETWORK=vn1 BRKIT_BRIDGE=brk-vn1 "$T_TMP/qemu-ifup" t-q1
t_bad "$NS" "BRKIT_NETWORK and BRKIT_VLAN" 2 "environment: network vn1 and 'vlan' exclude" \
	qx BRKIT_CONFIG=/nonexistent BRKIT_NETWORK=vn1 BRKIT_VLAN=5 "$T_TMP/qemu-ifup" t-q1
t_bad "$NS" "BRKIT_NETWORK of no network" 1 "t-q1: network nope: no such brkit network" \
	qx BRKIT_CONFIG=/nonexistent BRKIT_NETWORK=nope "$T_TMP/qemu-ifup" t-q1
cat >"$T_TMP/vm-ports.conf" <<EOF
# brkit networks
t-q* network vn1 isolated
t-* bridge br-x
EOF
t_run "qemu-ifup t-q1 from a config line 't-q* network vn1'" 0 \
	qx BRKIT_CONFIG="$T_TMP/vm-ports.conf" "$T_TMP/qemu-ifup" t-q1
t_eq "  t-q1 on brk-vn1, isolated" "$(ipd t-q1 .master) $(brmaster t-q1) $(slave t-q1 isolated)" \
	"brk-vn1 brk-vn1 true"
t_run "qemu-ifdown t-q1" 0 qx "$T_TMP/qemu-ifdown" t-q1
t_eq "  released" "$(ipd t-q1 .master)" "null"
printf 't-q* network vn1 bridge brk-vn1\n' >"$T_TMP/bad.conf"
t_bad "$NS" "a config line with network and bridge: file and line" 1 \
	"$T_TMP/bad.conf:1: network vn1 and 'bridge' exclude each other" \
	qx BRKIT_CONFIG="$T_TMP/bad.conf" "$T_TMP/qemu-ifup" t-q1

# valgrind: the lean hook's network path (the state read, the network's spec parsed)
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
t_run "valgrind: qemu-ifup t-q1 with BRKIT_NETWORK=vn1 (the lean brkit-hook)" 0 \
	qx BRKIT_CONFIG=/nonexistent BRKIT_NETWORK=vn1 $VG "$T_TMP/qemu-ifup" t-q1
t_eq "valgrind: no error, no leak" "$T_ERR" ""
t_eq "valgrind: t-q1 on brk-vn1" "$(ipd t-q1 .master)" "brk-vn1"
t_run "valgrind: qemu-ifdown t-q1" 0 qx $VG "$T_TMP/qemu-ifdown" t-q1
t_run "valgrind: a refused network (incomplete): exit 1" 1 \
	qx BRKIT_CONFIG=/nonexistent BRKIT_NETWORK=vn2 $VG "$T_TMP/qemu-ifup" t-q1
t_eq "valgrind: only the refusal on stderr" "$T_ERR" \
	"qemu-ifup: t-q1: network vn2: being made or broken ($ND/vn2/state says complete=0): brkit net del vn2"

# ---- libvirt's hook: <interface type='ethernet'> + brkit:port network= ----
mkdir -p "$T_TMP/hooks"
ln -sf "$BUILD/brkit-hook" "$T_TMP/hooks/qemu"
# as libvirt leaves an ethernet interface before "started": a tap, up, on no bridge;
# t-lb on br-x as libvirt's <interface type='bridge'> puts it
ip -n "$NS" tuntap add t-le mode tap
ip -n "$NS" link set t-le up
ip -n "$NS" tuntap add t-ln mode tap
ip -n "$NS" link set t-ln up
cat >"$T_TMP/dom.xml" <<'XML'
<domain type='kvm'>
  <name>vm-n</name>
  <metadata>
    <brkit:port xmlns:brkit="https://brkit.example/xmlns/1" mac="52:54:00:bb:00:01"
                network="vn1" lock="yes"/>
  </metadata>
  <devices>
    <interface type='ethernet'>
      <mac address='52:54:00:bb:00:01'/>
      <target dev='t-le' managed='yes'/>
      <model type='virtio'/>
    </interface>
    <interface type='network'>
      <mac address='52:54:00:bb:00:02'/>
      <source network='default'/>
      <target dev='t-ln'/>
    </interface>
  </devices>
</domain>
XML
hook() { ip netns exec "$NS" env BRKIT_CONFIG=/nonexistent "$T_TMP/hooks/qemu" "$@"; }
before=$(t_kstate "$NS")
t_run "libvirt started" 0 sh -c "ip netns exec '$NS' env BRKIT_CONFIG=/nonexistent '$T_TMP/hooks/qemu' vm-n started begin - <'$T_TMP/dom.xml'"
t_eq "t-le (type='ethernet') on vn1's bridge brk-vn1 (ip, bridge)" \
	"$(ipd t-le .master) $(brmaster t-le)" "brk-vn1 brk-vn1"
t_eq "t-le locked, the guest's MAC pinned" \
	"$(slave t-le locked) $(bridge -n "$NS" -j fdb show dev t-le | jq -r '[.[] | select(.state == "static") | .mac] | join(",")')" \
	"true 52:54:00:bb:00:01"
t_eq "t-ln (type='network', libvirt's own) left alone" "$(ipd t-ln .master)" "null"
t_run "libvirt stopped" 0 sh -c "ip netns exec '$NS' env BRKIT_CONFIG=/nonexistent '$T_TMP/hooks/qemu' vm-n stopped end - <'$T_TMP/dom.xml'"
t_eq "stopped: every change undone" "$(t_kstate "$NS")" "$before"
# an ethernet interface named by a config line `PATTERN network NAME`
sed -e '/<brkit:port/,/\/>/d' "$T_TMP/dom.xml" >"$T_TMP/dom-conf.xml"
printf 't-le network vn0 isolated\n' >"$T_TMP/le.conf"
t_run "libvirt started, the spec from the config" 0 sh -c "ip netns exec '$NS' env BRKIT_CONFIG='$T_TMP/le.conf' '$T_TMP/hooks/qemu' vm-n started begin - <'$T_TMP/dom-conf.xml'"
t_eq "t-le on vn0's bridge brk-vn0, isolated" "$(ipd t-le .master) $(slave t-le isolated)" "brk-vn0 true"
t_run "libvirt stopped" 0 sh -c "ip netns exec '$NS' env BRKIT_CONFIG='$T_TMP/le.conf' '$T_TMP/hooks/qemu' vm-n stopped end - <'$T_TMP/dom-conf.xml'"
t_eq "stopped: every change undone" "$(t_kstate "$NS")" "$before"
printf 't-le bridge br-x\n' >"$T_TMP/le.conf"
t_run "an ethernet interface whose line names no network: left alone" 0 sh -c "ip netns exec '$NS' env BRKIT_CONFIG='$T_TMP/le.conf' '$T_TMP/hooks/qemu' vm-n started begin - <'$T_TMP/dom-conf.xml'"
t_eq "  says so" "$(echo "$T_OUT" | grep -c "t-le: <interface type='ethernet'> of domain vm-n and the line of $T_TMP/le.conf names no brkit network: left as libvirt made it")" "1"
t_eq "  t-le on no bridge" "$(ipd t-le .master)" "null"
# type='bridge' with network=: the source bridge must be the network's
ip -n "$NS" link set t-le master br-x
sed -e "s|<interface type='ethernet'>|<interface type='bridge'><source bridge='br-x'/>|" \
	"$T_TMP/dom.xml" >"$T_TMP/dom-br.xml"
t_bad "$NS" "type='bridge' on another bridge than the network's" 1 \
	"t-le: network vn1's bridge is brk-vn1, but domain vm-n puts it on bridge br-x \\(for a brkit network use <interface type='ethernet'>\\)" \
	sh -c "ip netns exec '$NS' env BRKIT_CONFIG=/nonexistent '$T_TMP/hooks/qemu' vm-n started begin - <'$T_TMP/dom-br.xml'"
ip -n "$NS" link set t-le nomaster
ip -n "$NS" link set t-le master brk-vn1
sed -e "s|<interface type='ethernet'>|<interface type='bridge'><source bridge='brk-vn1'/>|" \
	"$T_TMP/dom.xml" >"$T_TMP/dom-br.xml"
t_run "type='bridge' on the network's own bridge: the spec applies" 0 sh -c "ip netns exec '$NS' env BRKIT_CONFIG=/nonexistent '$T_TMP/hooks/qemu' vm-n started begin - <'$T_TMP/dom-br.xml'"
t_eq "  t-le on brk-vn1, locked" "$(ipd t-le .master) $(slave t-le locked)" "brk-vn1 true"
t_run "  stopped" 0 sh -c "ip netns exec '$NS' env BRKIT_CONFIG=/nonexistent '$T_TMP/hooks/qemu' vm-n stopped end - <'$T_TMP/dom-br.xml'"
t_eq "  unlocked, left on brk-vn1 as libvirt put it" "$(ipd t-le .master) $(slave t-le locked)" "brk-vn1 false"
ip -n "$NS" link set t-le nomaster
sed -e 's/network="vn1"/network="nope"/' "$T_TMP/dom.xml" >"$T_TMP/dom-nope.xml"
t_bad "$NS" "libvirt: a brkit:port naming no network" 1 "t-le: network nope: no such brkit network" \
	sh -c "ip netns exec '$NS' env BRKIT_CONFIG=/nonexistent '$T_TMP/hooks/qemu' vm-n started begin - <'$T_TMP/dom-nope.xml'"
sed -e 's/network="vn1"//' "$T_TMP/dom.xml" >"$T_TMP/dom-nonet.xml"
t_bad "$NS" "libvirt: an ethernet interface's brkit:port without network=" 1 \
	"interface t-le: brkit:port: an <interface type='ethernet'> joins a brkit network: give network='NAME'" \
	sh -c "ip netns exec '$NS' env BRKIT_CONFIG=/nonexistent '$T_TMP/hooks/qemu' vm-n started begin - <'$T_TMP/dom-nonet.xml'"

# ---- the setuid bridge helper, run by an unprivileged user: --br=NETWORK ----
h_claim
sec_user_add
sec_dir
sec_setuid_copy "$HELPER_SRC" qemu-bridge-helper || exit 1
H=$SEC_DIR/qemu-bridge-helper
cp "$QFD" "$SEC_DIR/qemu_fd" && chmod 0755 "$SEC_DIR/qemu_fd"
QFD=$SEC_DIR/qemu_fd
printf 'allow brk-vn1\n' >"$HD/bridge.conf"
cat >"$HD/vm-ports.conf" <<EOF
acl $HD/bridge.conf
x network vn1 lock mac 52:54:00:18:00:03
x network vn0
x network vn2
x network vn3
x network vn4
x network vn7
x network nope
EOF
chmod 0644 "$HD/bridge.conf" "$HD/vm-ports.conf"
u_run() {
	ip netns exec "$NS" setpriv --reuid="$SEC_UID" --regid="$SEC_GID" --clear-groups \
		--inh-caps=-all -- "$@" >"$T_TMP/u.out" 2>"$T_TMP/u.err"
	U_OUT=$(cat "$T_TMP/u.out")
	U_ERR=$(cat "$T_TMP/u.err")
	U_EXIT=$(echo "$U_OUT" | sed -n 's/^exit //p')
}
ports() { ip -n "$NS" -j link show master "$1" | jq -r '[.[].ifname] | sort | join(" ")'; }
# refused_h DESC PATTERN ARGS: exit 1, the reason, no fd, no tap, no port
refused_h() {
	_d=$1 _p=$2
	shift 2
	_b=$(t_kstate "$NS")
	u_run "$QFD" "$H" "$@"
	t_eq "helper, $_d: exit 1, no fd" "$U_EXIT $(echo "$U_OUT" | head -1)" "1 nofd"
	if printf '%s' "$U_ERR" | grep -Eq -- "$_p"; then t_ok "helper, $_d: says why"; else
		t_fail "helper, $_d: stderr [$U_ERR] does not match /$_p/"; fi
	t_eq "helper, $_d: nothing plugged, no tap" "$(t_kstate "$NS") $(taps)" "$_b 0"
}
HSD=$HD/state/net-$(stat -c %i "/run/netns/$NS")
u_run "$QFD" --hold 5 "$H" --br=vn1 &
qpid=$!
# the helper writes the port's state when every step is done: then one snapshot
# of what the kernel says, while QEMU's side still holds the fd
_i=0
while [ $_i -lt 300 ] && [ -z "$(ls "$HSD" 2>/dev/null)" ]; do sleep 0.1; _i=$((_i + 1)); done
tp=$(ls "$HSD" 2>/dev/null)
snap_ports=$(ports brk-vn1)
snap_br=$(brmaster "$tp")
snap_flags="$(slave "$tp" locked) $(slave "$tp" guard) $(ipd "$tp" .mtu)"
snap_spec=$(sed -n 's/^spec=//p' "$HSD/$tp" 2>/dev/null)
t_eq "helper --br=vn1 (as $SEC_USER): one tap on vn1's bridge brk-vn1 (ip -j link show master)" \
	"$snap_ports" "$tp"
t_eq "  bridge -j link show says brk-vn1" "$snap_br" "brk-vn1"
t_eq "  the config line's spec: locked, guarded; the network's mtu 9000" "$snap_flags" \
	"true true 9000"
t_eq "  the state (root's fixed directory) says network vn1" "$snap_spec" \
	"network vn1 mtu auto mac 52:54:00:18:00:03 lock"
wait $qpid
t_eq "  the helper exited 0 with a fd" "$(sed -n 's/^exit //p' "$T_TMP/u.out") $(head -1 "$T_TMP/u.out" | cut -c1-5)" "0 fd ta"
t_eq "  the tap is gone with QEMU's fd" "$(taps) [$(ports brk-vn1)]" "0 []"
refused_h "the ACL on the network's bridge (vn0 is brk-vn0)" \
	"network vn0: its bridge brk-vn0 is not allowed by the ACL $HD/bridge.conf" --br=vn0
refused_h "no such network" "network nope: no such brkit network \\(no state in $ND\\)" --br=nope
refused_h "an incomplete network" "network vn2: being made or broken" --br=vn2
mk_state vn3 brk-vn1 1
chmod 0666 "$ND/vn3/state"
refused_h "a state file writable by others" "$ND/vn3/state: writable by group or others \\(refused\\)" --br=vn3
rm -rf "$ND/vn3"
mk_state vn3 brk-vn1 1
chown "$SEC_UID" "$ND/vn3/state"
refused_h "a state file of the user's" "$ND/vn3/state: not owned by root \\(refused\\)" --br=vn3
rm -rf "$ND/vn3"
refused_h "a state file that is a symbolic link" "$ND/vn4/state: a symbolic link \\(refused\\)" --br=vn4
mk_state vn7 brk-vn1 1
printf 'name=vn7\nbridge=brk-vn1\ncomplete=1\nSECRET-%s-MARKER=1\n' "$$" >"$ND/vn7/state"
chmod 0600 "$ND/vn7/state"
refused_h "a state that does not parse" \
	"network vn7: state $ND/vn7/state: not a brkit network's state \\(its text is not shown\\)" --br=vn7
t_eq "helper: the bad state's text is in no output" \
	"$(printf '%s %s' "$U_OUT" "$U_ERR" | grep -c "SECRET-$$")" 0
# a name no config line gives as a network is a bridge name, as before
refused_h "--br=vn9 (no config line): the ACL on bridge vn9" "bridge vn9 is not allowed by the ACL" --br=vn9

# ---- the networks go: brkit net del, the hand-made states first ----
for n in vn2 vn3 vn4 vn5 vn6 vn7; do rm -rf "${ND:?}/$n"; done
t_run "net del vn1" 0 bk net del vn1
t_run "net del vn0" 0 bk net del vn0
t_eq "their bridges are gone (ip -j)" \
	"$(ip -n "$NS" -j link show type bridge | jq -r '[.[].ifname] | sort | join(" ")')" "br-x"
t_run "vm-port up on a deleted network is refused" 1 bk vm-port up t-vn1 network vn1
t_errmatch "  no such brkit network" "network vn1: no such brkit network"

t_end

#!/bin/sh
# Issue 19, item 2: lock must never cut a VM off its network. A guest (the
# tap_guest tool holding the tap as QEMU's NIC would) asks the bridge's address
# for its MAC by ARP from its own 52:54:00:... address; on a locked port that
# pins anything but that address the bridge drops the request and no reply ever
# comes. Each path that plugs a tap with lock either pins the guest's MAC (the
# reply arrives, a spoofed source still gets nothing) or refuses, saying which
# MAC it needs, having changed nothing:
#  - vm-port up ... lock without mac, on this kernel (MAB, Linux 6.2+): the
#    port is locked with MAB and a detached waiter pins the guest's first
#    source MAC (the kernel's `locked` FDB entry), then turns MAB off; a second
#    MAC of the guest gets nothing; down stops the waiter and undoes all, also
#    after the waiter was killed. On a kernel without MAB (simulated with
#    BRKIT_VMPORT_TEST_NO_MAB=1: IFLA_BRPORT_MAB not sent, the read-back finds
#    it off): refused (exit 1), naming the kernel feature, nothing changed
#  - qemu-ifup, spec from the environment: BRKIT_MAC gives the guest's MAC;
#    BRKIT_LOCK=yes without it: learnt as above
#  - qemu-ifup, spec from a config line matching many taps (`t-l* bridge br-l
#    lock`): BRKIT_MAC (one address, or TAP=MAC,... for several NICs) gives it;
#    without it: learnt; a BRKIT_MAC list naming other taps only: refused
#  - libvirt's hook, spec from a config line: the interface's <mac address>
#  - the bridge helper: a config line with lock and no mac: refused (exit 1,
#    no fd, no tap); QEMU does not tell it the guest's MAC
# Kernel state is read back with `bridge -j fdb show` and `ip -j -d link show`;
# MAB and `locked` FDB entries, which iproute2 6.1 does not show, with
# libnl-route-3 (tests/tools/nlread portflags / fdb).
. "$(dirname "$0")/../lib.sh"

GUEST=$BUILD/tests/tools/tap_guest
QFD=$BUILD/tests/tools/qemu_fd
[ -x "$GUEST" ] && [ -x "$QFD" ] || { echo "make tools first ($GUEST, $QFD)" >&2; exit 1; }

t_netns_new NS
export BRKIT_STATE_DIR="$T_TMP/state"
SD="$BRKIT_STATE_DIR/net-$(stat -c %i "/run/netns/$NS")"
export BRKIT_CONFIG="$T_TMP/vm-ports.conf"
for l in qemu-ifup qemu-ifdown; do ln -sf "$BUILD/brkit-hook" "$T_TMP/$l"; done
mkdir -p "$T_TMP/hooks"
ln -sf "$BUILD/brkit-hook" "$T_TMP/hooks/qemu"
ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n "$NS" link add br-l type bridge
ip -n "$NS" link set br-l address 02:00:00:19:02:fe up # fixed: not the lowest port MAC
ip -n "$NS" addr add 192.0.2.1/24 dev br-l
bk() { "$BRKIT" -n "$NS" "$@"; }
ipd() { t_ipj "$NS" "$@"; }
slave() { ipd "$1" ".linkinfo.info_slave_data.$2"; }
pins() {
	bridge -n "$NS" -j fdb show dev "$1" | jq -r '[.[] | select(.state == "static") |
		"\(.mac) \(.vlan // 0)"] | sort | join(",")'
}
# qx ARGS: a hook as QEMU runs it, in $NS, with no spec in the environment but what ARGS give
qx() { ip netns exec "$NS" env -u BRKIT_BRIDGE -u BRKIT_NETWORK -u BRKIT_MAC -u BRKIT_LOCK "$@"; }
# guest TAP MAC IP [SECS]: the guest's ARP for the bridge's address (192.0.2.1)
guest() { ip netns exec "$NS" "$GUEST" "$1" "$2" "$3" 192.0.2.1 "${4:-30}"; }
BRMAC=$(ipd br-l .address)
# settle TAP: once the guest tool has let the tap go, its carrier drops and the
# bridge disables the port on its own, a moment later: wait for that, so the
# next "nothing changed" snapshot does not catch the kernel's own change
settle() {
	_i=0
	while [ "$(slave "$1" state 2>/dev/null)" = forwarding ] && [ $_i -lt 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
}
# reaches DESC TAP MAC IP: the guest's ARP is answered by the bridge (polled up to 30 s)
reaches() {
	_r=$(guest "$2" "$3" "$4")
	t_eq "$1" "$_r" "reply $BRMAC"
	settle "$2"
}
# cut_off DESC TAP MAC IP: a source the port does not pin gets no answer (3 s of
# requests; the positive checks around it show the same exchange works)
cut_off() {
	_r=$(guest "$2" "$3" "$4" 3)
	t_eq "$1" "$_r" "no reply"
	settle "$2"
}
G1=52:54:00:19:02:01
G2=52:54:00:19:02:02
ip -n "$NS" tuntap add t-l1 mode tap
ip -n "$NS" tuntap add t-l2 mode tap
ip -n "$NS" tuntap add t-lv mode tap

# ---- the control: a port without lock answers the guest, so the checks can fail ----
t_run "control: vm-port up t-l1 without lock" 0 bk vm-port up t-l1 bridge br-l
reaches "control: the guest on an unlocked port gets the bridge's ARP reply" t-l1 "$G1" 192.0.2.11
t_run "control: down t-l1" 0 bk vm-port down t-l1

# ---- vm-port up: lock without mac learns the guest's first MAC (MAB) ----
t_bad "$NS" "lock without mac, a kernel without MAB (simulated)" 1 \
	"t-l1: lock without the guest's MAC: this kernel cannot learn it .*IFLA_BRPORT_MAB, Linux 6.2 or later.*give the guest's MAC \(mac ADDR; qemu-ifup: BRKIT_MAC\)" \
	env BRKIT_VMPORT_TEST_NO_MAB=1 "$BRKIT" -n "$NS" vm-port up t-l1 bridge br-l lock
t_eq "  no state written" "$(ls "$SD" 2>/dev/null)" ""
# waiter_of TAP: the waiter's pid from the state file ("" none)
waiter_of() { sed -n 's/^waiter=\([0-9]*\) .*/\1/p' "$SD/$1" 2>/dev/null; }
# alive PID: a running process (a zombie is not: pid 1 here may not reap)
alive() { [ -n "$1" ] && [ -r "/proc/$1/stat" ] && ! awk '{ s = $0; sub(/.*\) /, "", s); exit (substr(s, 1, 1) == "Z" ? 0 : 1) }' "/proc/$1/stat"; }
# poll_until SECS CMD...: until CMD succeeds, at most SECS s (then the check after it fails)
poll_until() {
	_pu=$(($1 * 10))
	shift
	while [ "$_pu" -gt 0 ] && ! "$@" >/dev/null 2>&1; do
		sleep 0.1
		_pu=$((_pu - 1))
	done
}
pinned_is() { [ "$(pins "$1")" = "$2" ]; }
not_alive() { ! alive "$1"; }
# portflags TAP: "locked mab" through libnl-route-3
portflags() { t_nlget "$NS" portflags "$1" locked mab; }
# locked_entries TAP: the port's `locked` FDB entries through libnl-route-3
locked_entries() { t_nl "$NS" fdb | grep "dev=$1 " | grep -c "locked,"; }

t_run "vm-port up t-l1 lock without mac: up, learning" 0 bk vm-port up t-l1 bridge br-l lock
W=$(waiter_of t-l1)
t_eq "  a waiter runs, its pid in the state" "$(alive "$W" && echo running)" "running"
t_eq "  locked with MAB (libnl), nothing pinned yet (iproute2)" "$(portflags t-l1) [$(pins t-l1)]" \
	"1 1 []"
t_run "  vm-port show t-l1" 0 bk vm-port show t-l1
t_eq "  show: waiting for the guest's first MAC" \
	"$(echo "$T_OUT" | grep -c "lock: waiting for the guest's first MAC, pid $W")" 1
reaches "  the guest reaches the bridge (its first frames dropped until the pin)" t-l1 "$G1" \
	192.0.2.11
poll_until 30 pinned_is t-l1 "$G1 0"
t_eq "  the guest's MAC pinned static (iproute2)" "$(pins t-l1)" "$G1 0"
t_eq "  the pin read by libnl: static, on t-l1" \
	"$(t_nl "$NS" fdb | grep "mac=$G1 " | sed 's/ master=.*state=/ /')" \
	"mac=$G1 dev=t-l1 static flags="
t_eq "  MAB off, the port still locked (libnl); no locked entry left" \
	"$(portflags t-l1) $(locked_entries t-l1)" "1 0 0"
poll_until 30 not_alive "$W"
t_eq "  the waiter exited (pid $W)" "$(alive "$W" && echo running)" ""
t_eq "  the state records the learnt pin" \
	"$(grep -E '^(pin|learnt|mab|waiter)=' "$SD/t-l1" | tr '\n' ' ')" "pin=$G1 0 learnt=1 "
t_run "  vm-port -j show t-l1" 0 bk -j vm-port show t-l1
t_eq "  show -j: learnt, pinned the guest's MAC" \
	"$(echo "$T_OUT" | jq -r '.[0] | "\(.learnt) \(.pinned_mac)"')" "true $G1"
cut_off "  a second MAC from the same guest gets no answer" t-l1 52:54:00:19:02:98 192.0.2.98
t_eq "  ... and is not learnt: only the first MAC pinned, no locked entry" \
	"$(pins t-l1) $(locked_entries t-l1)" "$G1 0 0"
reaches "  the first MAC still reaches the bridge" t-l1 "$G1" 192.0.2.11
t_run "  down t-l1" 0 bk vm-port down t-l1
t_eq "  released, no pin, not locked, no MAB, no state" \
	"$(ipd t-l1 .master) [$(pins t-l1)] $(portflags t-l1) [$(ls "$SD")]" "null [] 0 0 []"

t_run "vm-port up t-l1 lock without mac, then down before the guest sends" 0 \
	bk vm-port up t-l1 bridge br-l lock
W=$(waiter_of t-l1)
t_eq "  a waiter runs" "$(alive "$W" && echo running)" "running"
t_run "  down t-l1" 0 bk vm-port down t-l1
t_eq "  down stopped the waiter (pid $W)" "$(alive "$W" && echo running)" ""
t_eq "  released, no pin, not locked, no MAB, no state" \
	"$(ipd t-l1 .master) [$(pins t-l1)] $(portflags t-l1) [$(ls "$SD")]" "null [] 0 0 []"

t_run "vm-port up t-l1 lock without mac; the waiter is killed mid-way" 0 \
	bk vm-port up t-l1 bridge br-l lock
W=$(waiter_of t-l1)
kill -9 "$W"
poll_until 30 not_alive "$W"
t_eq "  the waiter is gone (pid $W)" "$(alive "$W" && echo running)" ""
t_run "  vm-port show t-l1" 0 bk vm-port show t-l1
t_eq "  show: not learning, says what to do" \
	"$(echo "$T_OUT" | grep -c "lock: not learning, the waiter is gone: vm-port up again restarts it")" 1
cut_off "  the guest's frames are dropped (nothing pinned: locked, nothing learnt)" t-l1 "$G1" \
	192.0.2.11
t_run "  down still cleans" 0 bk vm-port down t-l1
t_eq "  released, no pin, not locked, no MAB, no locked entry, no state" \
	"$(ipd t-l1 .master) [$(pins t-l1)] $(portflags t-l1) $(locked_entries t-l1) [$(ls "$SD")]" \
	"null [] 0 0 0 []"

t_run "vm-port up t-l1 lock without mac; the waiter is killed, up again" 0 \
	bk vm-port up t-l1 bridge br-l lock
W=$(waiter_of t-l1)
kill -9 "$W"
poll_until 30 not_alive "$W"
t_run "  up again, the same spec" 0 bk vm-port up t-l1 bridge br-l lock
W2=$(waiter_of t-l1)
t_eq "  a new waiter runs" "$([ "$W2" != "$W" ] && alive "$W2" && echo running)" "running"
reaches "  the guest reaches the bridge" t-l1 "$G1" 192.0.2.11
poll_until 30 pinned_is t-l1 "$G1 0"
t_eq "  the guest's MAC pinned, MAB off" "$(pins t-l1) $(portflags t-l1)" "$G1 0 1 0"
t_run "  down t-l1" 0 bk vm-port down t-l1
t_eq "  released, no pin, not locked, no MAB, no state, no waiter" \
	"$(ipd t-l1 .master) [$(pins t-l1)] $(portflags t-l1) [$(ls "$SD")] $(alive "$W2" && echo running)" \
	"null [] 0 0 [] "

t_run "vm-port up t-l1 lock mac $G1" 0 bk vm-port up t-l1 bridge br-l lock mac "$G1"
t_eq "  locked, the guest's MAC pinned" "$(slave t-l1 locked) $(pins t-l1)" "true $G1 0"
reaches "  the guest reaches the bridge" t-l1 "$G1" 192.0.2.11
cut_off "  a spoofed source does not" t-l1 52:54:00:19:02:99 192.0.2.99
t_run "  down t-l1" 0 bk vm-port down t-l1

# ---- qemu-ifup, the spec from the environment ----
t_run "qemu-ifup, BRKIT_LOCK=yes without BRKIT_MAC: learns the guest's MAC" 0 \
	qx BRKIT_BRIDGE=br-l BRKIT_LOCK=yes "$T_TMP/qemu-ifup" t-l1
t_eq "  quiet (the waiter holds none of the hook's output open)" "$T_OUT$T_ERR" ""
W=$(waiter_of t-l1)
reaches "  the guest reaches the bridge" t-l1 "$G1" 192.0.2.11
poll_until 30 pinned_is t-l1 "$G1 0"
t_eq "  the guest's MAC pinned, locked, MAB off" "$(pins t-l1) $(portflags t-l1)" "$G1 0 1 0"
t_run "  qemu-ifdown t-l1" 0 qx "$T_TMP/qemu-ifdown" t-l1
t_eq "  released, no pin, no waiter" "$(ipd t-l1 .master) [$(pins t-l1)] $(alive "$W" && echo running)" \
	"null [] "
t_run "qemu-ifup, BRKIT_LOCK=yes BRKIT_MAC=$G1" 0 \
	qx BRKIT_BRIDGE=br-l BRKIT_LOCK=yes BRKIT_MAC="$G1" "$T_TMP/qemu-ifup" t-l1
t_eq "  quiet" "$T_OUT$T_ERR" ""
t_eq "  on br-l, locked, the guest's MAC pinned" \
	"$(ipd t-l1 .master) $(slave t-l1 locked) $(pins t-l1)" "br-l true $G1 0"
t_eq "  the state's spec has the MAC" "$(sed -n 's/^spec=//p' "$SD/t-l1")" \
	"bridge br-l mac $G1 lock"
reaches "  the guest reaches the bridge" t-l1 "$G1" 192.0.2.11
cut_off "  a spoofed source does not" t-l1 52:54:00:19:02:99 192.0.2.99
t_run "  qemu-ifdown t-l1" 0 qx "$T_TMP/qemu-ifdown" t-l1
t_eq "  released, no pin left" "$(ipd t-l1 .master) [$(pins t-l1)]" "null []"
t_bad "$NS" "qemu-ifup, a bad BRKIT_MAC" 2 "BRKIT_MAC='52:54:00:zz:00:01'" \
	qx BRKIT_BRIDGE=br-l BRKIT_LOCK=yes BRKIT_MAC=52:54:00:zz:00:01 "$T_TMP/qemu-ifup" t-l1
t_bad "$NS" "qemu-ifup, a multicast BRKIT_MAC" 2 "BRKIT_MAC='01:00:5e:00:00:01'" \
	qx BRKIT_BRIDGE=br-l BRKIT_LOCK=yes BRKIT_MAC=01:00:5e:00:00:01 "$T_TMP/qemu-ifup" t-l1
t_run "qemu-ifup, BRKIT_MAC without lock: not used (nothing pinned)" 0 \
	qx BRKIT_BRIDGE=br-l BRKIT_MAC="$G1" "$T_TMP/qemu-ifup" t-l1
t_eq "  not locked, nothing pinned" "$(slave t-l1 locked) [$(pins t-l1)]" "false []"
t_run "  qemu-ifdown t-l1" 0 qx "$T_TMP/qemu-ifdown" t-l1

# ---- qemu-ifup, the spec from a config line that matches many taps ----
cat >"$BRKIT_CONFIG" <<CONF
t-l* bridge br-l lock
CONF
t_run "qemu-ifup t-l2, config 't-l* bridge br-l lock', no BRKIT_MAC: learns it" 0 \
	qx "$T_TMP/qemu-ifup" t-l2
reaches "  the guest on t-l2 reaches the bridge" t-l2 "$G2" 192.0.2.12
poll_until 30 pinned_is t-l2 "$G2 0"
t_eq "  t-l2's guest MAC pinned" "$(pins t-l2)" "$G2 0"
t_run "  qemu-ifdown t-l2" 0 qx "$T_TMP/qemu-ifdown" t-l2
t_bad "$NS" "qemu-ifup, config line, no BRKIT_MAC, a kernel without MAB (simulated)" 1 \
	"t-l1: lock without the guest's MAC: this kernel cannot learn it" \
	qx BRKIT_VMPORT_TEST_NO_MAB=1 "$T_TMP/qemu-ifup" t-l1
t_run "qemu-ifup t-l1, the config line and BRKIT_MAC=t-l1=$G1,t-l2=$G2" 0 \
	qx BRKIT_MAC="t-l1=$G1,t-l2=$G2" "$T_TMP/qemu-ifup" t-l1
t_run "qemu-ifup t-l2, the same environment (QEMU's, for both NICs)" 0 \
	qx BRKIT_MAC="t-l1=$G1,t-l2=$G2" "$T_TMP/qemu-ifup" t-l2
t_eq "  each tap pins its own guest's MAC" "$(pins t-l1) $(pins t-l2)" "$G1 0 $G2 0"
t_eq "  both locked" "$(slave t-l1 locked) $(slave t-l2 locked)" "true true"
reaches "  the guest on t-l1 reaches the bridge" t-l1 "$G1" 192.0.2.11
reaches "  the guest on t-l2 reaches the bridge" t-l2 "$G2" 192.0.2.12
cut_off "  t-l2's guest spoofing t-l1's MAC does not" t-l2 "$G1" 192.0.2.12
t_bad "$NS" "qemu-ifup, BRKIT_MAC's list does not name the tap" 2 \
	"t-lv: lock needs the guest's MAC.*BRKIT_MAC names other taps" \
	qx BRKIT_MAC="t-l1=$G1,t-l2=$G2" "$T_TMP/qemu-ifup" t-lv
t_run "  qemu-ifdown t-l1" 0 qx "$T_TMP/qemu-ifdown" t-l1
t_run "  qemu-ifdown t-l2" 0 qx "$T_TMP/qemu-ifdown" t-l2
t_run "qemu-ifup t-l1, the config line and a single BRKIT_MAC=$G1" 0 \
	qx BRKIT_MAC="$G1" "$T_TMP/qemu-ifup" t-l1
t_eq "  pinned" "$(pins t-l1)" "$G1 0"
reaches "  the guest reaches the bridge" t-l1 "$G1" 192.0.2.11
t_run "  qemu-ifdown t-l1" 0 qx "$T_TMP/qemu-ifdown" t-l1
cat >"$BRKIT_CONFIG" <<CONF
t-l1 bridge br-l lock mac $G1
CONF
t_bad "$NS" "qemu-ifup, the line's mac and another BRKIT_MAC" 2 \
	"t-l1: BRKIT_MAC=$G2 is not the mac $G1 of the port spec" \
	qx BRKIT_MAC="$G2" "$T_TMP/qemu-ifup" t-l1
t_run "qemu-ifup, a line of one tap with its mac (no BRKIT_MAC)" 0 qx "$T_TMP/qemu-ifup" t-l1
t_eq "  pinned" "$(pins t-l1)" "$G1 0"
t_run "  qemu-ifdown t-l1" 0 qx "$T_TMP/qemu-ifdown" t-l1

# ---- libvirt's hook: a config line with lock takes <mac address> ----
cat >"$BRKIT_CONFIG" <<CONF
t-l* bridge br-l lock
CONF
cat >"$T_TMP/dom.xml" <<XML
<domain type='kvm'><name>vm-l</name><devices>
  <interface type='bridge'><mac address='$G2'/><source bridge='br-l'/><target dev='t-lv'/></interface>
</devices></domain>
XML
t_run "libvirt: started, the config line's lock" 0 \
	sh -c "ip netns exec '$NS' '$T_TMP/hooks/qemu' vm-l started begin - <'$T_TMP/dom.xml'"
t_eq "  the guest's <mac address> pinned, locked" "$(pins t-lv) $(slave t-lv locked)" "$G2 0 true"
reaches "  the guest reaches the bridge" t-lv "$G2" 192.0.2.13
t_run "libvirt: stopped" 0 \
	sh -c "ip netns exec '$NS' '$T_TMP/hooks/qemu' vm-l stopped end - <'$T_TMP/dom.xml'"
t_eq "  released, no pin" "$(ipd t-lv .master) [$(pins t-lv)]" "null []"

sed -e '/<mac address/s|<mac address=[^>]*>||' "$T_TMP/dom.xml" >"$T_TMP/nomac.xml"
t_bad "$NS" "libvirt: the config line locks, the interface has no <mac address>" 1 \
	"t-lv: the line of $BRKIT_CONFIG locks, and domain vm-l gives the interface no unicast <mac address>" \
	sh -c "ip netns exec '$NS' '$T_TMP/hooks/qemu' vm-l started begin - <'$T_TMP/nomac.xml'"

# ---- the bridge helper: QEMU does not tell it the guest's MAC ----
cat >"$BRKIT_CONFIG" <<CONF
acl $T_TMP/bridge.conf
t-l* bridge br-l lock
CONF
printf 'allow br-l\n' >"$T_TMP/bridge.conf"
ntaps() { ip -n "$NS" -j link show type tun | jq 'length'; }
before=$(t_kstate "$NS")
taps0=$(ntaps)
t_run "helper --br=br-l, the line locks without mac: refused" 1 \
	ip netns exec "$NS" "$QFD" "$BUILD/qemu-bridge-helper" --br=br-l
t_eq "  no fd" "$(echo "$T_OUT" | head -1)" "nofd"
t_errmatch "  says why" "$BRKIT_CONFIG:2: lock without mac: the bridge helper cannot know the guest's MAC"
t_eq "  nothing plugged, no tap made" "$(t_kstate "$NS") $(ntaps)" "$before $taps0"
t_eq "  no state" "$(ls "$SD" 2>/dev/null)" ""
cat >"$BRKIT_CONFIG" <<CONF
acl $T_TMP/bridge.conf
t-l* bridge br-l lock mac $G1
CONF
t_run "helper --br=br-l, the line gives the mac: a tap" 0 \
	ip netns exec "$NS" "$QFD" "$BUILD/qemu-bridge-helper" --br=br-l
t_eq "  a fd came back" "$(echo "$T_OUT" | head -1 | cut -c1-3)" "fd "

t_end

#!/bin/sh
# Real QEMU as the client (TCG, paused with -S, no guest): -netdev tap with
# script=qemu-ifup,downscript=qemu-ifdown and -netdev bridge with
# helper=qemu-bridge-helper each end with the tap on the bridge with its spec,
# and quitting QEMU undoes it. The helper, installed setuid root and run by
# QEMU as an unprivileged user, creates nothing for a bridge the ACL denies.
# QEMU runs in the test's namespace. The unprivileged runs use the test copy
# of the helper (build/test/qemu-bridge-helper: its files under $HD).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/helper.inc"
trap 'h_release; t_cleanup' EXIT

t_netns_new NS
chmod 755 "$T_TMP" # the unprivileged QEMU reads the config
export BRKIT_STATE_DIR="$T_TMP/state"
# state is kept per network namespace: BRKIT_STATE_DIR/net-INODE for $NS
SD="$BRKIT_STATE_DIR/net-$(stat -c %i "/run/netns/$NS")"
export BRKIT_CONFIG="$T_TMP/vm-ports.conf"
for l in qemu-ifup qemu-ifdown; do ln -sf "$BUILD/brkit-hook" "$T_TMP/$l"; done
# root's QEMU runs the helper program (root may name its files: BRKIT_CONFIG)
ln -sf "$BUILD/qemu-bridge-helper" "$T_TMP/qemu-bridge-helper"
ip -n "$NS" link add br-q type bridge
ip -n "$NS" link set br-q up
ip -n "$NS" link add br-d type bridge
ip -n "$NS" link set br-d up
printf 'allow br-q\n' >"$T_TMP/bridge.conf"
cat >"$T_TMP/vm-ports.conf" <<CONF
acl $T_TMP/bridge.conf
t-qa bridge br-q lock mac 52:54:00:00:00:aa isolated
t-*  bridge br-q lock mac 52:54:00:00:00:bb
CONF
ipd() { t_ipj "$NS" "$@"; }
slave() { ipd "$1" ".linkinfo.info_slave_data.$2"; }
pins() {
	bridge -n "$NS" -j fdb show dev "$1" | jq -r '.[] | select(.state == "static") |
		"\(.mac) \(.vlan // 0)"' | sort
}
ports() { ip -n "$NS" -j link show master "$1" | jq -r '.[].ifname' | sort | tr '\n' ' '; }

# qemu_start NAME ARGS...: QEMU paused, its monitor on a fifo; qemu_quit NAME.
qemu_start() {
	_n=$1
	shift
	mkfifo "$T_TMP/$_n.in"
	ip netns exec "$NS" "$@" -accel tcg -S -nographic -nodefaults -M none -monitor stdio \
		<"$T_TMP/$_n.in" >"$T_TMP/$_n.out" 2>"$T_TMP/$_n.err" &
	eval "${_n}_pid=\$!"
	exec 9>"$T_TMP/$_n.in"
}
qemu_quit() {
	echo quit >&9
	exec 9>&-
	eval "wait \$${1}_pid"
}
# wait_for DESC CMD...: poll until CMD succeeds or QEMU is gone (not a timed assertion:
# the check after it decides).
wait_for() {
	_i=0
	while [ $_i -lt 600 ]; do
		"$@" && return 0
		_i=$((_i + 1))
		sleep 0.1
	done
	return 1
}
on_bridge() { [ "$(ipd "$1" .master 2>/dev/null)" = "$2" ] && [ -e "$SD/$1" ]; }

# ---- -netdev tap,script=qemu-ifup,downscript=qemu-ifdown ----
qemu_start qa qemu-system-x86_64 -netdev \
	"tap,id=n0,ifname=t-qa,script=$T_TMP/qemu-ifup,downscript=$T_TMP/qemu-ifdown"
wait_for on_bridge t-qa br-q
t_eq "tap: t-qa on br-q (qemu-ifup ran)" "$(ipd t-qa .master)" "br-q"
t_eq "tap: t-qa locked, isolated, guarded" \
	"$(slave t-qa locked) $(slave t-qa isolated) $(slave t-qa guard) $(slave t-qa root_block)" \
	"true true true true"
t_eq "tap: the guest MAC pinned" "$(pins t-qa)" "52:54:00:00:00:aa 0"
qemu_quit qa
t_eq "tap: QEMU exited 0" "$?" "0"
t_eq "tap: the tap is gone after quit" "$(ip -n "$NS" link show t-qa 2>/dev/null | wc -l)" "0"
t_eq "tap: qemu-ifdown removed the state" "$(ls "$SD" | grep -c t-qa)" "0"
t_eq "tap: nothing pinned on br-q" "$(bridge -n "$NS" -j fdb show br br-q | jq '[.[] | select(.state == "static")] | length')" "0"
t_eq "tap: no hook complained on QEMU's stderr" "$(grep -c 'qemu-if' "$T_TMP/qa.err")" "0"

# ---- -netdev bridge,br=br-q,helper=qemu-bridge-helper ----
helper_tap() { _p=$(ports br-q); [ -n "$_p" ]; }
qemu_start qb qemu-system-x86_64 -netdev "bridge,id=n1,br=br-q,helper=$T_TMP/qemu-bridge-helper"
wait_for helper_tap
HT=$(ports br-q | tr -d ' ')
t_eq "helper: one tap on br-q" "$(ports br-q | wc -w)" "1"
t_eq "helper: it is a tap held by QEMU (not persistent)" \
	"$(ipd "$HT" '| .linkinfo.info_data.type + " " + (.linkinfo.info_data.persist | tostring)')" "tap false"
t_eq "helper: the spec of the first config line for br-q (lock, isolated, guards)" \
	"$(slave "$HT" locked) $(slave "$HT" isolated) $(slave "$HT" guard)" "true true true"
t_eq "helper: the guest MAC pinned" "$(pins "$HT")" "52:54:00:00:00:aa 0"
t_eq "helper: recorded in the state directory" "$(sed -n 's/^bridge=//p' "$SD/$HT")" "br-q"
qemu_quit qb
t_eq "helper: QEMU exited 0" "$?" "0"
t_eq "helper: the tap is gone after quit" "$(ports br-q)" ""
t_eq "helper: no pin left" "$(bridge -n "$NS" -j fdb show br br-q | jq '[.[] | select(.state == "static")] | length')" "0"

# ---- the deployment: a setuid root copy of the helper, QEMU as nobody without
# any capability; the ACL denies br-d ----
h_claim
printf 'allow br-q\n' >"$HD/bridge.conf"
cp "$T_TMP/vm-ports.conf" "$HD/vm-ports.conf"
sed -i "s|^acl .*|acl $HD/bridge.conf|" "$HD/vm-ports.conf"
chmod 0644 "$HD/bridge.conf" "$HD/vm-ports.conf"
mkdir "$T_TMP/suid"
cp "$BUILD/test/qemu-bridge-helper" "$T_TMP/suid/qemu-bridge-helper"
chmod 4755 "$T_TMP/suid/qemu-bridge-helper"
SUID=$T_TMP/suid/qemu-bridge-helper
before=$(t_kstate "$NS")
ip netns exec "$NS" setpriv --reuid=nobody --regid=nogroup --clear-groups \
	qemu-system-x86_64 -accel tcg -S -nographic -nodefaults -M none \
	-netdev "bridge,id=n2,br=br-d,helper=$SUID" </dev/null >"$T_TMP/qd.out" 2>"$T_TMP/qd.err"
st=$?
if [ "$st" != 0 ]; then t_ok "denied: QEMU does not start (exit $st)"; else t_fail "denied: QEMU started"; fi
if grep -q "bridge br-d is not allowed by the ACL $HD/bridge.conf" "$T_TMP/qd.err"; then
	t_ok "denied: the helper says the ACL refused br-d"
else t_fail "denied: stderr [$(cat "$T_TMP/qd.err")]"; fi
t_eq "denied: nothing changed (no tap, no port)" "$(t_kstate "$NS")" "$before"
# an unprivileged caller cannot hand the helper its own config: the setuid
# helper reads no environment (so this "allow all" ACL is never read)
mkdir "$T_TMP/mine"
printf 'allow all\n' >"$T_TMP/mine/acl"
printf 'acl %s\n' "$T_TMP/mine/acl" >"$T_TMP/mine/conf"
chown -R nobody "$T_TMP/mine"
ip netns exec "$NS" setpriv --reuid=nobody --regid=nogroup --clear-groups \
	env BRKIT_CONFIG="$T_TMP/mine/conf" qemu-system-x86_64 -accel tcg -S -nographic \
	-nodefaults -M none -netdev "bridge,id=n2,br=br-d,helper=$SUID" </dev/null \
	>/dev/null 2>"$T_TMP/mine.err"
if [ "$?" != 0 ]; then t_ok "untrusted config: QEMU does not start"; else t_fail "untrusted config: QEMU started"; fi
if grep -q "$T_TMP/mine" "$T_TMP/mine.err"; then t_fail "untrusted config was read: $(cat "$T_TMP/mine.err")"
else t_ok "untrusted config: not read ($(cat "$T_TMP/mine.err"))"; fi
t_eq "untrusted config: nothing changed" "$(t_kstate "$NS")" "$before"
# the same unprivileged QEMU for the allowed bridge gets its tap
qemu_start qs setpriv --reuid=nobody --regid=nogroup --clear-groups qemu-system-x86_64 \
	-netdev "bridge,id=n4,br=br-q,helper=$SUID"
wait_for helper_tap
HT=$(ports br-q | tr -d ' ')
t_eq "setuid helper: a tap on br-q for an unprivileged QEMU" "$(ports br-q | wc -w)" "1"
t_eq "setuid helper: locked and guarded" "$(slave "$HT" locked) $(slave "$HT" guard)" "true true"
qemu_quit qs
t_eq "setuid helper: QEMU exited 0" "$?" "0"
t_eq "setuid helper: gone after quit" "$(ports br-q)" ""
# brkit itself is never run setuid: a copy refuses, whatever its name
cp "$BRKIT" "$T_TMP/suid/brkit"
chmod 4755 "$T_TMP/suid/brkit"
t_run "setuid brkit refuses" 1 setpriv --reuid=nobody --regid=nogroup \
	--clear-groups "$T_TMP/suid/brkit" -n "$NS" bridge add br-x
t_errmatch "setuid brkit: says why" "runs setuid or with file capabilities: refused"
t_eq "setuid brkit: no br-x" "$(ip -n "$NS" link show br-x 2>/dev/null | wc -l)" "0"

t_end

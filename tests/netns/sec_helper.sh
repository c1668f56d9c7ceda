#!/bin/sh
# Security of QEMU's bridge helper (issue 15, attacks 1, 3 and 7): a setuid
# root copy of it, run by an unprivileged user this suite makes, through a
# socketpair as QEMU runs it (tests/tools/qemu_fd). The helper under test is
# the copy built with its files in $HELPER_TEST_DIR (make tools:
# build/test/qemu-bridge-helper); HELPER_SRC=... runs the suite against
# another build (e.g. the old brkit, to see the attacks work). Its files
# there are root's; this suite holds a lock on that directory while it runs.
#  1. BRKIT_CONFIG=/proc/self/cmdline with a crafted argv[0] (an ACL of the
#     user's saying "allow all"): no fd, no port on the denied bridge, no
#     FDB entry moved.
#  3. BRKIT_CONFIG=/etc/shadow, a root-only file, a bad line in the helper's
#     own files: no line of them in any output.
#  7. On a bridge brkit-stpd runs, the tap is an admin edge port with
#     bpduguard in the daemon, and a superior BPDU from the guest does not
#     move the root.
# And: config or ACL (or an ACL include) that is a symbolic link, group- or
# other-writable, not root's, a directory, a FIFO, or under a directory
# others may write: refused, named, exit 1, nothing plugged. The helper and
# brkit-hook link only libc (and its loader) and libmnl.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/security.inc"
. "$(dirname "$0")/stpd-lab.inc"
. "$(dirname "$0")/helper.inc"

HELPER_SRC=${HELPER_SRC:-$BUILD/test/qemu-bridge-helper}
QFD=$BUILD/tests/tools/qemu_fd
for f in "$HELPER_SRC" "$QFD" "$BUILD/qemu-bridge-helper" "$BUILD/brkit-hook"; do
	[ -x "$f" ] || { echo "sec_helper: $f is missing (make all tools)" >&2; exit 1; }
done

h_cleanup() {
	[ -n "$SEC_USER" ] && userdel "$SEC_USER" 2>/dev/null
	[ -n "$SEC_DIR" ] && rm -rf "$SEC_DIR"
	h_release
	s_cleanup
}
trap h_cleanup EXIT
h_claim

sec_user_add
sec_dir
sec_setuid_copy "$HELPER_SRC" qemu-bridge-helper || exit 1
H=$SEC_DIR/qemu-bridge-helper
cp "$QFD" "$SEC_DIR/qemu_fd" && chmod 0755 "$SEC_DIR/qemu_fd"
QFD=$SEC_DIR/qemu_fd
UD=$SEC_DIR/u # the user's own directory
mkdir "$UD" && chown "$SEC_UID:$SEC_GID" "$UD"

ACL=$HD/bridge.conf
CONF=$HD/vm-ports.conf
printf 'allow br-ok\nallow br0\n' >"$ACL"
printf 'acl %s\nvt* bridge br-ok\n' "$ACL" >"$CONF"
chmod 0644 "$ACL" "$CONF"
# what an older helper trusts from the environment: the same files (root's),
# so the normal runs below are the same for both
OLDENV="BRKIT_CONFIG=$CONF BRKIT_STATE_DIR=$HD/state"

t_netns_new NS
ip -n "$NS" link add br-ok type bridge
ip -n "$NS" link add br-secret type bridge
ip -n "$NS" link add vic type veth peer name vic-p
ip -n "$NS" link set vic master br-secret
for d in br-ok br-secret vic vic-p; do ip -n "$NS" link set "$d" up; done
VMAC=52:54:00:00:00:99
bridge -n "$NS" fdb add "$VMAC" dev vic master static

# u_run NS CMD...: CMD as the user, in NS; output kept in $T_TMP/u.out and u.err
u_run() {
	_ns=$1
	shift
	ip netns exec "$_ns" setpriv --reuid="$SEC_UID" --regid="$SEC_GID" --clear-groups \
		--inh-caps=-all -- "$@" >"$T_TMP/u.out" 2>"$T_TMP/u.err"
	U_ST=$?
	U_OUT=$(cat "$T_TMP/u.out")
	U_ERR=$(cat "$T_TMP/u.err")
}
ports() { ip -n "$NS" -j link show master "$1" | jq -r '[.[].ifname] | sort | join(" ")'; }
taps() { ip -n "$NS" -j link show type tun | jq -r 'length'; }
vic_fdb() {
	bridge -n "$NS" -j fdb show br br-secret | jq -r --arg m "$VMAC" \
		'[.[] | select(.mac == $m) | "\(.ifname) \(.state // "dynamic")"] | join(",")'
}
# nothing plugged: br-ok and br-secret as the suite made them, no tap
untouched() {
	t_eq "$1: no fd" "$(echo "$U_OUT" | head -1)" "nofd"
	t_eq "$1: nothing plugged (iproute2: ports of br-ok, br-secret; taps)" \
		"[$(ports br-ok)] [$(ports br-secret)] $(taps)" "[] [vic] 0"
}

# ---- the programs link libc (and its loader) and libmnl only ----
for b in qemu-bridge-helper test/qemu-bridge-helper brkit-hook; do
	need=$(readelf -d "$BUILD/$b" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
	t_eq "$b: ELF NEEDED only libc, its loader and libmnl" "$need" \
		"ld-linux-x86-64.so.2 libc.so.6 libmnl.so.0 "
done
t_eq "qemu-ifup, qemu-ifdown, libvirt-qemu are brkit-hook" \
	"$(readlink "$BUILD/qemu-ifup") $(readlink "$BUILD/qemu-ifdown") $(readlink "$BUILD/libvirt-qemu")" \
	"brkit-hook brkit-hook brkit-hook"

# ---- control: the user's QEMU gets a tap on the bridge the ACL allows ----
u_run "$NS" env $OLDENV "$QFD" "$H" --br=br-ok
t_eq "control: a tap fd for br-ok" "$(echo "$U_OUT" | head -1 | cut -c1-5)" "fd ta"
t_eq "control: the helper exited 0" "$(echo "$U_OUT" | sed -n 's/^exit //p')" 0
t_eq "control: the tap (held by nobody now) is gone with its fd" "$(taps)" 0
u_run "$NS" env $OLDENV "$QFD" --hold 3 "$H" --br=br-ok &
qpid=$!
_i=0
while [ $_i -lt 100 ] && [ -z "$(ports br-ok)" ]; do sleep 0.1; _i=$((_i + 1)); done
tp=$(ports br-ok)
t_eq "control: while the fd is held its tap is on br-ok (iproute2)" "$(echo "$tp" | wc -w)" 1
t_eq "control: with the kernel's guards (bpdu guard, root block)" \
	"$(t_ipj "$NS" "$tp" .linkinfo.info_slave_data.guard) $(t_ipj "$NS" "$tp" .linkinfo.info_slave_data.root_block)" \
	"true true"
wait $qpid
t_eq "control: the state went to the helper's fixed directory" \
	"$(ls "$HD/state/net-$(stat -c %i "/run/netns/$NS")" 2>/dev/null | grep -c "^$tp\$")" 1
t_eq "control: files it made are root:root" \
	"$(stat -c '%U:%G' "$HD/state/net-$(stat -c %i "/run/netns/$NS")/$tp" 2>/dev/null)" "root:root"
u_run "$NS" env $OLDENV "$QFD" "$H" --br=br-secret
t_eq "control: br-secret is denied by the ACL (exit 1)" "$(echo "$U_OUT" | sed -n 's/^exit //p')" 1
untouched "control: br-secret"

# root runs the helper program (no setuid) under valgrind: no memory error, no leak
ip netns exec "$NS" env BRKIT_CONFIG="$CONF" BRKIT_STATE_DIR="$HD/state" "$BUILD/tests/tools/qemu_fd" \
	"$(command -v valgrind)" -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	"$BUILD/qemu-bridge-helper" --br=br-ok >"$T_TMP/vg.out" 2>"$T_TMP/vg.err"
t_eq "valgrind: the helper (run by root) passes a tap fd, exit 0" \
	"$(head -1 "$T_TMP/vg.out" | cut -c1-5) $(sed -n 's/^exit //p' "$T_TMP/vg.out")" "fd ta 0"
t_eq "valgrind: no error, no leak" "$(cat "$T_TMP/vg.err")" ""

# the same code from the CLI (root): brkit vm-port hook qemu-bridge-helper
ip netns exec "$NS" env BRKIT_CONFIG="$CONF" BRKIT_STATE_DIR="$HD/state" "$BUILD/tests/tools/qemu_fd" \
	--hold 2 "$BRKIT" vm-port hook qemu-bridge-helper --br=br-ok >"$T_TMP/cli.out" 2>&1 &
cpid=$!
_i=0
while [ $_i -lt 100 ] && [ -z "$(ports br-ok)" ]; do sleep 0.1; _i=$((_i + 1)); done
ct=$(ports br-ok)
t_eq "brkit vm-port hook qemu-bridge-helper (root): its tap on br-ok (iproute2)" \
	"$(echo "$ct" | wc -w)" 1
t_eq "  its state in the namespace's directory" \
	"$(ls "$HD/state/net-$(stat -c %i "/run/netns/$NS")" | grep -c "^$ct\$")" 1
wait $cpid
t_eq "  exit 0" "$(sed -n 's/^exit //p' "$T_TMP/cli.out")" 0

# ---- attack 1: the config from /proc/self/cmdline, the user's ACL ----
printf 'allow all\n' >"$UD/acl"
chown "$SEC_UID:$SEC_GID" "$UD/acl"
a0=$(printf 'acl %s/acl\nx bridge br-secret noguard\n#/qemu-bridge-helper' "$UD")
u_run "$NS" env BRKIT_CONFIG=/proc/self/cmdline BRKIT_STATE_DIR="$HD/state" "$QFD" \
	--argv0 "$a0" "$H" --br=br-secret
t_eq "attack 1 (/proc/self/cmdline): the helper fails (exit 1)" \
	"$(echo "$U_OUT" | sed -n 's/^exit //p')" 1
untouched "attack 1 (/proc/self/cmdline)"
a0=$(printf 'acl %s/acl\nx bridge br-secret noguard lock mac %s\n#/qemu-bridge-helper' "$UD" "$VMAC")
u_run "$NS" env BRKIT_CONFIG=/proc/self/cmdline BRKIT_STATE_DIR="$HD/state" "$QFD" \
	--argv0 "$a0" "$H" --br=br-secret
untouched "attack 1 with lock mac"
t_eq "attack 1 with lock mac: the victim's MAC stays on its port (bridge -j fdb)" \
	"$(vic_fdb)" "vic static"
u_run "$NS" env BRKIT_CONFIG=/proc/self/environ BRKIT_STATE_DIR="$HD/state" \
	"X=$(printf '\nacl %s/acl\nx bridge br-secret noguard\n' "$UD")" "$QFD" "$H" --br=br-secret
untouched "attack 1 (/proc/self/environ)"
# no environment at all: a state directory of the user's is never used
u_run "$NS" env BRKIT_STATE_DIR="$UD/state" BRKIT_CONFIG="$CONF" "$QFD" "$H" --br=br-ok
t_eq "no environment: the user's BRKIT_STATE_DIR gets nothing" \
	"$(ls -A "$UD/state" 2>/dev/null | wc -l) $([ -e "$UD/state" ] && echo exists)" "0 "

# ---- attack 3: files the caller cannot read never reach the output ----
u_run "$NS" env BRKIT_CONFIG=/etc/shadow BRKIT_STATE_DIR="$HD/state" "$QFD" "$H" --br=br-ok
leak=0
while IFS= read -r l; do
	[ -n "$l" ] || continue
	printf '%s\n%s\n' "$U_OUT" "$U_ERR" | grep -qF -- "$l" && leak=$((leak + 1))
	printf '%s\n%s\n' "$U_OUT" "$U_ERR" | grep -qF -- "${l%%:*}:" && leak=$((leak + 1))
done </etc/shadow
t_eq "attack 3 (/etc/shadow): no line of it (nor a user name of it) in stdout or stderr" "$leak" 0
printf 'SECRET-%s-MARKER bridge\n' "$$" >"$HD/secret"
chmod 0600 "$HD/secret"
u_run "$NS" env BRKIT_CONFIG="$HD/secret" BRKIT_STATE_DIR="$HD/state" "$QFD" "$H" --br=br-ok
t_eq "attack 3 (a root-only 0600 file): its marker is in no output" \
	"$(printf '%s %s' "$U_OUT" "$U_ERR" | grep -c "SECRET-$$")" 0
cp "$CONF" "$T_TMP/conf.good"
printf 'acl %s\nSECRET-%s-MARKER\n' "$ACL" "$$" >"$CONF"
u_run "$NS" env $OLDENV "$QFD" "$H" --br=br-ok
t_eq "a bad line in the config: exit 1" "$(echo "$U_OUT" | sed -n 's/^exit //p')" 1
case $U_ERR in
*"$CONF:2:"*) t_ok "a bad line in the config: named FILE:LINE ($U_ERR)" ;;
*) t_fail "a bad line in the config: named FILE:LINE: got [$U_ERR]" ;;
esac
t_eq "a bad line in the config: its text is not shown" \
	"$(printf '%s %s' "$U_OUT" "$U_ERR" | grep -c "SECRET-$$")" 0
untouched "a bad line in the config"
cp "$T_TMP/conf.good" "$CONF"
printf 'allow br-ok\nSECRET-%s-MARKER x\n' "$$" >"$ACL"
u_run "$NS" env $OLDENV "$QFD" "$H" --br=br-ok
case $U_ERR in
*"$ACL:2:"*) t_ok "a bad line in the ACL: named FILE:LINE ($U_ERR)" ;;
*) t_fail "a bad line in the ACL: named FILE:LINE: got [$U_ERR]" ;;
esac
t_eq "a bad line in the ACL: its text is not shown" \
	"$(printf '%s %s' "$U_OUT" "$U_ERR" | grep -c "SECRET-$$")" 0
untouched "a bad line in the ACL"
printf 'allow br-ok\nallow br0\n' >"$ACL"

# ---- the helper's files: only root's, no link, no other kind of file ----
# refused WHAT FILE: the helper names FILE, exits 1, plugs nothing
refused() {
	u_run "$NS" env $OLDENV timeout 20 "$QFD" "$H" --br=br-ok
	t_eq "$1: exit 1" "$(echo "$U_OUT" | sed -n 's/^exit //p')" 1
	case $U_ERR in
	*"$2"*) t_ok "$1: names $2 ($U_ERR)" ;;
	*) t_fail "$1: names $2: got [$U_ERR]" ;;
	esac
	untouched "$1"
}
cp "$CONF" "$T_TMP/conf.good"
cp "$ACL" "$T_TMP/acl.good"
for which in config acl; do
	if [ $which = config ]; then F=$CONF; G=$T_TMP/conf.good; else F=$ACL; G=$T_TMP/acl.good; fi
	restore() { rm -rf "$F"; cp "$G" "$F"; chmod 0644 "$F"; }
	cp "$G" "$HD/real-$which"
	rm -f "$F"
	ln -s "$HD/real-$which" "$F"
	refused "$which a symbolic link (to a root-owned file)" "$F"
	restore
	chmod 0664 "$F"
	refused "$which group-writable" "$F"
	restore
	chmod 0646 "$F"
	refused "$which writable by others" "$F"
	restore
	chown "$SEC_UID" "$F"
	refused "$which owned by the user" "$F"
	restore
	rm -f "$F"
	mkdir "$F"
	refused "$which a directory" "$F"
	restore
	rm -f "$F"
	mkfifo -m 0644 "$F"
	refused "$which a FIFO (the helper must not hang on it)" "$F"
	restore
done
printf 'allow all\n' >"$UD/inc"
chown "$SEC_UID" "$UD/inc"
printf 'include %s/inc\n' "$UD" >"$ACL"
refused "an ACL include in the user's directory" "$UD/inc: its directory $UD is not owned by root"
printf 'allow all\n' >"$HD/inc"
chown "$SEC_UID" "$HD/inc"
printf 'include %s/inc\n' "$HD" >"$ACL"
refused "an ACL include owned by the user" "$HD/inc: not owned by root"
ln -s "$HD" "$HD/link"
printf 'include %s/link/real-acl\n' "$HD" >"$ACL"
refused "an ACL include through a symbolic link to a directory" "$HD/link/real-acl: its directory"
cp "$T_TMP/acl.good" "$ACL"
chmod 0777 "$HD"
refused "the files' directory writable by others" "$CONF: its directory $HD is writable"
chmod 1777 "$HD"
u_run "$NS" env $OLDENV "$QFD" "$H" --br=br-ok
t_eq "the files' directory sticky and root's (as /tmp): accepted" \
	"$(echo "$U_OUT" | sed -n 's/^exit //p')" 0
chmod 0755 "$HD"

# ---- what the running helper holds: a stand-in for brkit-stpd that takes
# the guard request and never answers keeps it waiting, so /proc shows it ----
t_netns_new NSF
ip -n "$NSF" link add br-ok type bridge
ip -n "$NSF" link set br-ok up
ip netns exec "$NSF" python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind("\0brkit-stpd"); s.listen(4)
print("ready", flush=True)
c, _ = s.accept()
time.sleep(8)
' >"$T_TMP/fake.out" 2>&1 &
fpid=$!
_i=0
while [ $_i -lt 50 ] && ! grep -q ready "$T_TMP/fake.out"; do sleep 0.1; _i=$((_i + 1)); done
(u_run "$NSF" env $OLDENV "$QFD" "$H" --br=br-ok) &
upid=$!
hp=""
_i=0
while [ $_i -lt 50 ] && [ -z "$hp" ]; do
	sleep 0.1
	hp=$(pgrep -U "$SEC_UID" -f "^$H --br=br-ok" | head -1)
	_i=$((_i + 1))
done
st=$(cat "/proc/$hp/status" 2>/dev/null)
f() { printf '%s\n' "$st" | sed -n "s/^$1:[[:space:]]*//p" | tr -s '\t ' ' '; }
t_eq "running helper: effective and permitted capabilities CAP_NET_ADMIN alone" \
	"$(f CapEff) $(f CapPrm)" "0000000000001000 0000000000001000"
t_eq "running helper: no inheritable or ambient ones, an empty bounding set" \
	"$(f CapInh) $(f CapAmb) $(f CapBnd)" "0000000000000000 0000000000000000 0000000000000000"
t_eq "running helper: no_new_privs" "$(f NoNewPrivs)" 1
t_eq "running helper: uid the caller's, euid/suid/fsuid root" "$(f Uid)" "$SEC_UID 0 0 0"
t_eq "running helper: gids root, no groups" "$(f Gid)|$(f Groups)" "0 0 0 0|"
kill "$fpid" 2>/dev/null
wait "$fpid" 2>/dev/null
wait "$upid"
t_eq "running helper: a daemon that never answers: no fd, exit 1" \
	"$(head -1 "$T_TMP/u.out") $(sed -n 's/^exit //p' "$T_TMP/u.out")" "nofd 1"
t_eq "running helper: and it undid its port (iproute2)" \
	"$(ip -n "$NSF" -j link show master br-ok | jq length)" 0

# ---- brkit itself, setuid, refuses every role ----
sec_setuid_copy "$BRKIT" brkit
mkdir "$SEC_DIR/b"
sec_setuid_copy "$BRKIT" b/qemu-bridge-helper
for n in brkit b/qemu-bridge-helper; do
	u_run "$NS" env $OLDENV "$QFD" "$SEC_DIR/$n" --br=br-ok
	t_eq "setuid brkit as $n: refuses (exit 1)" "$(echo "$U_OUT" | sed -n 's/^exit //p')" 1
	untouched "setuid brkit as $n"
done
u_run "$NS" "$SEC_DIR/brkit" bridge add br-x
t_eq "setuid brkit bridge add: refused, no br-x" \
	"$U_ST $(ip -n "$NS" link show br-x 2>/dev/null | wc -l)" "1 0"

# ---- attack 7: the helper on a bridge brkit-stpd runs ----
field() { $BRKIT -n "$G" -j stp show br0 "$1" | jq -r ".bridges[0].ports[0].$2"; }
field_is() { [ "$(field "$1" "$2")" = "$3" ]; }
s_node G g
s_daemon "$G" || exit 1
t_run "the bridge br0 is brkit-stpd's" 0 $BRKIT -n "$G" stp br0 on
gid=$(s_id "$G")
(u_run "$G" env $OLDENV "$QFD" --bpdu 20 --hold 4 "$H" --br=br0
	cp "$T_TMP/u.out" "$T_TMP/g.out"
	cp "$T_TMP/u.err" "$T_TMP/g.err") &
gpid=$!
_i=0
while [ $_i -lt 100 ] && ! ip -n "$G" -j link show master br0 | jq -e 'length > 0' >/dev/null; do
	sleep 0.1
	_i=$((_i + 1))
done
gt=$(ip -n "$G" -j link show master br0 | jq -r '.[0].ifname')
t_eq "attack 7: the helper's tap is a port of br0 (bridge -j link)" \
	"$(bridge -n "$G" -j link show dev "$gt" | jq -r '.[0].master')" br0
t_eq "attack 7: an admin edge port with bpduguard in brkit-stpd (stp show -j)" \
	"$(field "$gt" admin_edge) $(field "$gt" bpduguard)" "1 1"
# the guest writes a superior BPDU every 0.5 s: sample the root for 3 s meanwhile
moved=0
_i=0
while [ $_i -lt 6 ]; do
	[ "$(s_root "$G")" = "$gid" ] || moved=$((moved + 1))
	sleep 0.5
	_i=$((_i + 1))
done
rx=$(s_rx "$G" "$gt")
if [ "${rx:-0}" -ge 3 ]; then t_ok "attack 7: the guest's BPDUs reached the bridge ($rx frames, iproute2)"
else t_fail "attack 7: the guest's BPDUs reached the bridge: $rx frames"; fi
t_eq "attack 7: the root did not move while they came (6 samples over 3 s)" "$moved" 0
s_wait "attack 7: bpduguard disabled the port in the daemon" 20 field_is "$gt" guard_disabled 1
t_eq "attack 7: the tap does not forward (bridge -j link)" \
	"$(bridge -n "$G" -j link show dev "$gt" | jq -r '.[0].state')" listening
wait $gpid
t_eq "attack 7: the helper had passed the fd (exit 0)" "$(sed -n 's/^exit //p' "$T_TMP/g.out")" 0

t_end

#!/bin/sh
# Issue 15, the VM hooks' state and lock, attacked by an unprivileged user made
# for this run through a setuid copy of qemu-bridge-helper:
#  (2) BRKIT_STATE_DIR through a symlink flipped between a root-owned directory
#      and the user's own, with TAP.tmp planted as a symlink to a root-owned
#      file, run as a loop for a few seconds: the file is unchanged and nothing
#      is created where the user pointed; any root-owned directory (/etc) is
#      no state directory for the setuid helper;
#  (8) the lock: the user cannot open it (so cannot hold it), and a holder that
#      never lets go makes `vm-port up` fail within its bound naming the pid;
# plus the state root's layout (root:root, 0700, files 0600), atomic
# replacement, and no state or temp file after a failed plug.
# The helper runs in a private mount namespace (inns) where /run is a directory
# of this test's, so the fixed state root /run/brkit/vm-ports is this test's
# alone, and /etc is an overlay holding the ACL /etc/qemu/bridge.conf
# ("allow br-s"): the helper reads only its fixed paths.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/security.inc"

sec_user_add
sec_dir
sec_setuid_copy "$BUILD/qemu-bridge-helper" qemu-bridge-helper
HELPER=$SEC_DIR/qemu-bridge-helper
t_netns_new NS
ip -n "$NS" link add br-s type bridge
ip -n "$NS" link set br-s up
INO=$(stat -c %i "/run/netns/$NS")

RUN=$T_TMP/run # /run in inns
mkdir -m 0755 "$RUN"
OV=$T_TMP/ov # the /etc overlay: l, the layer above /etc; u and w, the writable one's
mkdir -p "$OV/l/qemu" "$OV/u" "$OV/w"
printf 'allow br-s\n' >"$OV/l/qemu/bridge.conf"
chmod 0644 "$OV/l/qemu/bridge.conf"
SR=$RUN/brkit/vm-ports # the state root, seen from outside
SN=$SR/net-$INO # $NS's state directory

# inns CMD...: CMD as root in $NS with the private /run and /etc (read-only; with
# INNS_RW=1 writable, what is written kept in $OV/u: one such call at a time)
inns() {
	_o="lowerdir=$OV/l:/etc"
	[ -n "${INNS_RW:-}" ] && _o="$_o,upperdir=$OV/u,workdir=$OV/w"
	ip netns exec "$NS" unshare -m --propagation private sh -c '
		mount -t overlay overlay -o "$1" /etc && mount --bind "$2" /run || exit 99
		shift 2
		exec "$@"' inns "$_o" "$RUN" "$@"
}
# as the user (real and effective ids, no groups, no capabilities)
USERRUN="setpriv --reuid=$SEC_UID --regid=$SEC_GID --clear-groups --inh-caps=-all --"
# QEMU's side of --fd: a unix socket pair, one end passed to the helper (a fd in flight keeps
# the tap until this process exits)
SOCKRUN='use Socket; $^F = 100;
socketpair(my $a, my $b, AF_UNIX, SOCK_STREAM, PF_UNSPEC) or die "socketpair: $!";
exit(system(@ARGV, "--fd=" . fileno($b)) >> 8);'
# owner:group mode of a path
own() { stat -c '%U:%G %a' "$1" 2>&1; }
# the state directory's entries but .lock, space separated
entries() { ls -A "$1" 2>/dev/null | grep -vx '.lock' | tr '\n' ' '; }

# ---- control: the setuid helper as the user plugs a tap (so every refusal below is a
# refusal, not a helper that cannot work here) ----
t_run "control: the setuid helper, run by the user with a socket, exits 0" 0 \
	inns $USERRUN perl -e "$SOCKRUN" "$HELPER" --br=br-s
t_eq "control: it recorded the plug in /run/brkit/vm-ports/net-INODE" \
	"$(sed -n 's/^bridge=//p' "$SN/tap0" 2>/dev/null)" "br-s"

# ---- the layout: root:root whatever the caller's gid, 0700 directories, 0600 files ----
t_eq "/run/brkit: root:root 755 (shared with brkit-stpd's socket)" "$(own "$RUN/brkit")" \
	"root:root 755"
t_eq "the state root: root:root 700" "$(own "$SR")" "root:root 700"
t_eq "the namespace's directory: root:root 700" "$(own "$SN")" "root:root 700"
t_eq "the state file: root:root 600" "$(own "$SN/tap0")" "root:root 600"
t_eq "the lock: root:root 600" "$(own "$SN/.lock")" "root:root 600"
rm -f "$SN/tap0"
# as an older brkit left them: the directory 0755, the lock 0644 root:<caller's gid>; the next
# up tightens them
chmod 0755 "$SR" "$SN"
chmod 0644 "$SN/.lock"
chgrp "$SEC_GID" "$SN/.lock"
t_run "root: up over an older brkit's layout" 0 inns "$BRKIT" vm-port up t-m bridge br-s create
t_eq "tightened: state root, namespace directory, lock" \
	"$(own "$SR") $(own "$SN") $(own "$SN/.lock")" "root:root 700 root:root 700 root:root 600"
t_run "down t-m" 0 inns "$BRKIT" vm-port down t-m

# ---- a failed plug leaves no state file and no temp file ----
t_run "the helper with an fd that is no socket fails" 1 inns $USERRUN "$HELPER" --br=br-s --fd=1
t_errmatch "it says passing the fd failed" "passing tap[0-9]+ to QEMU on fd 1"
t_eq "no state file and no temp file left" "$(entries "$SN")" ""
t_eq "no tap left on br-s" "$(ip -n "$NS" -j link show master br-s | jq length)" "0"
t_run "up with a failure injected after its first change" 1 \
	inns env BRKIT_VMPORT_FAIL_AFTER=1 "$BRKIT" vm-port up t-f bridge br-s create
t_eq "no state file and no temp file left" "$(entries "$SN")" ""
t_eq "t-f not left behind" "$(ip -n "$NS" link show t-f 2>/dev/null | wc -l)" "0"
# the temp file's name taken by a directory: the state cannot be written, after every change
mkdir "$SN/.t-w.tmp" && touch "$SN/.t-w.tmp/x"
t_run "up whose state file cannot be written fails" 1 \
	inns "$BRKIT" vm-port up t-w bridge br-s create
t_errmatch "it names the file" "state file /run/brkit/vm-ports/net-$INO/.t-w.tmp"
t_eq "no state file left" "$(entries "$SN")" ".t-w.tmp "
t_eq "t-w undone (brkit created it: deleted)" "$(ip -n "$NS" link show t-w 2>/dev/null | wc -l)" "0"
rm -rf "$SN/.t-w.tmp"

# ---- (2) the symlink race, as the user, a few seconds ----
U=$SEC_DIR/u # the user's own directory
mkdir "$U" "$SEC_DIR/rootdir"
chown "$SEC_UID" "$U"
printf 'precious\n' >"$SEC_DIR/target"
cp "$SEC_DIR/target" "$T_TMP/target.want"
chmod 0644 "$SEC_DIR/target"
$USERRUN sh -c '
	mkdir -p "$1/real/net-$2"
	for i in 0 1 2 3 4 5 6 7 8 9; do
		ln -s "$3" "$1/real/net-$2/tap$i.tmp"
		ln -s "$3" "$1/real/net-$2/.tap$i.tmp"
		ln -s "$3" "$1/real/net-$2/tap$i"
	done
	ln -s "$1/real" "$1/link"' u "$U" "$INO" "$SEC_DIR/target"
before_u=$(cd "$U" && find . | sort)
# flip $U/link between the root-owned $SEC_DIR/rootdir and $U/real (rename: atomic), while
# the helper runs with BRKIT_STATE_DIR=$U/link, for 4 s; count the helper's plugs
inns $USERRUN sh -c '
	U=$1 R=$2 H=$3 S=$4
	( while :; do
		ln -sfn "$R" "$U/l2" && mv -Tf "$U/l2" "$U/link"
		ln -sfn "$U/real" "$U/l2" && mv -Tf "$U/l2" "$U/link"
	done ) &
	flip=$!
	end=$(($(date +%s) + 4)) n=0 ok=0
	while [ "$(date +%s)" -lt "$end" ]; do
		BRKIT_STATE_DIR=$U/link perl -e "$S" "$H" --br=br-s 2>>"$U/err" && ok=$((ok + 1))
		n=$((n + 1))
	done
	kill "$flip"
	wait "$flip" 2>/dev/null
	echo "$n $ok" >"$U/count"' race "$U" "$SEC_DIR/rootdir" "$HELPER" "$SOCKRUN"
read -r runs oks <"$U/count"
echo "# the race: $runs helper runs in 4 s, $oks plugged"
if [ "${oks:-0}" -gt 0 ]; then t_ok "race: the helper plugged ($oks of $runs runs)"
else t_fail "race: the helper never plugged ($runs runs): $(tail -3 "$U/err")"; fi
if cmp -s "$SEC_DIR/target" "$T_TMP/target.want"; then t_ok "race: the root-owned target is unchanged"
else t_fail "race: the target was overwritten: $(head -c 200 "$SEC_DIR/target")"; fi
t_eq "race: nothing created in the root-owned directory the link pointed at" \
	"$(ls -A "$SEC_DIR/rootdir")" ""
rm -f "$U/err" "$U/count" "$U/l2"
t_eq "race: nothing created or removed in the user's directory" "$(cd "$U" && find . | sort)" \
	"$before_u"
t_eq "race: no file of root's in the user's directory" "$(find "$U" ! -user "$SEC_UID" | wc -l)" "0"
t_eq "race: the plugs went to the fixed state root" "$(own "$SN")" "root:root 700"

# ---- any root-owned directory: BRKIT_STATE_DIR=/etc is no state directory ----
rm -f "$SN"/tap*
INNS_RW=1
t_run "the setuid helper with BRKIT_STATE_DIR=/etc" 0 \
	inns $USERRUN env BRKIT_STATE_DIR=/etc perl -e "$SOCKRUN" "$HELPER" --br=br-s
INNS_RW=
t_eq "nothing written to /etc (the overlay's upper is empty)" "$(ls -A "$OV/u")" ""
t_eq "the state went to the fixed root" "$(entries "$SN")" "tap0 "
rm -f "$SN"/tap*
# root itself may move the state (tests), but only to a directory of root's, 0700, reached
# without symlinks through directories no one else may write
mkdir -m 0755 "$SEC_DIR/r755"
t_bad "$NS" "root: a 0755 state directory" 1 "r755 has mode 0755, want 0700" \
	env BRKIT_STATE_DIR="$SEC_DIR/r755" "$BRKIT" -n "$NS" vm-port up t-x bridge br-s create
t_eq "nothing written to it" "$(ls -A "$SEC_DIR/r755")" ""
t_run "root: vm-port show with BRKIT_STATE_DIR=/etc" 1 \
	env BRKIT_STATE_DIR=/etc "$BRKIT" -n "$NS" vm-port show
t_errmatch "refused: /etc's mode" "state directory /etc/net-$INO: /etc has mode 0755, want 0700"
mkdir -m 0700 "$T_TMP/real"
ln -s "$T_TMP/real" "$T_TMP/sl"
t_bad "$NS" "root: a state directory through a symlink" 1 "sl is not a directory \(symlinks are not followed\)" \
	env BRKIT_STATE_DIR="$T_TMP/sl" "$BRKIT" -n "$NS" vm-port up t-x bridge br-s create
t_eq "nothing written through it" "$(ls -A "$T_TMP/real")" ""
t_bad "$NS" "root: a state directory of the user's" 1 "owned by uid $SEC_UID, not root" \
	env BRKIT_STATE_DIR="$U" "$BRKIT" -n "$NS" vm-port up t-x bridge br-s create
mkdir -m 0775 "$T_TMP/gw"
t_bad "$NS" "root: under a group-writable directory" 1 "gw is writable by group or others" \
	env BRKIT_STATE_DIR="$T_TMP/gw/state" "$BRKIT" -n "$NS" vm-port up t-x bridge br-s create
t_eq "nothing created in it" "$(ls -A "$T_TMP/gw")" ""

# ---- a stale temp file (a crash), even a symlink, is removed, never followed ----
SD=$T_TMP/state/net-$INO
mkdir -p -m 0700 "$T_TMP/state" "$SD"
printf 'precious\n' >"$T_TMP/target2"
ln -s "$T_TMP/target2" "$SD/.t-y.tmp"
ln -s "$T_TMP/target2" "$SD/t-y.tmp"
t_run "root: up over a stale temp symlink" 0 \
	env BRKIT_STATE_DIR="$T_TMP/state" "$BRKIT" -n "$NS" vm-port up t-y bridge br-s create
t_eq "the symlink's target is unchanged" "$(cat "$T_TMP/target2")" "precious"
t_eq "the stale temp is gone; the state file is a file of root's, 0600" \
	"$(ls -A "$SD" | grep -c '^\.t-y\.tmp$') $(stat -c '%F %U %a' "$SD/t-y")" "0 regular file root 600"
t_eq "the symlink by an older brkit's temp name is left alone" "$(stat -c %F "$SD/t-y.tmp")" \
	"symbolic link"
t_run "show skips it" 0 env BRKIT_STATE_DIR="$T_TMP/state" "$BRKIT" -n "$NS" vm-port show
t_eq "show lists t-y alone" "$T_OUT" "t-y bridge br-s create (created)"
rm -f "$SD/t-y.tmp"

# ---- state files are replaced whole (a new file renamed over the old) ----
ln "$SD/t-y" "$T_TMP/old-t-y" # keeps the old inode: a rewrite in place would show through it
(
	bad=0 i=0
	while [ $i -lt 300 ]; do
		c=$(cat "$SD/t-y")
		case $c in "tap=t-y"*"old_flags="*) ;; *) bad=$((bad + 1)) ;; esac
		i=$((i + 1))
	done
	echo "$bad" >"$T_TMP/torn"
) &
reader=$!
i=0
while [ $i -lt 30 ]; do
	env BRKIT_STATE_DIR="$T_TMP/state" "$BRKIT" -n "$NS" vm-port up t-y bridge br-s create >/dev/null
	i=$((i + 1))
done
wait "$reader"
t_eq "300 reads during 30 rewrites: no empty or partial state file" "$(cat "$T_TMP/torn")" "0"
if [ "$(stat -c %i "$SD/t-y")" != "$(stat -c %i "$T_TMP/old-t-y")" ]; then
	t_ok "a rewrite is a new file (renamed into place)"
else t_fail "the state file was rewritten in place"; fi
t_eq "no temp file left" "$(ls -A "$SD" | grep -c tmp)" "0"
t_run "down t-y" 0 env BRKIT_STATE_DIR="$T_TMP/state" "$BRKIT" -n "$NS" vm-port down t-y

# ---- (8) the lock ----
t_run "root: up t-l1 (the fixed state root)" 0 inns "$BRKIT" vm-port up t-l1 bridge br-s create
L=/run/brkit/vm-ports/net-$INO/.lock # seen from inns
t_run "the user cannot open the lock file" 1 inns $USERRUN cat "$L"
t_errmatch "permission denied" "[Pp]ermission denied"
# HOLD: perl takes flock(LOCK_EX) on the file $1 (opened read-only) and writes its pid to $2
HOLD='open(my $f, "<", $ARGV[0]) or die "$!"; flock($f, 2) or die "$!";
	open(my $o, ">", $ARGV[1]) or die "$!"; print $o "$$\n"; close($o); sleep 60'
# lockpid FILE: wait for HOLD's pid in FILE (up to 10 s; a holder that failed never writes)
lockpid() {
	_i=0
	while [ ! -s "$1" ] && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
	cat "$1" 2>/dev/null
}
# the user tries to hold it (a regression would freeze every VM start: timeout 30)
inns $USERRUN perl -e "$HOLD" "$L" "$U/held" 2>"$T_TMP/uhold.err" &
sleep 1
t_run "root: up t-l2 while the user tries to hold the lock" 0 \
	inns timeout 30 "$BRKIT" vm-port up t-l2 bridge br-s create
upid=$(cat "$U/held" 2>/dev/null)
[ -n "$upid" ] && kill "$upid"
t_eq "the user never held it" "$upid" ""
wait
# root's process holds it and never lets go: up gives up within its bound naming the pid
inns perl -e "$HOLD" "$L" "$T_TMP/held" &
holder=$(lockpid "$T_TMP/held")
echo "# the lock is held by pid $holder"
start=$(date +%s)
t_bad "$NS" "root: up t-l3 while another process holds the lock" 1 \
	"is locked by pid $holder \(perl\): gave up after [0-9]+ s" \
	inns timeout 30 "$BRKIT" vm-port up t-l3 bridge br-s create
echo "# up gave up after $(($(date +%s) - start)) s (bound 5 s)"
t_bad "$NS" "root: down t-l1 while another process holds the lock" 1 \
	"is locked by pid $holder \(perl\)" inns timeout 30 "$BRKIT" vm-port down t-l1
kill "$holder"
{ wait; } 2>/dev/null
t_run "once the holder is gone, up t-l3 works" 0 inns "$BRKIT" vm-port up t-l3 bridge br-s create
for t in t-l1 t-l2 t-l3; do
	t_run "down $t" 0 inns "$BRKIT" vm-port down "$t"
done
t_eq "no state left" "$(entries "$SN")" ""

t_end

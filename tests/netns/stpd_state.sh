#!/bin/sh
# brkit-stpd's files under /run/brkit are keyed by the namespace's identity
# (issue 16, "no stale state"): stpd-NS.pid and stpd-NS.bridges carry a line
# `netns DEV:INODE:COOKIE PATH` (the kernel reuses a freed namespace's inode
# for the next one made, so the cookie, SO_NETNS_COOKIE, tells them apart). A state file left by a namespace that is gone is
# ignored and removed, so a new namespace of the same name does not inherit
# its bridges; a daemon's start removes the files of every namespace that is
# gone; a clean exit removes the state file when it names no bridge (bridges
# left discarding stay the daemon's, for the next one); `lab down` stops a
# daemon through a pid file only when that daemon runs in the node's
# namespace. Identities are read with stat(1) and python3's getsockopt, not
# with brkit.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/stpd-lab.inc"

nsid() { stat -L -c %d:%i "/run/netns/$1"; }
cookie() {
	ip netns exec "$1" python3 -c 'import socket, struct
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
print(struct.unpack("Q", s.getsockopt(socket.SOL_SOCKET, 71, 8))[0])'
}
fullid() { echo "$(nsid "$1"):$(cookie "$1")"; }
idline() { sed -n 's/^netns //p' "$1" | head -1; }

# ---- a namespace's own file, then a new namespace of the same name ----
s_node N st
F=/run/brkit/stpd-$N.bridges
P=/run/brkit/stpd-$N.pid
s_daemon "$N" || exit 1
t_eq "pid file: the pid, then the namespace's identity" \
	"$(head -1 "$P") $(sed -n 2p "$P")" "$(s_pid "$N") netns $(fullid "$N") /run/netns/$N"
t_run "stp br0 on" 0 $BRKIT -n "$N" stp br0 on
t_eq "state file: the identity, then br0" "$(idline "$F")|$(tail -1 "$F")" "$(fullid "$N") /run/netns/$N|br0"
old=$(fullid "$N")
kill "$(s_pid "$N")"
s_wait "the daemon stops" 20 s_gone "$(s_pid "$N")"
t_eq "clean exit: the pid file goes" "$(ls /run/brkit | grep -cx "stpd-$N.pid")" 0
t_eq "clean exit with a bridge held: the state file stays (for a restart)" "$(tail -1 "$F")" br0
# a restart in the same namespace takes br0 back
s_daemon "$N" || exit 1
s_wait "restart: br0 taken back from the state file" 20 $BRKIT -n "$N" stp show br0
kill "$(s_pid "$N")"
s_wait "the daemon stops" 20 s_gone "$(s_pid "$N")"
# the namespace goes, a new one of the same name comes, with its own br0
t_run "ip netns del $N" 0 ip netns del "$N"
t_run "ip netns add $N again" 0 ip netns add "$N"
ip -n "$N" link add br0 type bridge
ip -n "$N" link set br0 up
new=$(fullid "$N")
if [ "$new" != "$old" ]; then t_ok "the new namespace has another identity ($old, now $new)"; else
	t_fail "the new namespace has the same identity $new"; fi
# (the inode alone is often the same: the kernel gives the freed number again)
echo "# inode before $(echo "$old" | cut -d: -f1-2), after $(echo "$new" | cut -d: -f1-2)"
t_eq "the old state file is still there, naming br0" "$(idline "$F" | cut -d' ' -f1)|$(tail -1 "$F")" "$old|br0"
s_daemon "$N" || exit 1
t_run "new namespace: br0 is not inherited" 1 $BRKIT -n "$N" stp show br0
t_errmatch "  not run by the daemon" "not run by brkit-stpd"
t_eq "  kernel STP state untouched (iproute2)" "$(t_ipj "$N" br0 .linkinfo.info_data.stp_state)" 0
t_eq "  the state file now has the new identity and no bridge" \
	"$(idline "$F")|$(grep -vc '^netns ' "$F")" "$new /run/netns/$N|0"
if grep -q "stpd-$N.bridges: left by another network namespace" "$T_TMP/stpd-$N.log"; then
	t_ok "  the daemon says it ignored and removed the stale file"
else t_fail "  no log line about the stale file: $(cat "$T_TMP/stpd-$N.log")"; fi
kill "$(s_pid "$N")"
s_wait "the daemon stops" 20 s_gone "$(s_pid "$N")"
t_eq "clean exit with no bridge: no pid or state file left" \
	"$(ls /run/brkit | grep -Ec "^stpd-$N\.(pid|bridges)$")" 0

# ---- a start removes the files of namespaces that are gone ----
G1=bk-stpd_state-$$-gone1 G2=bk-stpd_state-$$-gone2
printf 'netns 4:4026599999 /run/netns/%s\nbr0\n' "$G1" >"/run/brkit/stpd-$G1.bridges"
printf '12345\nnetns 4:4026599999 /run/netns/%s\n' "$G1" >"/run/brkit/stpd-$G1.pid"
printf 'br0\n' >"/run/brkit/stpd-$G2.bridges" # no identity: an older daemon's
# a live namespace whose daemon is stopped: its bridges stay its own
s_node M keep
printf 'netns %s /run/netns/%s\nbr0\n' "$(nsid "$M")" "$M" >"/run/brkit/stpd-$M.bridges"
# a file whose path now names another namespace (deleted, then made again)
s_node R reborn
printf 'netns 4:4026599998 /run/netns/%s\nbr0\n' "$R" >"/run/brkit/stpd-$R.bridges"
s_daemon "$N" || exit 1
t_eq "sweep: a gone namespace's state and pid files removed" \
	"$(ls /run/brkit | grep -Ec "^stpd-$G1\.(pid|bridges)$")" 0
t_eq "sweep: a state file with no identity removed" "$(ls /run/brkit | grep -cx "stpd-$G2.bridges")" 0
t_eq "sweep: a state file whose path is another namespace now removed" \
	"$(ls /run/brkit | grep -cx "stpd-$R.bridges")" 0
t_eq "sweep: a live namespace's state file kept" "$(tail -1 "/run/brkit/stpd-$M.bridges")" br0
# and a running daemon's files, even once its namespace lost its name
s_daemon "$M" || exit 1
mpid=$(s_pid "$M")
ip netns exec "$M" sleep 30 &
holder=$!
sleep 0.3
t_run "the namespace of a running daemon loses its name" 0 ip netns del "$M"
kill "$(s_pid "$N")"
s_wait "the daemon stops" 20 s_gone "$(s_pid "$N")"
s_daemon "$N" || exit 1
t_eq "sweep: a running daemon's pid file kept (its namespace has no name now)" \
	"$(ls /run/brkit | grep -cx "stpd-$M.pid")" 1
kill "$mpid" "$holder" 2>/dev/null
s_wait "the unnamed namespace's daemon stops" 20 s_gone "$mpid"
rm -f "/run/brkit/stpd-$M.bridges"
T_NETNS=$(echo "$T_NETNS" | tr ' ' '\n' | grep -vx "$M" | tr '\n' ' ')

# ---- lab down stops a daemon only in the node's namespace ----
L="t$$-sl"
s_up line.yml "$L" || exit 1
# sw1's pid file names the daemon of namespace N (as a reused pid would)
printf '%s\nnetns 0:0 /nowhere\n' "$(s_pid "$N")" >"/run/brkit/stpd-$L-sw1.pid"
s_down "$L"
if s_is_stpd "$(s_pid "$N")"; then t_ok "lab down: another namespace's daemon named by a node's pid file still runs"; else
	t_fail "lab down killed the daemon of $N"; fi
kill "$(s_pid "$N")"
t_end

#!/bin/sh
# brkit-stpd's control socket and privileges against a local user (issue 15,
# attacks 4 and 5): a user-namespace root, a client that execs a setuid program
# after connecting, the configured control group, slow clients and a flood of
# idle connections while a ring runs, an over-long request, and the daemon's
# capability sets. Runs on a ring of four brkit bridges
# (tests/lab/stpd_ring4.yml, lab t$$-sc); e (no daemon from the lab) gets a
# daemon by hand with a `control group` configuration.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/stpd-lab.inc"
. "$(dirname "$0")/security.inc"
CTLPOKE=$BUILD/tests/tools/ctlpoke
SEC_GROUP=""
BG_PIDS=""
sec_stpd_cleanup() {
	for p in $BG_PIDS; do kill "$p" 2>/dev/null; done
	s_cleanup
	[ -n "$SEC_GROUP" ] && groupdel "$SEC_GROUP" 2>/dev/null
	sec_cleanup
}
trap sec_stpd_cleanup EXIT

sec_user_add
sec_dir
sec_setuid_copy /bin/sleep sleep || exit 1

# ns_user NS CMD...: CMD inside NS as the test's user (no groups, no capabilities)
ns_user() {
	_ns=$1
	shift
	ip netns exec "$_ns" setpriv --reuid="$SEC_UID" --regid="$SEC_GID" --clear-groups \
		--inh-caps=-all -- "$@"
}
# state NS: what must not move in NS: root, root port, each port's role and
# state, and FDB flushes (one a topology change seen by the port)
state() {
	$BRKIT -n "$1" -j stp show br0 | jq -c '.bridges[0] | [.root, .root_port,
		[.ports[] | [.name, .role, .state, .flushes]]]'
}
ring_state() { for n in r1 r2 r3 r4; do state "$L-$n"; done; }
prio() { s_id "$1" | cut -c1-4; }
ms_now() { echo $(($(date +%s%N) / 1000000)); }

L="t$$-sc"
s_up stpd_ring4.yml "$L" || exit 1
R1=$L-r1 R2=$L-r2 R3=$L-r3 R4=$L-r4 E=$L-e
rootid=$(s_id "$R1")
root_all() { for n in $R1 $R2 $R3 $R4; do [ "$(s_root "$n")" = "$rootid" ] || return 1; done; }
s_wait "ring: r1 (the lowest address) is everyone's root" 40 root_all
s_wait "ring: one port blocked" 40 s_blocked_is 1 "$R1" "$R2" "$R3" "$R4"
# the settled tree: r3 reaches r1 through r2 (the lower id of its two equal
# paths), so r3's port to r4 is the alternate one
role() { $BRKIT -n "$1" -j stp show br0 "$2" | jq -r '.bridges[0].ports[0].role'; }
settled() { [ "$(role "$R3" p-34)" = alternate ] && [ "$(role "$R4" p-43)" = designated ]; }
s_wait "ring: settled (r3:p-34 alternate, r4:p-43 designated)" 40 settled
sleep 2

# ---- the daemon's capabilities: only CAP_NET_ADMIN and CAP_NET_RAW ----
pid1=$(s_lab_pid "$L" r1)
for c in CapEff CapPrm CapBnd CapInh CapAmb; do
	want=0000000000003000
	case $c in CapInh | CapAmb) want=0000000000000000 ;; esac
	t_eq "daemon r1: $c only CAP_NET_ADMIN and CAP_NET_RAW" \
		"$(sed -n "s/^$c:[[:space:]]*//p" "/proc/$pid1/status")" "$want"
done
t_eq "daemon r1: no new privileges" "$(sed -n 's/^NoNewPrivs:[[:space:]]*//p' "/proc/$pid1/status")" 1

# ---- 4a: a user-namespace root, and a plain user, may not change anything ----
before=$(ring_state)
p4=$(prio "$R4")
# A process in a chroot may not make a user namespace (unshare(2): EPERM), as
# in ../shared/fresh-check.sh's root: there the unshare -U attacks cannot be
# tried at all; they are reported as not run and count neither way (an
# unshare that fails exits 1 too, which would pass the refusal checks below
# for the wrong reason).
if ns_user "$R4" unshare -U -r true 2>/dev/null; then
	USERNS=1
else
	USERNS=""
	echo "skip - user namespaces are refused here ($(ns_user "$R4" unshare -U -r true 2>&1)):" \
		"the unshare -U -r attacks of 4a and 4c not run, not counted"
fi
if [ -n "$USERNS" ]; then
	out=$(ns_user "$R4" unshare -U -r "$BRKIT" stp set br0 priority 0 2>&1)
	t_eq "4a: unshare -U -r brkit stp set: refused (exit 1)" "$?" 1
	echo "$out" | grep -q "stp set br0: refused: uid $SEC_UID is not root" &&
		t_ok "4a: the refusal names the request and the uid the daemon sees ($out)" ||
		t_fail "4a: refusal text: $out"
fi
out=$(ns_user "$R4" "$BRKIT" stp set br0 priority 0 2>&1)
t_eq "4a: plain user brkit stp set: refused (exit 1)" "$?" 1
if [ -n "$USERNS" ]; then
	out=$(ns_user "$R4" unshare -U -r "$BRKIT" stp port set br0 p-43 cost 1 2>&1)
	t_eq "4a: unshare -U -r brkit stp port set: refused" "$?" 1
	out=$(ns_user "$R4" unshare -U -r "$BRKIT" stp br0 off 2>&1)
	t_eq "4a: unshare -U -r brkit stp br0 off: refused" "$?" 1
fi
t_eq "4a: still run by the daemon (mode)" \
	"$($BRKIT -n "$R4" -j stp show br0 | jq -r '.bridges[0].mode')" nftables
t_eq "4a: r4's priority unchanged" "$(prio "$R4")" "$p4"
t_eq "4a: users may still read (show as the user)" \
	"$(ns_user "$R4" "$BRKIT" -j stp show br0 | jq -r '.bridges[0].id')" "$(s_id "$R4")"

# ---- 4b: connect, then exec a setuid program: SO_PEERCRED is the connect-time uid ----
out=$(ns_user "$R4" "$CTLPOKE" setuid-exec "set br0 priority 0" "$SEC_DIR/sleep" 1 2>&1)
case $out in
"error 1 stp set br0: refused: uid $SEC_UID"*) t_ok "4b: setuid exec after connect: refused ($out)" ;;
*) t_fail "4b: setuid exec after connect: $out" ;;
esac
t_eq "4b: r4's priority unchanged" "$(prio "$R4")" "$p4"
sleep 1
t_eq "4a/4b: ring unchanged: roots, root ports, roles, states, no flush" "$(ring_state)" "$before"

# ---- 4c: a member of the configured control group may change, others may not ----
SEC_GROUP="bkg$$"
groupadd "$SEC_GROUP" || exit 1
GRP_GID=$(getent group "$SEC_GROUP" | cut -d: -f3)
printf 'control group nosuchgroup%s\n' "$$" >"$T_TMP/bad.conf"
out=$("$STPD" -n "$E" -f -c "$T_TMP/bad.conf" 2>&1)
t_eq "4c: an unknown group is refused at start (exit 1)" "$?" 1
t_eq "4c: ... naming FILE:LINE and the group" "$out" \
	"brkit-stpd: $T_TMP/bad.conf:1: control group 'nosuchgroup$$': no such group"
printf '# who may change\ncontrol group %s\n' "$SEC_GROUP" >"$T_TMP/grp.conf"
s_daemon "$E" "$T_TMP/grp.conf" || exit 1
t_run "e: stp br0 on (root)" 0 $BRKIT -n "$E" stp br0 on
member() {
	ip netns exec "$E" setpriv --reuid="$SEC_UID" --regid="$SEC_GID" --groups="$GRP_GID" \
		--inh-caps=-all -- "$@"
}
out=$(member "$BRKIT" stp set br0 priority 4096 2>&1)
t_eq "4c: a member of group $SEC_GROUP (supplementary) may set (exit 0) $out" "$?" 0
t_eq "4c: ... and the priority changed" "$(prio "$E")" 1000
out=$(ns_user "$E" "$BRKIT" stp set br0 priority 8192 2>&1)
t_eq "4c: a non-member is refused (exit 1)" "$?" 1
case $out in
*"refused: uid $SEC_UID is not root and not in group $SEC_GROUP"*) t_ok "4c: refusal names the group ($out)" ;;
*) t_fail "4c: refusal text: $out" ;;
esac
t_eq "4c: ... priority unchanged" "$(prio "$E")" 1000
if [ -n "$USERNS" ]; then
	out=$(member unshare -U -r "$BRKIT" stp set br0 priority 8192 2>&1)
	t_eq "4c: a member inside its own user namespace is still that member (its groups as the daemon sees them) $out" "$?" 0
	t_eq "4c: ... priority changed" "$(prio "$E")" 2000
fi

# ---- over-long and over-wordy requests get a clear answer ----
long=$(printf 'show %02000d' 0)
t_eq "a 2005-byte request: 'request too long'" \
	"$(ip netns exec "$R1" "$CTLPOKE" req "$long" 2>/dev/null)" \
	"error 7 request too long (max 1024 bytes)"
many=$(printf 'show%0.s a' $(seq 70))
t_eq "a request of 71 words: 'too many words'" \
	"$(ip netns exec "$R1" "$CTLPOKE" req "$many" 2>/dev/null)" \
	"error 7 request has more than 64 words"
t_eq "an empty request" "$(ip netns exec "$R1" "$CTLPOKE" req "" 2>/dev/null)" \
	"error 22 empty request"
t_eq "a request that never ends: dropped at its deadline with a reason" \
	"$(ip netns exec "$R1" "$CTLPOKE" raw "show" 2>/dev/null)" \
	"error 110 request not complete within 1 s"

# ---- 5: two slow clients and a flood of idle connections against the root's daemon ----
# The issue's figure: root's `brkit stp show` answered in under 100 ms. Two
# measures, each taken 8 times under attack: the daemon's answer to root
# (ctlpoke: connect, request, whole reply, in one process) must take under
# 100 ms every time; the whole CLI run (exec, setns, reply) is also bounded
# by 100 ms plus the slowest of 5 CLI runs just before the attack, since on a
# loaded shared machine the exec alone can take 100 ms (measured: 98-151 ms
# at load average 11, with no attack).
cli_ms() { # NS: one `brkit -n NS stp show`, its wall time in ms (99999: failed)
	_t0=$(ms_now)
	if $BRKIT -n "$1" stp show >/dev/null 2>"$T_TMP/show.err"; then
		echo $(($(ms_now) - _t0))
	else
		echo "# stp show failed: $(cat "$T_TMP/show.err")" >&2
		echo 99999
	fi
}
base="" base_max=0 i=0
while [ $i -lt 5 ]; do
	dt=$(cli_ms "$R1")
	base="$base $dt"
	[ "$dt" -gt "$base_max" ] && base_max=$dt
	i=$((i + 1))
done
before=$(ring_state)
rx0=$($BRKIT -n "$R2" -j stp show br0 p-21 | jq -r '.bridges[0].ports[0].rx_rst')
a0=$(date +%s)
ns_user "$R1" "$CTLPOKE" slow 14 900 >"$T_TMP/slow1" 2>&1 &
BG_PIDS="$BG_PIDS $!"
ns_user "$R1" "$CTLPOKE" slow 14 900 >"$T_TMP/slow2" 2>&1 &
BG_PIDS="$BG_PIDS $!"
ns_user "$R1" "$CTLPOKE" idle 64 14 >"$T_TMP/idle" 2>&1 &
BG_PIDS="$BG_PIDS $!"
sleep 2
times="" slowest=0 dtimes="" dslowest=0 i=0
while [ $i -lt 8 ]; do
	dt=$(cli_ms "$R1")
	times="$times $dt"
	[ "$dt" -gt "$slowest" ] && slowest=$dt
	d=$(ip netns exec "$R1" "$CTLPOKE" req show 2>&1 >/dev/null |
		sed -n 's/^reply in \([0-9]*\)\..*/\1/p')
	d=${d:-99999}
	dtimes="$dtimes $d"
	[ "$d" -gt "$dslowest" ] && dslowest=$d
	sleep 1
	i=$((i + 1))
done
echo "# root's brkit stp show before the attack (ms):$base"
echo "# root's brkit stp show under attack (ms):$times"
echo "# the daemon's answer to root under attack (ms, ctlpoke):$dtimes"
[ "$dslowest" -lt 100 ] &&
	t_ok "5: the daemon answered root in under 100 ms each time (slowest $dslowest ms:$dtimes)" ||
	t_fail "5: the daemon's answer to root: slowest $dslowest ms (bound 100 ms:$dtimes)"
[ "$slowest" -lt $((base_max + 100)) ] &&
	t_ok "5: root's brkit stp show under attack within 100 ms of its own cost (slowest $slowest ms, before the attack $base_max ms)" ||
	t_fail "5: root's brkit stp show: slowest $slowest ms under attack (bound: $base_max + 100 ms; times:$times)"
t_run "5: a vm-port style guard request under attack" 0 \
	$BRKIT -n "$R1" stp port set br0 p-h1 edge on bpduguard on
t_eq "5: ... applied (bpduguard reads 1)" \
	"$($BRKIT -n "$R1" -j stp show br0 p-h1 | jq -r '.bridges[0].ports[0].bpduguard')" 1
for p in $BG_PIDS; do wait "$p"; done
BG_PIDS=""
cat "$T_TMP/slow1" "$T_TMP/slow2" "$T_TMP/idle" | sed 's/^/# /'
t_eq "5: the slow clients were dropped (each connection within its deadline)" \
	"$(cat "$T_TMP/slow1" "$T_TMP/slow2" | awk '$2 >= 5 && $4 <= 3 * $2 {n++} END {print n+0}')" 2
rx1=$($BRKIT -n "$R2" -j stp show br0 p-21 | jq -r '.bridges[0].ports[0].rx_rst')
a1=$(date +%s)
# a hello every 2 s; two may be lost to the edges of the window and none more
t_eq "5: r2 kept hearing r1's hellos ($((rx1 - rx0)) in $((a1 - a0)) s)" \
	"$([ $((rx1 - rx0)) -ge $(((a1 - a0) / 2 - 2)) ] && echo yes)" yes
t_eq "5: no topology change: roots, root ports, roles, states, no flush" "$(ring_state)" "$before"

# ---- the daemon still works with its reduced capabilities ----
t_run "caps: stp br0 off in r2" 0 $BRKIT -n "$R2" stp br0 off
t_eq "caps: r2 given back: kernel STP off, every port forwarding (iproute2)" \
	"$(bridge -n "$R2" -j link show | jq -r '[.[] | .state] | unique | join(",")')" forwarding
t_run "caps: stp br0 on in r2" 0 $BRKIT -n "$R2" stp br0 on
t_eq "caps: the nftables child still works (r2's ports in the set, libnftables reads)" \
	"$(ip netns exec "$R2" "$BUILD/tests/tools/stpd_nftables" "list set bridge brkit_stpd ports" |
		grep -o '"p-[0-9]*"' | sort | tr -d '"' | tr '\n' ' ')" "p-21 p-23 "
s_wait "caps: the ring converges again (one port blocked)" 60 s_blocked_is 1 "$R1" "$R2" "$R3" "$R4"
s_wait "caps: r1 is everyone's root again" 40 root_all

# ---- started as the systemd unit starts it: only the unit's bounding set
# (CapabilityBoundingSet), no new privileges, no -n (the namespace entered
# by ip netns exec), a private /run/brkit (the daemon writes its pid file there)
s_node U unit
ip -n "$U" link add p-u0 type veth peer name p-u1
ip -n "$U" link set p-u0 master br0
ip -n "$U" link set p-u0 up
ip -n "$U" link set p-u1 up
ip netns exec "$U" sh -c 'mkdir -p /run/brkit && mount -t tmpfs tmpfs /run/brkit &&
	exec setpriv --bounding-set=-all,+net_admin,+net_raw,+sys_ptrace --no-new-privs "$0" -f -c /dev/null' \
	"$STPD" >"$T_TMP/unit.log" 2>&1 &
upid=$!
S_PIDS="$S_PIDS $upid"
up_ok() { $BRKIT -n "$U" stp show >/dev/null 2>&1; }
s_wait "unit caps: the daemon starts" 20 up_ok
t_run "unit caps: stp br0 on" 0 $BRKIT -n "$U" stp br0 on
t_eq "unit caps: br0 run by the daemon, its port in the nftables set (libnftables reads)" \
	"$($BRKIT -n "$U" -j stp show br0 | jq -r '.bridges[0].mode') $(ip netns exec "$U" \
		"$BUILD/tests/tools/stpd_nftables" "list set bridge brkit_stpd ports" | grep -o '"p-u0"')" \
	'nftables "p-u0"'
t_eq "unit caps: the path cost from the link speed (veth: 10 Gb/s, 2000)" \
	"$($BRKIT -n "$U" -j stp show br0 p-u0 | jq -r '.bridges[0].ports[0].cost')" 2000
t_eq "unit caps: CapEff after start-up" "$(sed -n 's/^CapEff:[[:space:]]*//p' "/proc/$upid/status")" \
	0000000000003000
t_eq "unit caps: CapPrm after start-up (CAP_SYS_PTRACE dropped)" \
	"$(sed -n 's/^CapPrm:[[:space:]]*//p' "/proc/$upid/status")" 0000000000003000
t_run "unit caps: stp br0 off" 0 $BRKIT -n "$U" stp br0 off
t_eq "unit caps: br0's port forwarding again (iproute2)" \
	"$(bridge -n "$U" -j link show dev p-u0 | jq -r '.[0].state')" forwarding
# ---- a squatter on the daemon's name: with no daemon in a namespace, any
# user there may bind @brkit-stpd. Its answers must never count: root's CLI
# treats it as no daemon (kernel STP, the kernel's guard flags), and nothing
# it says reaches the output.
t_netns_new SQ squat
ip -n "$SQ" link add br-sq type bridge
ip -n "$SQ" link set br-sq up
ip netns exec "$SQ" setpriv --reuid="$SEC_UID" --regid="$SEC_GID" --clear-groups /usr/bin/python3 -c '
import socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind("\0brkit-stpd")
s.listen(8)
while True:
    c, _ = s.accept()
    c.recv(4096)
    c.sendall(b"bridge name=br-sq id=8000.squatter0001 mode=nftables admin_edge=1 bpduguard=1\nok\n")
    c.close()
' >"$T_TMP/squat.log" 2>&1 &
sqpid=$!
BG_PIDS="$BG_PIDS $sqpid"
sq_up() { ip netns exec "$SQ" ss -xlp 2>/dev/null | grep -q '@brkit-stpd'; }
s_wait "squatter: the user's socket holds @brkit-stpd" 20 sq_up
t_run "squatter: root's stp show does not take its answer" 1 $BRKIT -n "$SQ" stp show br-sq
if printf '%s%s' "$T_OUT" "$T_ERR" | grep -q squatter; then
	t_fail "squatter: its text reached the output [$T_OUT$T_ERR]"
else t_ok "squatter: none of its text in the output"; fi
t_run "squatter: stp br-sq on" 0 $BRKIT -n "$SQ" stp br-sq on
t_eq "squatter: br-sq runs the kernel's STP (iproute2), not 'handed' to the squatter" \
	"$(ip -n "$SQ" -j -d link show dev br-sq | jq -r '.[0].linkinfo.info_data.stp_state')" 1
t_run "squatter: vm-port up with guards" 0 $BRKIT -n "$SQ" vm-port up t-sq bridge br-sq create
t_eq "squatter: the kernel's guard and root_block set on the tap (iproute2)" \
	"$(bridge -n "$SQ" -j -d link show dev t-sq | jq -r '.[0] | "\(.guard) \(.root_block)"')" "true true"
kill "$sqpid" 2>/dev/null
t_end

#!/bin/sh
# brkit-stpd's guards, malformed BPDUs on the wire, the configuration file and
# bad input through the CLI, on a lab (tests/lab/stpd_guards.yml) of pairs of
# bridges: g* (guarded, the lower address) linked to s* (priority 0, so its
# BPDUs are superior). g's daemon is started by hand with a configuration
# file (its node has stp: off in the lab); the others are the lab's.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/stpd-lab.inc"

field() { $BRKIT -n "$1" -j stp show br0 "$2" | jq -r ".bridges[0].ports[0].$3"; }
isroot() { $BRKIT -n "$1" -j stp show br0 | jq -r '.bridges[0].is_root'; }
kstate() { bridge -n "$1" -j link show dev "$2" | jq -r '.[0].state'; }
field_is() { [ "$(field "$1" "$2" "$3")" = "$4" ]; }
field_gt() { [ "$(field "$1" "$2" "$3")" -gt "$4" ]; }
kstate_is() { [ "$(kstate "$1" "$2")" = "$3" ]; }
prio_is() { [ "$(s_id "$1" | cut -c1-4)" = "$2" ]; }
root_is() { [ "$(s_root "$1")" = "$2" ]; }
isroot_is() { [ "$(isroot "$1")" = "$2" ]; }
# daemon_in NS: brkit-stpd processes running in NS
daemon_in() { t_stpd_count "brkit-stpd .*-n $1( |\$)"; }
tx_ge() { [ "$(s_tx "$1" "$2")" -ge "$3" ]; }

L="t$$-gd"
s_up stpd_guards.yml "$L" || exit 1
G=$L-g S=$L-s G2=$L-g2 S2=$L-s2 G3=$L-g3 S3=$L-s3 M=$L-m N=$L-n

conf=$T_TMP/stpd.conf
printf 'port br0 p-g1 bpduguard on\n' >"$conf"
t_eq "g: no daemon from the lab (stp: off), kernel STP off (iproute2)" \
	"$(daemon_in "$G") $(t_ipj "$G" br0 .linkinfo.info_data.stp_state)" "0 0"
t_eq "the lab's daemons: s, g2, s2, g3, s3" "$(s_daemons "$L")" 5
s_daemon "$G" "$conf" || exit 1
t_eq "s: priority 0 from the lab file" "$(s_id "$S" | cut -c1-4)" 0000
# ---- bpduguard (from the configuration file, applied when the daemon takes the port) ----
t_run "stp br0 on in g" 0 $BRKIT -n "$G" stp br0 on
gid=$(s_id "$G")
t_eq "g's id is its lab address" "$gid" "8000.00005e005331"
SAFE=agree-same-root,aged-fdwhile,rising-cost,txhold-events,stale-info
rules() { $BRKIT -n "$G" -j stp show br0 | jq -r '.bridges[0] | "\(.strict) \(.rules)"'; }
t_eq "strict: off by default, every rule in effect (json)" "$(rules)" "0 $SAFE"
t_eq "json: hex ids are strings even when all digits (port_id 8001)" \
	"$($BRKIT -n "$G" -j stp show br0 p-g1 | jq -r '.bridges[0].ports[0] | [.port_id, (.port_id | type), (.designated_port | type), (.name | type)] | join(" ")')" \
	"8001 string string string"
s_wait "bpduguard: a superior BPDU disables the port" 20 field_is "$G" p-g1 guard_disabled 1
t_eq "bpduguard: the root did not move" "$(s_root "$G")" "$gid"
t_eq "bpduguard: the kernel does not forward on it (iproute2)" "$(kstate "$G" p-g1)" listening
t_run "bpduguard off" 0 $BRKIT -n "$G" stp port set br0 p-g1 bpduguard off
rx0=$(field "$G" p-g1 rx_rst)
s_wait "bpduguard off: more of S's BPDUs arrive" 20 field_gt "$G" p-g1 rx_rst "$((rx0 + 1))"
t_eq "bpduguard: still disabled until the operator enables it" "$(field "$G" p-g1 guard_disabled)" 1
t_eq "bpduguard: root still not moved" "$(s_root "$G")" "$gid"
t_run "port enable" 0 $BRKIT -n "$G" stp port set br0 p-g1 enable
s_wait "enabled: the port takes S as root" 20 root_is "$G" "$(s_id "$S")"
s_wait "enabled: the port forwards (iproute2)" 20 kstate_is "$G" p-g1 forwarding
t_run "cut g:p-g1" 0 $BRKIT lab link "$L" g:p-g1 down
s_wait "cut: g is its own root again" 20 root_is "$G" "$gid"

# ---- rootguard ----
# g2 (the lower address) is the root until s2 takes priority 0; rootguard is
# set while the port is down, then the link comes back
s_wait "rootguard: g2 is the root at first" 20 isroot_is "$G2" 1
t_run "rootguard: cut g2:p-g2" 0 $BRKIT lab link "$L" g2:p-g2 down
t_run "rootguard on (port down still)" 0 $BRKIT -n "$G2" stp port set br0 p-g2 rootguard on
t_run "rootguard: priority 0 on s2" 0 $BRKIT -n "$S2" stp set br0 priority 0
rx0=$(field "$G2" p-g2 rx_rst)
t_run "rootguard: restore g2:p-g2" 0 $BRKIT lab link "$L" g2:p-g2 up
s_wait "rootguard: S2's BPDUs arrive" 20 field_gt "$G2" p-g2 rx_rst "$((rx0 + 2))"
t_eq "rootguard: they are superior (s2's id)" "$(s_id "$S2" | cut -c1-4)" 0000
t_eq "rootguard: the superior BPDU does not take the root" "$(isroot "$G2")" 1
t_eq "rootguard: the port discards" "$(field "$G2" p-g2 state)" discarding
s_wait "rootguard: the kernel does not forward on it (iproute2)" 20 kstate_is "$G2" p-g2 listening

# ---- bpdufilter ----
# set while the link is down; from the moment it comes back, g3 sends nothing
# on it (iproute2's rx counter at the far end, s3's p-s3), over a time in
# which s3 sent several BPDUs (its tx counter)
t_run "bpdufilter: cut g3:p-g3" 0 $BRKIT lab link "$L" g3:p-g3 down
t_run "bpdufilter on" 0 $BRKIT -n "$G3" stp port set br0 p-g3 bpdufilter on
t_run "bpdufilter: priority 0 on s3" 0 $BRKIT -n "$S3" stp set br0 priority 0
s_wait "bpdufilter: g3 is its own root while cut" 20 isroot_is "$G3" 1
rx0=$(s_rx "$S3" p-s3)
tx0=$(s_tx "$S3" p-s3)
t_run "bpdufilter: restore g3:p-g3" 0 $BRKIT lab link "$L" g3:p-g3 up
s_wait "bpdufilter: s3 sends its BPDUs (iproute2's tx counter)" 20 tx_ge "$S3" p-s3 "$((tx0 + 3))"
t_eq "bpdufilter: nothing sent (iproute2's rx counter at the far end)" "$(s_rx "$S3" p-s3)" "$rx0"
t_eq "bpdufilter: received BPDUs ignored: G3 stays root" "$(isroot "$G3")" 1
s_wait "bpdufilter: the port forwards" 20 kstate_is "$G3" p-g3 forwarding
t_eq "bpdufilter: still nothing sent" "$(s_rx "$S3" p-s3)" "$rx0"

# ---- malformed BPDUs on the wire (python3 raw socket, from host m) ----
s_wait "malformed: the port is up" 20 field_is "$G" p-gm carrier 1
ip netns exec "$M" python3 - <<'PY'
import socket
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("p-mg", 0))
dst = bytes.fromhex("0180c2000000"); src = bytes.fromhex("020000000001")
def frame(bpdu, pad=True):
    llc = bytes([0x42, 0x42, 0x03]) + bpdu
    f = dst + src + len(llc).to_bytes(2, "big") + llc
    return f + bytes(max(0, 60 - len(f)) if pad else 0)
cfg = bytes([0, 0, 0, 0, 0]) + bytes(8) + bytes(4) + bytes(8) + bytes(2) + bytes([0, 0, 20, 0, 2, 0, 15, 0])
for i in range(3):
    s.send(frame(bytes([0, 1]) + cfg[2:]))          # protocol id 1
for i in range(4):
    s.send(frame(bytes([0, 0, 0, 0x55]) + bytes(40)))  # unknown type
for i in range(5):
    s.send(frame(bytes([0, 0, 2, 2]) + bytes(20), False))  # RST BPDU, too short (veth: no padding)
PY
s_wait "malformed: protocol id counted" 10 field_is "$G" p-gm drop_protocol 3
t_eq "malformed: unknown type counted" "$(field "$G" p-gm drop_type)" 4
t_eq "malformed: short counted" "$(field "$G" p-gm drop_short)" 5
t_eq "malformed: none taken in" "$(field "$G" p-gm rx_taken)" 0
t_eq "malformed: G still its own root" "$(s_root "$G")" "$gid"

# ---- bad input through the CLI ----
# (once p-gm, an edge port now, forwards: the kernel state stays put)
s_wait "p-gm settled" 40 kstate_is "$G" p-gm forwarding
t_bad "$N" "no daemon running" 1 "no brkit-stpd runs in $N" $BRKIT -n "$N" stp show
t_bad "$G" "priority not a step" 2 "multiple of 4096" $BRKIT -n "$G" stp set br0 priority 4095
t_bad "$G" "priority too high" 2 "multiple of 4096" $BRKIT -n "$G" stp set br0 priority 65536
t_bad "$G" "hello out of range" 2 "1 to 2" $BRKIT -n "$G" stp set br0 hello 3
t_bad "$G" "maxage out of range" 2 "6 to 40" $BRKIT -n "$G" stp set br0 maxage 41
t_bad "$G" "fdelay out of range" 2 "4 to 30" $BRKIT -n "$G" stp set br0 fdelay 3
t_bad "$G" "txholdcount out of range" 2 "1 to 10" $BRKIT -n "$G" stp set br0 txholdcount 11
t_bad "$G" "forcevers unknown" 2 "stp or rstp" $BRKIT -n "$G" stp set br0 forcevers mstp
t_bad "$G" "times breaking 2 x (fdelay - 1) >= maxage" 1 "802.1D needs" \
	$BRKIT -n "$G" stp set br0 maxage 40 fdelay 4
t_bad "$G" "keyword given twice" 2 "'hello' given twice" $BRKIT -n "$G" stp set br0 hello 1 hello 2
t_bad "$G" "port cost 0" 2 "1 to 200000000" $BRKIT -n "$G" stp port set br0 p-gm cost 0
t_bad "$G" "port cost too high" 2 "1 to 200000000" $BRKIT -n "$G" stp port set br0 p-gm cost 200000001
t_bad "$G" "port priority not a step" 2 "multiple of 16" $BRKIT -n "$G" stp port set br0 p-gm priority 8
t_bad "$G" "port priority too high" 2 "multiple of 16" $BRKIT -n "$G" stp port set br0 p-gm priority 256
t_bad "$G" "p2p unknown" 2 "on, off or auto" $BRKIT -n "$G" stp port set br0 p-gm p2p maybe
t_bad "$G" "on/off setting unknown: what is accepted" 2 "edge 'maybe': not on, off, yes, no, 1 or 0" \
	$BRKIT -n "$G" stp port set br0 p-gm edge maybe
t_bad "$G" "stp BR without on or off" 2 "^brkit: stp br0: on or off expected$" $BRKIT -n "$G" stp br0
t_bad "$G" "port not in the bridge" 1 "p-zz: not a port of bridge br0" \
	$BRKIT -n "$G" stp port set br0 p-zz edge on
t_bad "$G" "bridge the daemon does not run" 1 "brq: not run by brkit-stpd" \
	$BRKIT -n "$G" stp set brq priority 4096
t_bad "$G" "show of a bridge the daemon does not run" 1 "not run by brkit-stpd" \
	$BRKIT -n "$G" stp show brq
t_bad "$G" "trace -c 0" 2 "-c N" $BRKIT -n "$G" stp trace p-gm -c 0

# reads from anyone, changes only from root (or a control group: sec_stpd.sh) by SO_PEERCRED
if command -v setpriv >/dev/null 2>&1; then
	nobody() { ip netns exec "$G" setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	t_run "an unprivileged user reads" 0 nobody $BRKIT stp show br0
	t_bad "$G" "an unprivileged user may not change" 1 "^brkit: stp set br0: refused: uid 65534 is not root" \
		nobody $BRKIT stp set br0 priority 4096
	t_bad "$G" "an unprivileged user may not change a port" 1 \
		"^brkit: stp port set br0 p-gm: refused: uid 65534 is not root" \
		nobody $BRKIT stp port set br0 p-gm edge on
else
	t_fail "setpriv missing (util-linux): the unprivileged cases did not run"
fi

# ---- the configuration file ----
printf 'bridge br0 strict on strict off\n' >"$T_TMP/bad.conf"
t_run "config: strict twice on a line: the daemon refuses to start" 1 \
	timeout 20 "$STPD" -n "$N" -f -c "$T_TMP/bad.conf"
t_errmatch "config: strict twice: file, line and keyword named" "bad.conf:1: 'strict' given twice"
printf 'bridge br0 priority 4096\nport br0 p-* cost 0\n' >"$T_TMP/bad.conf"
t_run "a bad config line: the daemon refuses to start" 1 timeout 20 "$STPD" -n "$N" -f -c "$T_TMP/bad.conf"
t_errmatch "a bad config line: file and line named" "bad.conf:2: cost '0'"
t_eq "a bad config line: no pid file left" "$(ls /run/brkit | grep -c "^stpd-$N.pid$")" 0
t_eq "a bad config line: n's bridge not taken (kernel STP off, no daemon)" \
	"$(t_ipj "$N" br0 .linkinfo.info_data.stp_state) $(daemon_in "$N")" "0 0"
t_run "an explicit -c that does not exist: refused at start" 1 \
	timeout 20 "$STPD" -n "$N" -f -c "$T_TMP/none.conf"
t_errmatch "an explicit -c that does not exist: path and reason" "none.conf: No such file"
t_run "an explicit -c that is a directory: refused at start" 1 timeout 20 "$STPD" -n "$N" -f -c "$T_TMP"
t_errmatch "an explicit -c that is a directory: path and reason" "$T_TMP: Is a directory"
t_eq "a -c refused: no pid file, no daemon, n's bridge not taken" \
	"$(ls /run/brkit | grep -c "^stpd-$N.pid$") $(daemon_in "$N") $(t_ipj "$N" br0 .linkinfo.info_data.stp_state)" "0 0 0"
printf 'bridge br0 priority 8192 strict on\n' >"$conf"
kill -HUP "$(s_pid "$G")"
s_wait "SIGHUP: the new configuration applies" 20 prio_is "$G" 2000
t_eq "SIGHUP: strict on from the file (json)" "$(rules)" "1 none"
printf 'bridge br0 priority 12288\nbridge br0 hello 7\n' >"$conf"
kill -HUP "$(s_pid "$G")"
s_wait "SIGHUP with a bad line: logged with file and line" 20 \
	grep -q "stpd.conf:2: hello '7'" "$T_TMP/stpd-$G.log"
t_eq "SIGHUP with a bad line: nothing of it applied" "$(s_id "$G" | cut -c1-4)" 2000

# ---- strict (issue 16): 802.1D-2004 to the letter, or brkit's rules (the default) ----
# (the file's strict on, by SIGHUP above, is overridden from the CLI)
t_run "strict off" 0 $BRKIT -n "$G" stp set br0 strict off
t_eq "strict off: every rule in effect (json)" "$(rules)" "0 $SAFE"
t_run "strict on" 0 $BRKIT -n "$G" stp set br0 strict on
t_eq "strict on: read back, no rule in effect (json)" "$(rules)" "1 none"
t_run "strict on: the text show" 0 $BRKIT -n "$G" stp show br0
t_eq "strict on: the text show says so" \
	"$(echo "$T_OUT" | grep -Ec 'strict 802\.1D +yes|rules +none')" 2
t_bad "$G" "strict: a bad value" 2 "strict 'maybe': not on, off" $BRKIT -n "$G" stp set br0 strict maybe
t_eq "strict: a bad value changed nothing" "$(rules)" "1 none"
t_bad "$G" "rules: an unknown rule" 2 "rules 'loose': 'loose' is not safe, none or a rule" \
	$BRKIT -n "$G" stp set br0 rules loose
t_run "rules: a subset" 0 $BRKIT -n "$G" stp set br0 rules stale-info,rising-cost
t_eq "rules: the subset read back in bit order" "$(rules)" "0 rising-cost,stale-info"
t_run "strict off again" 0 $BRKIT -n "$G" stp set br0 strict off
t_eq "strict off: the default rules again" "$(rules)" "0 $SAFE"

# ---- trace ----
t_run "trace: one decoded BPDU" 0 timeout 20 $BRKIT -n "$G" stp trace p-gm -c 1
t_eq "trace: G's own RST BPDU on one line" \
	"$(echo "$T_OUT" | grep -Ec '^[0-9:]{8}\.[0-9]{6} p-gm out RST v2 .* root 2000\.')" 1
# a quiet device (lo sees no BPDU): SIGINT ends the wait (exit 0), the outer
# KILL only stops a trace that ignores it (137)
t_run "trace: SIGINT stops it on a quiet device" 0 \
	timeout -s KILL 20 timeout --preserve-status -s INT 2 $BRKIT -n "$G" stp trace lo -c 1
t_run "trace: SIGTERM stops it on a quiet device" 0 \
	timeout -s KILL 20 timeout --preserve-status -s TERM 2 $BRKIT -n "$G" stp trace lo
t_bad "$G" "trace on a device that does not exist" 1 "p-none" $BRKIT -n "$G" stp trace p-none -c 1
s_down "$L"
t_end

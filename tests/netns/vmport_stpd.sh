#!/bin/sh
# vm-port's guards under brkit-stpd: when the daemon runs the bridge, `up`
# makes the tap an admin edge port with bpduguard in the daemon (read back
# from the daemon and, for the port's state, through iproute2); `noguard`
# leaves the daemon's settings alone; a second identical call changes nothing.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/stpd-lab.inc"

field() { $BRKIT -n "$1" -j stp show br0 "$2" | jq -r ".bridges[0].ports[0].$3"; }
kmaster() { ip -n "$1" -j link show dev "$2" | jq -r '.[0].master'; }

s_node G g
s_daemon "$G" || exit 1
t_run "the bridge is handed to brkit-stpd" 0 $BRKIT -n "$G" stp br0 on
state=$T_TMP/vmstate
export BRKIT_STATE_DIR=$state

t_run "vm-port up: a new tap on a bridge the daemon runs" 0 \
	$BRKIT -n "$G" vm-port up vt-a bridge br0 create
t_eq "the tap is a port of br0 (iproute2)" "$(kmaster "$G" vt-a)" br0
t_eq "the daemon has it as an admin edge port" "$(field "$G" vt-a admin_edge)" 1
t_eq "with bpduguard" "$(field "$G" vt-a bpduguard)" 1
t_run "a second identical call" 0 $BRKIT -n "$G" vm-port up vt-a bridge br0 create
case $T_OUT in *"nothing changed"*) t_ok "says nothing changed" ;; *) t_fail "says nothing changed: got [$T_OUT]" ;; esac
t_eq "still an admin edge port with bpduguard" \
	"$(field "$G" vt-a admin_edge) $(field "$G" vt-a bpduguard)" "1 1"

t_run "vm-port up noguard" 0 $BRKIT -n "$G" vm-port up vt-b bridge br0 create noguard
t_eq "noguard: the daemon's defaults stay (no admin edge, no bpduguard)" \
	"$(field "$G" vt-b admin_edge) $(field "$G" vt-b bpduguard)" "0 0"

t_run "vm-port down vt-a" 0 $BRKIT -n "$G" vm-port down vt-a
t_run "vm-port down vt-b" 0 $BRKIT -n "$G" vm-port down vt-b
t_eq "both taps are gone (iproute2)" \
	"$(ip -n "$G" -j link show type tun | jq -r 'length')" 0
t_end

#!/bin/sh
# brkit-stpd in mode c (STP off in the kernel) against the kernel's own
# forward delay timer: with STP off the kernel arms it whenever it makes a port
# forwarding (carrier up) and on expiry moves a listening port to learning, then
# forwarding. Before the daemon set the forward delay to 0, the blocked port of
# a loop forwarded 2 x forward delay after its link came up. Two bridges, two
# links, forward delay 4 s (tests/lab/pair_rstp_fd.yml; 2 s before the lab
# handed its timers to the daemon, whose minimum is 4 s); states read back with
# iproute2. As root.
. "$(dirname "$0")/../lib.sh"
LAB=sfd-$$
FILE=$T_TOP/tests/lab/pair_rstp_fd.yml
lab_down() { $BRKIT lab down "$LAB" >/dev/null 2>&1; t_cleanup; }
trap lab_down EXIT

# ports of both bridges neither forwarding nor disabled, and those learning
notfwd() {
	for n in sw1 sw2; do bridge -n "$LAB-$n" -j link show; done |
		jq -s '[.[][] | select(.state != "forwarding" and .state != "disabled")] | length'
}
states() {
	for n in sw1 sw2; do bridge -n "$LAB-$n" -j link show; done |
		jq -s -r '[.[][] | .ifname + "=" + .state] | sort | join(" ")'
}
fd() { ip -n "$LAB-$1" -j -d link show br0 | jq -r '.[0].linkinfo.info_data.forward_delay'; }

t_run "lab up" 0 $BRKIT lab up "$FILE" name "$LAB"
# bounded: 0.2 to 2.3 s in 94 runs here, but one fresh-root run still had two
# ports discarding after 20 s (a designated port that takes no agreement waits
# fdWhile from Max Age, 20 s, then Forward Delay); wait past that, and say so
# when it happens
# (one port blocked on 3 polls in a row: a transient 1 while the ports join
# and propose once ended the wait with both ends of a link still discarding)
i=0 stable=0
while [ $stable -lt 3 ] && [ $i -lt 200 ]; do
	if [ "$(notfwd)" = 1 ]; then stable=$((stable + 1)); else stable=0; fi
	sleep 0.2
	i=$((i + 1))
done
t_eq "one port blocked" "$(notfwd)" 1
if [ $i -ge 25 ]; then
	echo "# slow: one port blocked only after $((i / 5)) s; the daemons' view:" >&2
	for n in sw1 sw2; do $BRKIT -n "$LAB-$n" stp show br0 >&2; done
fi
t_eq "sw1's forward delay 0 while the daemon runs it" "$(fd sw1)" 0
t_eq "sw2's forward delay 0 while the daemon runs it" "$(fd sw2)" 0
before=$(states)
# 2 x forward delay (8 s) and more since the links came up
sleep 9
t_eq "after 9 s the same port states (the kernel moved none on)" "$(states)" "$before"
t_eq "after 9 s still one port blocked" "$(notfwd)" 1
# no loop: sw1's root-facing counters grow by hellos, not by a storm
rx0=$(ip -n "$LAB-sw1" -j -s link show p-a1 | jq '.[0].stats64.rx.packets')
sleep 2
rx1=$(ip -n "$LAB-sw1" -j -s link show p-a1 | jq '.[0].stats64.rx.packets')
if [ $((rx1 - rx0)) -lt 50 ]; then t_ok "no storm ($((rx1 - rx0)) frames in 2 s)"; else t_fail "storm: $((rx1 - rx0)) frames in 2 s"; fi

# the blocked port's link goes down and up: the kernel makes it forwarding at
# once (STP off, forward delay 0: no timer), the daemon writes it back to
# discarding, and 2 x forward delay later nothing has moved it on
blk=$(for n in sw1 sw2; do bridge -n "$LAB-$n" -j link show |
	jq -r --arg n "$n" '.[] | select(.state != "forwarding" and .state != "disabled") | "\($n) \(.ifname)"'; done)
set -- $blk
t_run "flap the blocked port $1:$2: down" 0 ip -n "$LAB-$1" link set "$2" down
t_run "flap the blocked port $1:$2: up" 0 ip -n "$LAB-$1" link set "$2" up
i=0
while [ "$(notfwd)" != 1 ] && [ $i -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
t_eq "after the flap one port blocked again" "$(notfwd)" 1
sleep 9
t_eq "9 s after the flap the same port states as before it" "$(states)" "$before"
rx0=$(ip -n "$LAB-sw1" -j -s link show p-a1 | jq '.[0].stats64.rx.packets')
sleep 2
rx1=$(ip -n "$LAB-sw1" -j -s link show p-a1 | jq '.[0].stats64.rx.packets')
if [ $((rx1 - rx0)) -lt 50 ]; then t_ok "after the flap no storm ($((rx1 - rx0)) frames in 2 s)"; else t_fail "after the flap: storm: $((rx1 - rx0)) frames in 2 s"; fi
# stp off gives the forward delay back (one link cut first: no loop)
t_run "cut the second link" 0 $BRKIT lab link "$LAB" sw1:p-b1 down
t_run "stp br0 off on sw1" 0 $BRKIT -n "$LAB-sw1" stp br0 off
t_eq "sw1's forward delay back to 4 s" "$(fd sw1)" 400
t_eq "sw2's forward delay still 0" "$(fd sw2)" 0
t_run "lab down" 0 $BRKIT lab down "$LAB"
t_end

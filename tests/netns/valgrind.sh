#!/bin/sh
# The brkit command under valgrind: every path a VM host uses, no leak and no
# invalid access (valgrind exits 99 on either).
. "$(dirname "$0")/../lib.sh"
t_netns_new NS vg
VG="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99"
vg() { t_run "valgrind: brkit $*" 0 $VG "$BRKIT" -n "$NS" "$@"; }
vgf() { t_run "valgrind (failing): brkit $*" 1 $VG "$BRKIT" -n "$NS" "$@"; }
vgu() { t_run "valgrind (usage): brkit $*" 2 $VG "$BRKIT" -n "$NS" "$@"; }

vg bridge add br-v stp_state 1 forward_delay 400
vg addbr br-w
vg tap add vg-t0 bridge br-v devgroup 5
vg tap add 'vgt%d' bridge br-v devgroup 5 vnet_hdr
ip -n "$NS" link add p-v0 type veth peer name p-v1
vg addif br-w p-v0
vg port set br-v vg-t0 learning off flood off cost 10
vg show
vg showstp br-v
vg bridge show
vg -j bridge show
vg port show
vg tap show
vg -j tap show
vg fdb add 02:00:00:00:00:01 dev vg-t0 master static
vg fdb show
vg -j fdb show
vg showmacs br-v
vg fdb flush br br-v
vgf delif br-w p-none
vgu addbr 'bad/name'
vgf delbr br-none
vg tap flush devgroup 5
# issue 7's paths: templates, help, -batch word splitting, undo after an output failure
vg bridge add 'vgb%d' up
vg -j addbr 'vgb%d'
vg help tap
vg vlan --help
vgu tap add t bridge br-v bridge br-w
printf 'bridge add "vgq"\nbridge add "q b"\n' >"$T_TMP/vg.batch"
vgu -batch "$T_TMP/vg.batch"
# issue 17's EVPN objects: vnifilter device, VNI filter, port flag, extern_learn flush
vg vxlan add vg-vx external vnifilter local 192.0.2.1 learning off bridge br-v
vg vxlan vni add dev vg-vx vni 10,20-30 remote 198.51.100.1
vg vxlan vni show
vg -j vxlan vni show dev vg-vx
vg vxlan vni del dev vg-vx vni 25
vgf vxlan vni add dev br-v vni 5
vgu vxlan vni add dev vg-vx vni 0
vg port set br-v vg-vx vlan_tunnel on neigh_suppress on
vg fdb add 02:00:00:00:00:e1 dev vg-vx extern_learn
vg fdb flush br br-v extern_learn
vgf vlan tunnelshow dev p-none
vgf vlan add dev vg-vx vid 10 tunnel_info id 1010
t_run "valgrind (failing): brkit tap add vgf%d >/dev/full" 1 sh -c "$VG \"$BRKIT\" -n $NS tap add 'vgf%d' >/dev/full"
t_end

#!/bin/sh
# Bridge VLAN options on a kernel WITH CONFIG_BRIDGE_VLAN_FILTERING (the host lacks it).
# Runs in the QEMU VM (make check does: sh tests/vm/run.sh tests/vm/suite-bridge.sh).
. "$(dirname "$0")/../lib.sh"
t_netns_new NS vm
t_run "add with vlan options" 0 $BRKIT -n $NS bridge add br-v vlan_filtering on vlan_protocol 802.1ad default_pvid 7 vlan_stats on priority 5
t_eq "vlan_filtering" "$(t_ipj $NS br-v .linkinfo.info_data.vlan_filtering)" 1
t_eq "vlan_protocol" "$(t_ipj $NS br-v .linkinfo.info_data.vlan_protocol)" 802.1ad
t_eq "default_pvid" "$(t_ipj $NS br-v .linkinfo.info_data.vlan_default_pvid)" 7
t_eq "vlan_stats" "$(t_ipj $NS br-v .linkinfo.info_data.vlan_stats_enabled)" 1
t_run "add with only vlan_protocol (probe vlan_filtering 0)" 0 $BRKIT -n $NS bridge add br-w vlan_protocol 802.1Q
t_eq "br-w vlan_filtering stays 0" "$(t_ipj $NS br-w .linkinfo.info_data.vlan_filtering)" 0
t_run "set vlan options" 0 $BRKIT -n $NS bridge set br-v vlan_filtering off vlan_protocol 802.1Q default_pvid 0 vlan_stats off
t_eq "vlan_filtering off" "$(t_ipj $NS br-v .linkinfo.info_data.vlan_filtering)" 0
t_eq "vlan_protocol" "$(t_ipj $NS br-v .linkinfo.info_data.vlan_protocol)" 802.1Q
t_eq "default_pvid" "$(t_ipj $NS br-v .linkinfo.info_data.vlan_default_pvid)" 0
t_run "json" 0 $BRKIT -n $NS -j bridge show br-v
t_eq "json vlan_protocol" "$(printf '%s' "$T_OUT" | jq -r '.[0].vlan_protocol')" 802.1Q
t_eq "json vlan_filtering" "$(printf '%s' "$T_OUT" | jq -r '.[0].vlan_filtering')" 0
ip -n $NS link add p-a type veth peer name p-b
$BRKIT -n $NS addif br-v p-a
t_run "port flags" 0 $BRKIT -n $NS port set br-v p-a learning off locked on cost 9
t_eq "cost" "$(bridge -n $NS -j link show dev p-a | jq -r '.[0].cost')" 9
t_end

#!/bin/sh
# The errno table (tests/netns/errno.sh) on a kernel WITH CONFIG_BRIDGE_VLAN_FILTERING:
# there a VLAN change on a bridge with vlan_filtering off answers -ENOPROTOOPT,
# which the host kernel never reaches. Runs in the QEMU VM (make check does:
# sh tests/vm/run.sh tests/vm/suite-errno.sh).
exec sh "$(dirname "$0")/../netns/errno.sh"

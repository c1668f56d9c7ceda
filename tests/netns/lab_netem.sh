#!/bin/sh
# brkit lab's netem impairments (delay, loss, a rate under netem) need a kernel
# with CONFIG_NET_SCH_NETEM, which the host lacks: run tests/vm/lab-netem.sh in
# the QEMU VM on Debian's cloud kernel with sch_netem and sch_tbf loaded. (On
# the host, tests/netns/lab_bad.sh checks the clean refusal naming the option.)
cd "$(dirname "$0")/../.." || exit 1
VM_MODULES="llc stp bridge veth sch_netem sch_tbf" VM_BINS="tc ping ${VM_BINS:-}" \
	exec sh tests/vm/run.sh tests/vm/lab-netem.sh

#!/bin/sh
# N VMs starting at once on one bridge (and stopping at once): N `vm-port up
# TAP bridge br0 create lock mac ADDR` started together, then N `down`, in a fresh
# namespace. They serialise on the state directory's lock, so the slowest one
# waits for nearly all the others: this prints the whole batch's wall time and
# the slowest call, to set against the lock's bounds (VMPORT_LOCK_WAIT_MS for
# one holder, VMPORT_LOCK_WAIT_MAX_MS in all). Root.
# Usage: sh bench/vmport_parallel.sh [N] (default 50)
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
BRKIT=${BRKIT:-$BUILD/brkit}
N=${1:-50}
TMP=$(mktemp -d /tmp/brkit-bench-vmpar.XXXXXX)
NS=bk-bench-vmpar-$$
cleanup() {
	ip netns del "$NS" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
ip netns add "$NS"
ip -n "$NS" link add br0 type bridge
ip -n "$NS" link set br0 up
ms() { echo $(($(date +%s%N) / 1000000)); }
# batch VERB: N calls at once; each writes "status ms" to $TMP/VERB.I
batch() {
	_s=$(ms)
	_i=1
	while [ $_i -le "$N" ]; do
		(
			a=$(ms)
			if [ "$1" = up ]; then
				set -- up "t-$_i" bridge br0 create lock \
					mac "$(printf '52:54:00:00:%02x:%02x' $((_i / 256)) $((_i % 256)))"
			else
				set -- down "t-$_i"
			fi
			BRKIT_STATE_DIR=$TMP/state "$BRKIT" -n "$NS" vm-port "$@" >/dev/null 2>&1
			echo "$? $(($(ms) - a))" >"$TMP/$1.$_i"
		) &
		_i=$((_i + 1))
	done
	wait
	_e=$(ms)
	echo "$1: $N at once: batch $((_e - _s)) ms, slowest $(cat "$TMP/$1".* | awk '{print $2}' |
		sort -n | tail -1) ms, failed $(cat "$TMP/$1".* | awk '$1 != 0' | wc -l)"
}
mkdir -m 0700 "$TMP/state"
batch up
batch down
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

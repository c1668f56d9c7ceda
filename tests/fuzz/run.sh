#!/bin/sh
# Run a libFuzzer target for a bounded number of inputs, starting from the
# seed corpus, and print one line that scripts/check.sh counts:
#   fuzz-bpdu: 1 passed, 0 failed (N inputs in S s, R inputs/s, seed X)
# Usage: run.sh FUZZER RUNS [SEED [TARGET]]   (SEED 0: libFuzzer picks one and logs
# it; TARGET names the seeds, tests/fuzz/corpus/TARGET, and the line: bpdu by default)
# New inputs go to a scratch corpus next to the binary, never to the seeds;
# a crashing input is saved there as crash-* (see the log).
set -u
bin=$1
runs=$2
seed=${3:-0}
name=fuzz-${4:-bpdu}
dir=$(dirname "$bin")
seeds=tests/fuzz/corpus/${4:-bpdu}
work=$dir/corpus-work-${4:-bpdu}
log=$dir/$name.log
rm -rf "$work"
mkdir -p "$work"
t0=$(date +%s%N)
"$bin" -runs="$runs" -seed="$seed" -max_len=1514 -print_final_stats=1 \
	-artifact_prefix="$dir/" "$work" "$seeds" >"$log" 2>&1
st=$?
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
done_runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
used_seed=$(sed -n 's/^INFO: Seed: \([0-9]*\).*/\1/p' "$log" | head -n 1)
done_runs=${done_runs:-0}
rate=0
[ "$ms" -gt 0 ] && rate=$((done_runs * 1000 / ms))
secs=$((ms / 1000)).$(printf '%03d' $((ms % 1000)))
if [ "$st" = 0 ] && [ "$done_runs" -ge "$runs" ]; then
	echo "$name: 1 passed, 0 failed ($done_runs inputs in $secs s, $rate inputs/s, seed ${used_seed:-?})"
	exit 0
fi
tail -n 40 "$log"
echo "$name: 0 passed, 1 failed (exit $st after $done_runs of $runs inputs, seed ${used_seed:-?}; log $log)"
exit 1

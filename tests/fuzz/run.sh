#!/bin/sh
# Run one libFuzzer target for a bounded number of inputs, starting from its
# seed corpus tests/fuzz/corpus/NAME/, and print one line that
# scripts/check.sh counts:
#   fuzz-NAME: 1 passed, 0 failed (N inputs in S s, R inputs/s, seed X)
# Usage: run.sh NAME FUZZER RUNS [SEED]   (SEED 0: libFuzzer picks one and logs it)
# New inputs go to a scratch corpus next to the binary, never to the seeds;
# a crashing input is saved there as NAME-crash-* (see the log).
set -u
name=fuzz-$1
bin=$2
runs=$3
seed=${4:-0}
dir=$(dirname "$bin")
seeds=tests/fuzz/corpus/$1
work=$dir/corpus-work-$1
log=$dir/$name.log
# the longest input tried: a frame, or a few frames and ticks, or a file
# (fuzz_frame: 1024 octets hold a dozen frames and ticks; longer inputs only
# cost time)
case $1 in
bpdu) max_len=1514 ;;
frame) max_len=1024 ;;
*) max_len=4096 ;;
esac
if [ ! -d "$seeds" ] || [ -z "$(ls "$seeds")" ]; then
	echo "$name: 0 passed, 1 failed (no seeds in $seeds)"
	exit 1
fi
rm -rf "$work"
mkdir -p "$work"
t0=$(date +%s%N)
"$bin" -runs="$runs" -seed="$seed" -max_len="$max_len" -print_final_stats=1 \
	-artifact_prefix="$dir/$1-" "$work" "$seeds" >"$log" 2>&1
st=$?
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
done_runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
used_seed=$(sed -n 's/^INFO: Seed: \([0-9]*\).*/\1/p' "$log" | head -n 1)
rss=$(sed -n 's/^stat::peak_rss_mb: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
done_runs=${done_runs:-0}
rate=0
[ "$ms" -gt 0 ] && rate=$((done_runs * 1000 / ms))
secs=$((ms / 1000)).$(printf '%03d' $((ms % 1000)))
if [ "$st" = 0 ] && [ "$done_runs" -ge "$runs" ]; then
	echo "$name: 1 passed, 0 failed ($done_runs inputs in $secs s, $rate inputs/s, peak RSS ${rss:-?} MB, seed ${used_seed:-?})"
	exit 0
fi
tail -n 40 "$log"
echo "$name: 0 passed, 1 failed (exit $st after $done_runs of $runs inputs, seed ${used_seed:-?}; log $log)"
exit 1

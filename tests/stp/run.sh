#!/bin/sh
# Runs every scenario under tests/stp/ through brkit-stp-sim: files named
# stp-*.stp in the test-stp.c dialect (--stp), the others in test-rstp.c's.
# Prints one line a file and the total as "N passed, N failed".
BUILD=${BUILD:-build}
SIM=$BUILD/brkit-stp-sim
DIR=$(dirname "$0")
pass=0
fail=0
for f in "$DIR"/*.stp; do
	opt=
	case $(basename "$f") in stp-*) opt=--stp ;; esac
	if out=$("$SIM" $opt "$f" 2>&1 >/dev/null); then
		pass=$((pass + 1))
		echo "PASS $f"
	else
		fail=$((fail + 1))
		echo "FAIL $f"
		echo "$out" | sed 's/^/    /'
	fi
done
echo "stp scenarios: $pass passed, $fail failed"
[ "$fail" = 0 ]

#!/bin/sh
# The README is a front page: short, and every file it and the guides under doc/
# link to exists (relative links only; anchors and web addresses are not followed).
set -u
cd "$(dirname "$0")/../.."
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
bad() { fail=$((fail + 1)); echo "FAIL - $*"; }
n=$(wc -l <README.md)
if [ "$n" -le 200 ]; then ok "README.md is a front page ($n lines, at most 200)"; else bad "README.md has $n lines (a front page has at most 200; move reference text to doc/ or man/)"; fi
links=0
for f in README.md doc/*.md; do
	dir=$(dirname "$f")
	for l in $(grep -o '](\([^)#: ]*\))' "$f" | sed 's/^](//; s/)$//'); do
		links=$((links + 1))
		[ -e "$dir/$l" ] || bad "$f links to $l, which does not exist"
	done
done
if [ "$links" -ge 30 ]; then ok "$links relative links checked"; else bad "only $links relative links found (the link pattern broke?)"; fi
for p in man/man*/*.[1-8]; do
	grep -q "]($p)" README.md || bad "README.md does not link the man page $p"
done
[ "$fail" = 0 ] && ok "every man page is linked from README.md"
for d in doc/*.md; do
	grep -q "]($d)" README.md || bad "README.md does not link $d"
done
[ "$fail" = 0 ] && ok "every guide under doc/ is linked from README.md"
echo "readme: $pass passed, $fail failed"
[ "$fail" = 0 ]

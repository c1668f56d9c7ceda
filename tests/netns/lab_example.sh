#!/bin/sh
# The README's example harness (tests/tools/lab_example.c on tests/lab/example.yml):
# it brings the lab up through the library, checks a ping from h1 to h2 in C,
# and tears the lab down, without starting any process. A copy of the lab
# whose h2 has another address shows that its ping check can fail.
. "$(dirname "$0")/../lib.sh"
EX=$BUILD/tests/tools/lab_example
[ -x "$EX" ] || { echo "lab_example: $EX is missing (make tools)"; t_fail "built"; t_end; exit 1; }
L=t$$-ex
trap '$BRKIT lab down "$L" >/dev/null 2>&1; $BRKIT lab down "$L-no" >/dev/null 2>&1; t_cleanup' EXIT

t_run "example harness" 0 strace -f -qq -o "$T_TMP/trace" -e trace=execve,vfork,fork $EX "$T_TOP/tests/lab/example.yml" "$L"
t_eq "example: the ping was answered" "$T_OUT" "h1 -> h2: ping answered"
t_eq "example: no process started (one execve: the harness itself)" \
	"$(grep -c 'execve(' "$T_TMP/trace")" 1
t_eq "example: nothing left" "$(ip netns list 2>/dev/null | grep -c "^$L-") $(ls /run/brkit/lab | grep -cx "$L")" "0 0"

sed 's|192.0.2.2/24|198.51.100.2/24|' "$T_TOP/tests/lab/example.yml" >"$T_TMP/no.yml"
t_run "example harness, h2 unreachable" 1 $EX "$T_TMP/no.yml" "$L-no"
t_eq "example: the check fails" "$T_OUT" "h1 -> h2: Connection timed out"
t_eq "example: nothing left after a failed check" \
	"$(ip netns list 2>/dev/null | grep -c "^$L-no-") $(ls /run/brkit/lab | grep -cx "$L-no")" "0 0"
t_end

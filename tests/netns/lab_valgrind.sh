#!/bin/sh
# brkit lab under valgrind: up (with a rate through libnl), show, graph, link,
# a failing up that rolls back, exec: commands (one failing), down; no leak and no invalid access
# (valgrind exits 99 on either).
. "$(dirname "$0")/../lib.sh"
L=t$$-vg
trap '$BRKIT lab down "$L" >/dev/null 2>&1; t_cleanup' EXIT
VG="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99"
vg() { _st=$1; shift; t_run "valgrind: brkit $*" "$_st" $VG "$BRKIT" "$@"; }

vg 0 lab up "$T_TOP/tests/lab/star.yml" name "$L"
t_eq "the lab is up" "$(ip netns list 2>/dev/null | grep -c "^$L-")" 5
vg 0 lab show "$L"
vg 0 -j lab show "$L"
vg 0 lab list
vg 0 lab graph "$L"
vg 0 lab link "$L" sw:p1 down
vg 0 lab link "$L" sw:p1 up
vg 1 lab up "$T_TOP/tests/lab/star.yml" name "$L"
vg 0 lab down "$L"
# A failure late in up (rollback under valgrind): the kernel refuses an IPv6
# gateway that is the node's own address (a gateway on no subnet is refused
# by the parser since issue 19).
printf 'name: x\ntopology:\n  nodes: {a: {kind: host, addresses: ["2001:db8::2/64"], gateway: "2001:db8::2"}, b: {kind: host}}\n  links:\n    - endpoints: ["a:e0", "b:e0"]\n' >"$T_TMP/late.yml"
vg 1 lab up "$T_TMP/late.yml" name "$L"
t_errmatch "the late failure is named" "adding default route"
vg 2 lab up "$T_TOP/tests/lab/nonexistent.yml"
printf 'name: x\ntopology: {nodes: {a: {kind: host, colour: red}}}\n' >"$T_TMP/bad.yml"
vg 2 lab up "$T_TMP/bad.yml"
# exec: and env: (a command that succeeds, one that fails and rolls back), graph as Mermaid
printf 'name: x\ntopology:\n  defaults: {env: {A: "1"}}\n  nodes:\n    a: {kind: host, env: {B: "2"}, exec: ["test \\"$A$B\\" = 12", "ip -br link"]}\n' >"$T_TMP/exec.yml"
vg 0 lab up "$T_TMP/exec.yml" name "$L"
vg 0 lab graph "$L" format mermaid
vg 0 lab down "$L"
printf 'name: x\ntopology:\n  nodes:\n    a: {kind: host, exec: ["echo out; exit 4"]}\n' >"$T_TMP/execfail.yml"
vg 1 lab up "$T_TMP/execfail.yml" name "$L"
t_errmatch "the failing command is named, with its output" "exec 'echo out; exit 4' failed \(exit status 4\); its output: out"
vg 1 lab down "$L"
t_eq "nothing left" "$(ip netns list 2>/dev/null | grep -c "^$L-")" 0
t_end

#!/bin/bash
# Fail on any kernel splat in a guest console log: warnings, bugs, oopses,
# lockdep, KASAN and kmemleak reports. Prints the offending lines.
# Not splats: notices a fuzzer's arguments trigger that merely start with
# "WARNING:" (fs/namespace.c's deprecated "mand" mount option), and what
# a test that warns on purpose brackets between "evl-test: expected
# splats begin" and "evl-test: expected splats end".
# usage: check-console.sh CONSOLE_LOG
set -uo pipefail
log=$1
patterns='BUG:|WARNING:|Oops|\] RIP: |Call Trace:|general protection fault|possible circular locking|inconsistent lock state|possible recursive locking|suspicious RCU usage|KASAN:|unreferenced object 0x|ref_tracker:|Kernel panic|kernel panic|sleeping function called from invalid context|INFO: task .* blocked'
benign='WARNING: The mand mount option has been deprecated'
hits=$(tr -d '\r' <"$log" |
	awk '/evl-test: expected splats begin/ { skip = 1 }
	     !skip { print }
	     /evl-test: expected splats end/ { skip = 0 }' |
	grep -aE "$patterns" | grep -avF "$benign")
[ -z "$hits" ] && exit 0
echo "$hits" | head -n 20
exit 1

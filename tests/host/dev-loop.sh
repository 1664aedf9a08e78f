#!/bin/bash
# The development loop as a developer uses it: make dev boots a guest
# with this tree on /host, make reload builds module/evl.ko and reloads
# it there (twice: a load, then an unload + load), a command runs in the
# guest, make dev-stop ends it, and the guest's kernel log is clean.
# Prints PASS/FAIL lines; the reload time goes in the verdict.
set -uo pipefail
STEP=dev-loop
. "$(dirname "$0")/../../scripts/lib.sh"

log=$LOGS/dev-loop.log
console=$BUILD/dev/guest/console.log
: >"$log"
dev() { echo "# make $*" >>"$log"; make -s -C "$TOP" "$@" >>"$log" 2>&1; }
fail() { report FAIL "$1" "${2:-log: $log}"; make -s -C "$TOP" dev-stop >>"$log" 2>&1; exit 1; }

dev dev || fail dev-start
report PASS dev-start "$(grep -o 'guest ready in [0-9]* s' "$log")"

want=$(modinfo -F srcversion "$TOP/module/evl.ko" 2>/dev/null)
for round in 1 2; do
	mark=$(wc -l <"$log")
	dev reload || fail "dev-reload-$round"
	out=$(tail -n +"$((mark + 1))" "$log")
	want=$(modinfo -F srcversion "$TOP/module/evl.ko")
	grep -q "^srcversion $want\$" <<<"$out" ||
		fail "dev-reload-$round" "the guest does not run the module just built ($want)"
	grep -q "evl: loaded, version" <<<"$out" ||
		fail "dev-reload-$round" "evlctl status does not say loaded"
	if [ $round = 2 ]; then
		grep -q "evl unloaded" <<<"$out" ||
			fail dev-reload-2 "the loaded core was not unloaded first"
	fi
	report PASS "dev-reload-$round" "$(grep -o 'reloaded in .*' <<<"$out")"
done

# The whole command line runs in the guest, as typed: ';', '&&', '$?',
# '$(...)' and quotes (run on the host, "loaded=" would say 1 there).
mark=$(wc -l <"$log")
# shellcheck disable=SC2016
dev dev-cmd CMD='test -e /sys/module/evl; echo "loaded=$?"; rmmod evl && ! test -e /sys/module/evl && echo "unloaded in '"'"'$(uname -r)'"'"'"' ||
	fail dev-cmd
out=$(tail -n +"$((mark + 1))" "$log")
release=$(make -s -C "$SRC" O="$(objdir debug)" kernelrelease)
grep -qx "loaded=0" <<<"$out" && grep -qx "unloaded in '$release'" <<<"$out" ||
	fail dev-cmd "the command did not run whole in the guest: $(tr '\n' ' ' <<<"$out")"
report PASS dev-cmd "rmmod evl in the running guest, one command line with ; && \$? \$(...)"

dev dev-stop || fail dev-stop
grep -qx END <(tr -d '\r' <"$BUILD/dev/guest/results.log") ||
	fail dev-stop "the guest did not power off cleanly"
report PASS dev-stop

if splats=$("$TOP/scripts/check-console.sh" "$console"); then
	report PASS dev-console-clean
else
	echo "$splats" >>"$log"
	report FAIL dev-console-clean "splats in $console"
fi

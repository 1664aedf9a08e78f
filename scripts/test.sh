#!/bin/bash
# The whole suite: host checks, then the guest suite on the debug kernel
# for each vCPU count in GUEST_CPUS. Ends with 'N passed, N failed'
# (', N skipped') and exits non-zero on any failure.
set -uo pipefail
STEP=test
. "$(dirname "$0")/lib.sh"

config=${CONFIG:-debug}
cpus_list=${GUEST_CPUS:-1 2}
obj=$(objdir "$config")
results=$LOGS/test-results.txt
: >"$results"

record() { report "$@" | tee -a "$results"; }

say "host checks"
"$TOP/scripts/host-checks.sh" | tee -a "$results"

for cpus in $cpus_list; do
	out=$BUILD/guest-$config/test-${cpus}cpu
	say "guest suite on $config, $cpus vCPU(s) (console: $out/console.log)"
	"$TOP/scripts/qemu-run.sh" "$obj/arch/x86/boot/bzImage" \
		"$BUILD/guest-$config/initramfs.gz" "$out" test "$cpus" \
		"${GUEST_TIMEOUT:-1200}"
	tr -d '\r' <"$out/results.log" | grep -E '^(PASS|FAIL|SKIP): ' |
		sed -E "s/^(PASS|FAIL|SKIP): ([^ ]+)/\1: \2@${cpus}cpu/" | tee -a "$results"
	if tr -d '\r' <"$out/results.log" | grep -qx END; then
		record PASS "guest-complete@${cpus}cpu"
	else
		record FAIL "guest-complete@${cpus}cpu" "no END: hang or crash, console: $out/console.log"
	fi
	if splats=$("$TOP/scripts/check-console.sh" "$out/console.log"); then
		record PASS "console-clean@${cpus}cpu"
	else
		echo "$splats"
		record FAIL "console-clean@${cpus}cpu" "splats in $out/console.log"
	fi
done

passed=$(grep -c '^PASS: ' "$results")
failed=$(grep -c '^FAIL: ' "$results")
skipped=$(grep -c '^SKIP: ' "$results")
if [ "$failed" -gt 0 ]; then
	say "failed:"
	grep '^FAIL: ' "$results" | sed 's/^/  /'
	say "logs: $LOGS, guest consoles: $BUILD/guest-$config/test-*/console.log"
fi
echo "$passed passed, $failed failed${skipped:+, $skipped skipped}" | sed 's/, 0 skipped$//'
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

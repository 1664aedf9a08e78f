#!/bin/bash
# Soak: the debug kernel with evl.ko live for SOAK_MIN minutes (default
# 120) under out-of-band work and trinity as nobody in-band, with a
# clocksource change every ten minutes (scripts/guest/run-soak), then
# the core unloaded. Fails on any failed run, a splat on the console, a
# guest that froze (silent for GUEST_STALL_S s) or did not finish.
# SOAK_CPUS=N vCPUs (default 2). Ends with 'N passed, N failed'.
set -euo pipefail
STEP=soak
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh" trinity
minutes=${SOAK_MIN:-120}
cpus=${SOAK_CPUS:-2}
config=debug
out=$BUILD/soak
CONFIG=$config "$TOP/scripts/kernel.sh"
CONFIG=$config SOAK_TOOLS=1 "$TOP/scripts/mkinitramfs.sh"
say "soak: $minutes min on $cpus vCPU(s) (console: $out/console.log)"
rc=0
GUEST_STALL_S=${GUEST_STALL_S:-300} GUEST_CMDLINE="evlsoakmin=$minutes" \
	"$TOP/scripts/qemu-run.sh" "$(objdir "$config")/arch/x86/boot/bzImage" \
	"$BUILD/guest-$config/initramfs.gz" "$out" soak "$cpus" \
	$(((minutes + 20) * 60)) || rc=$?

results=$out/verdicts.txt
tr -d '\r' <"$out/results.log" | grep -E '^(PASS|FAIL|SKIP): ' >"$results" || true
tr -d '\r' <"$out/results.log" | grep '^STATUS ' || true
if tr -d '\r' <"$out/results.log" | grep -qx END; then
	report PASS soak-complete >>"$results"
else
	report FAIL soak-complete "no END: qemu exit $rc, console: $out/console.log" >>"$results"
fi
if splats=$("$TOP/scripts/check-console.sh" "$out/console.log"); then
	report PASS soak-console-clean >>"$results"
else
	echo "$splats"
	report FAIL soak-console-clean "splats in $out/console.log" >>"$results"
fi
cat "$results"
passed=$(grep -c '^PASS: ' "$results" || true)
failed=$(grep -c '^FAIL: ' "$results" || true)
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

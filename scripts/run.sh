#!/bin/bash
# The main job: boot the patched kernel, load the core, show its state,
# run the demo, unload it and power off, with a short summary.
set -euo pipefail
STEP=run
. "$(dirname "$0")/lib.sh"

config=$CONFIG
cpus=${GUEST_CPUS:-2}
obj=$(objdir "$config")
out=$BUILD/guest-$config/run
say "booting $(make -s -C "$SRC" O="$obj" kernelrelease) in QEMU (TCG, $cpus vCPUs)"
rc=0
"$TOP/scripts/qemu-run.sh" "$obj/arch/x86/boot/bzImage" \
	"$BUILD/guest-$config/initramfs.gz" "$out" run "$cpus" 600 || rc=$?
tr -d '\r' <"$out/results.log" | grep -v '^END$' || true
splats=$("$TOP/scripts/check-console.sh" "$out/console.log") || rc=1
[ -n "$splats" ] && echo "$splats"
if [ $rc -eq 0 ] && tr -d '\r' <"$out/results.log" | grep -qx END &&
	! grep -q FAILED "$out/results.log"; then
	say "OK: core loaded, ran and unloaded; kernel log: $out/console.log"
else
	say "FAILED: see the kernel log $out/console.log"
	exit 1
fi

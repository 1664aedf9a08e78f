#!/bin/bash
# Boot a kernel and initramfs in QEMU (software emulation only) and run
# one guest job. The console goes to OUT/console.log, the job's results
# port (second serial line) to OUT/results.log.
# usage: qemu-run.sh BZIMAGE INITRAMFS OUTDIR [JOB] [CPUS] [TIMEOUT_S]
# QEMU_ICOUNT=N runs in deterministic virtual time (-icount shift=N).
# QEMU_TCG_THREAD=multi|single overrides the TCG threading (see below).
# QEMU_SHARE=DIR shares DIR into the guest over 9p (mount tag evlhost).
# GUEST_STALL_S=N stops a guest whose results port stayed silent for N s
# (the test runner writes a sign of life every 10 s): a frozen guest
# fails then, with a FAIL line added to its results, and exit status 125.
set -euo pipefail
STEP=qemu
. "$(dirname "$0")/lib.sh"

kernel=$1 initrd=$2 out=$3 job=${4:-test} cpus=${5:-2} limit=${6:-900}
mkdir -p "$out"
rm -f "$out/console.log" "$out/results.log"

# SMP guests run all vCPUs in one TCG thread: Debian's QEMU 7.2 with one
# thread per vCPU can miss a kernel text write made by one vCPU while
# another translates that code, and keeps running the stale int3 of a
# static key update forever after (seen as "Oops: int3" in do_syscall_64
# during core load/unload cycles, never with a single thread).
tcg_thread=${QEMU_TCG_THREAD:-single}
# One thread runs the vCPUs in turn, up to 100 ms each (QEMU's round-robin
# kick period): a vCPU may wait that long per other vCPU, which the
# guest's timing checks allow for (evlvcpuwait, in ms).
vcpu_wait=0
[ "$tcg_thread" = single ] && vcpu_wait=$(((cpus - 1) * 100))
# edu: QEMU's test device, whose MSI the out-of-band IRQ test uses.
args=(-accel "tcg,thread=$tcg_thread" -cpu max -smp "$cpus" -m 1024 -nodefaults -display none
	-no-reboot -kernel "$kernel" -initrd "$initrd"
	-append "console=ttyS0 panic=-1 evljob=$job evlcpus=$cpus evlvcpuwait=$vcpu_wait ${GUEST_CMDLINE:-}"
	-serial "file:$out/console.log" -serial "file:$out/results.log"
	-device edu)
if [ -n "${QEMU_SHARE:-}" ]; then
	args+=(-virtfs "local,path=$QEMU_SHARE,mount_tag=evlhost,security_model=none")
fi
if [ -n "${QEMU_ICOUNT:-}" ]; then
	[ "$cpus" = 1 ] || die "icount needs one vCPU"
	args+=(-icount "shift=$QEMU_ICOUNT,sleep=off" -rtc clock=vm)
fi

# Polls the results port while QEMU runs; stops it if silent too long.
watch_stall() {
	local qemu=$1 stall=$2 size last=-1 since=$SECONDS running
	while kill -0 "$qemu" 2>/dev/null; do
		sleep 5
		size=$(stat -c %s "$out/results.log" 2>/dev/null || echo 0)
		if [ "$size" != "$last" ]; then
			last=$size since=$SECONDS
			continue
		fi
		[ $((SECONDS - since)) -ge "$stall" ] || continue
		running=$(tr -d '\r' <"$out/console.log" | sed -n 's/^=== //p' | tail -n 1)
		printf 'FAIL: guest-alive (no sign of life for %s s during %s: frozen)\n' \
			"$stall" "${running:-boot}" >>"$out/results.log"
		touch "$out/frozen"
		kill "$qemu"
		return
	done
}

start=$SECONDS
rc=0
rm -f "$out/frozen"
timeout "$limit" qemu-system-x86_64 "${args[@]}" &
qemu=$!
if [ "${GUEST_STALL_S:-0}" -gt 0 ]; then
	watch_stall "$qemu" "$GUEST_STALL_S" &
	watcher=$!
fi
wait "$qemu" || rc=$?
if [ -n "${watcher:-}" ]; then
	wait "$watcher" || true
fi
if [ -e "$out/frozen" ]; then
	say "guest silent for $GUEST_STALL_S s: frozen, stopped (console: $out/console.log)"
	rc=125
elif [ $rc -eq 124 ]; then
	say "guest still running after ${limit} s: stopped (console: $out/console.log)"
elif [ $rc -ne 0 ]; then
	say "qemu exited with $rc (console: $out/console.log)"
fi
say "guest ran $((SECONDS - start)) s"
exit $rc

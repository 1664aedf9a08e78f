#!/bin/bash
# Overhead of the series with no core loaded. The same minimal 'perf'
# configuration is built twice, from Debian's source as it is (stock) and
# with the series (perf: interrupt pipeline and Dovetail on); each boots
# in QEMU with one vCPU in deterministic virtual time (-icount
# shift=N,sleep=off, where each instruction takes 2^N ns), and
# syscall-bench times a system call and a pipe round trip between two
# processes (two context switches). Prints a table and writes
# build/overhead.json; the figures are virtual, only their ratio counts.
set -euo pipefail
STEP=overhead
. "$(dirname "$0")/lib.sh"

shift_n=${ICOUNT_SHIFT:-4}
configs="stock perf"
declare -A value

for config in $configs; do
	CONFIG=$config "$TOP/scripts/kernel.sh"
	CONFIG=$config "$TOP/scripts/mkinitramfs.sh"
	out=$BUILD/guest-$config/overhead
	QEMU_ICOUNT=$shift_n "$TOP/scripts/qemu-run.sh" \
		"$(objdir "$config")/arch/x86/boot/bzImage" \
		"$BUILD/guest-$config/initramfs.gz" "$out" overhead 1 900
	results=$(tr -d '\r' <"$out/results.log")
	echo "$results" | grep -qx END || die "$config: the guest did not finish (see $out)"
	echo "$results" | grep -q FAILED && die "$config: syscall-bench failed (see $out)"
	for metric in getppid pipe-round-trip; do
		# The median of the measured runs.
		value[$config,$metric]=$(echo "$results" | awk -v m="$metric" '$1 == m { print $2 }' |
			sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
		[ -n "${value[$config,$metric]}" ] || die "$config: no $metric figure (see $out)"
	done
done

json=$BUILD/overhead.json
{
	printf '{\n  "icount_shift": %s,\n  "unit": "virtual ns per operation",\n' "$shift_n"
	printf '  "metrics": {\n'
	sep=""
	for metric in getppid pipe-round-trip; do
		printf '%s    "%s": { "stock": %s, "patched": %s }' "$sep" "$metric" \
			"${value[stock,$metric]}" "${value[perf,$metric]}"
		sep=$',\n'
	done
	printf '\n  }\n}\n'
} >"$json"

printf '\n%-16s %14s %14s %10s\n' "per operation" "stock" "patched" "overhead"
for metric in getppid pipe-round-trip; do
	awk -v m="$metric" -v s="${value[stock,$metric]}" -v p="${value[perf,$metric]}" \
		-v n="$shift_n" 'BEGIN {
		printf "%-16s %9.0f insns %9.0f insns %+9.2f%%\n", m, s / 2^n, p / 2^n,
			(p - s) * 100 / s }'
done
say "virtual time, icount shift=$shift_n, 1 vCPU, no core loaded; figures in $json"

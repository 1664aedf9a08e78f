#!/bin/bash
# Timer latency under load, three kernels built from the same source
# with the same minimal 'perf' configuration: stock (PREEMPT), rt
# (PREEMPT_RT) and perf (the series, with evl.ko). Each boots in QEMU
# with one vCPU in deterministic virtual time (-icount shift=N,
# sleep=off: each instruction takes 2^N ns), runs the same load and
# measures at 200 us (scripts/guest/run-bench): cyclictest on all three,
# evl-latency (user context) and the latmus driver (interrupt, kernel
# thread and user contexts, evl-latmus) on ours. Prints a table in
# virtual us with ratios to PREEMPT_RT, writes build/bench/bench.json
# and the histogram plot build/bench/latency.png.
# BENCH_LOOPS=N samples per measurement (default 10000); ICOUNT_SHIFT=N;
# BENCH_EVL_PARAMS="name=value ..." loads evl with those parameters.
set -euo pipefail
STEP=bench
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh" rt-tests stress-ng gnuplot-nox
shift_n=${ICOUNT_SHIFT:-4}
loops=${BENCH_LOOPS:-10000}
dir=$BUILD/bench
mkdir -p "$dir"

# Series: "<config>:<tool>" with the name the table gives them.
series="stock:cyclictest rt:cyclictest perf:evl-user perf:latmus-user perf:latmus-kernel perf:latmus-irq perf:cyclictest"
declare -A label=(
	[stock:cyclictest]="stock PREEMPT, cyclictest"
	[rt:cyclictest]="PREEMPT_RT, cyclictest"
	[perf:evl-user]="EVL, user thread (evl-latency)"
	[perf:latmus-user]="EVL, user thread (latmus)"
	[perf:latmus-kernel]="EVL, kernel thread (latmus)"
	[perf:latmus-irq]="EVL, timer interrupt (latmus)"
	[perf:cyclictest]="EVL kernel, in-band cyclictest"
)
declare -A fig

for config in stock rt perf; do
	CONFIG=$config "$TOP/scripts/kernel.sh"
	CONFIG=$config BENCH_TOOLS=1 "$TOP/scripts/mkinitramfs.sh"
	out=$dir/$config
	params=${BENCH_EVL_PARAMS:-}
	GUEST_CMDLINE="evlbenchloops=$loops evlparams=${params// /+}" QEMU_ICOUNT=$shift_n \
		"$TOP/scripts/qemu-run.sh" "$(objdir "$config")/arch/x86/boot/bzImage" \
		"$BUILD/guest-$config/initramfs.gz" "$out" bench 1 3600
	tr -d '\r' <"$out/results.log" >"$out/figures.txt"
	grep -qx END "$out/figures.txt" || die "$config: the guest did not finish (see $out)"
	grep -q FAILED "$out/figures.txt" && die "$config: a measurement failed (see $out/figures.txt)"
done

for s in $series; do
	config=${s%%:*} tool=${s#*:}
	line=$(awk -v t="$tool" '$1 == t && $2 == "total"' "$dir/$config/figures.txt")
	[ -n "$line" ] || die "$config: no $tool figures (see $dir/$config)"
	read -r _ _ _ samples _ min _ avg _ max <<<"$line"
	[ "$samples" -ge "$loops" ] || die "$config: $tool took $samples samples of $loops"
	fig[$s,samples]=$samples fig[$s,min]=$min fig[$s,avg]=$avg fig[$s,max]=$max
	awk -v t="$tool" '$1 == t && $2 == "hist" { print $3, $4 }' \
		"$dir/$config/figures.txt" >"$dir/hist-$config-$tool.dat"
done

# The timer interrupt's own lateness on ours, in ns (tick_lateness).
read -r _ _ _ tick_count _ tick_avg _ tick_max _ < <(grep '^evl-tick cpu0 ' "$dir/perf/figures.txt") ||
	die "perf: no tick lateness figures (see $dir/perf)"

ref=rt:cyclictest
{
	printf '{\n  "icount_shift": %s,\n  "interval_us": 200,\n' "$shift_n"
	printf '  "unit": "virtual us",\n  "load": "stress-ng --cpu 1 --vm 1 --switch 1, hackbench loop",\n'
	printf '  "evl_tick_lateness_ns": { "ticks": %s, "avg": %s, "max": %s },\n' \
		"$tick_count" "$tick_avg" "$tick_max"
	printf '  "series": {\n'
	sep=""
	for s in $series; do
		printf '%s    "%s": { "label": "%s", "samples": %s, "min": %s, "avg": %s, "max": %s,\n' \
			"$sep" "$s" "${label[$s]}" "${fig[$s,samples]}" "${fig[$s,min]}" \
			"${fig[$s,avg]}" "${fig[$s,max]}"
		printf '      "histogram": [%s] }' "$(awk '{ printf "%s[%s, %s]", (NR > 1 ? ", " : ""), $1, $2 }' \
			"$dir/hist-${s%%:*}-${s#*:}.dat")"
		sep=$',\n'
	done
	printf '\n  }\n}\n'
} >"$dir/bench.json"

{
	printf '\n%-34s %8s %8s %8s %8s %10s %10s\n' "virtual us, 200 us period" samples min avg max \
		"max/RT" "avg/RT"
	for s in $series; do
		awk -v l="${label[$s]}" -v n="${fig[$s,samples]}" -v mn="${fig[$s,min]}" \
			-v a="${fig[$s,avg]}" -v mx="${fig[$s,max]}" -v ra="${fig[$ref,avg]}" \
			-v rm="${fig[$ref,max]}" 'BEGIN {
			printf "%-34s %8d %8.1f %8.1f %8.1f %10.2f %10.2f\n", l, n, mn, a, mx,
				mx / rm, a / ra }'
	done
	awk -v a="$tick_avg" -v m="$tick_max" 'BEGIN {
		printf "\nEVL timer interrupt, programmed date to tick handler: avg %.1f, max %.1f\n",
			a / 1000, m / 1000 }'
	printf '1 vCPU, -icount shift=%s,sleep=off; cyclictest rounds to whole us.\n' "$shift_n"
} | tee "$dir/table.txt"

plot=""
for s in $series; do
	plot+="${plot:+, }'$dir/hist-${s%%:*}-${s#*:}.dat' using 1:2 with steps title '${label[$s]}'"
done
# The plot as PNG, and as text for the README (up to 300 us there).
for out in "png size 900,500 noenhanced|latency.png|*" "dumb 100 32|latency.txt|300"; do
	IFS='|' read -r term file xmax <<<"$out"
	gnuplot <<EOG
set terminal $term
set output '$dir/$file'
set title 'Timer latency at 200 us under load, virtual time (icount shift=$shift_n)'
set xlabel 'latency (virtual us)'
set ylabel 'samples'
set logscale y
set xrange [0:$xmax]
plot $plot
EOG
done
say "table: $dir/table.txt, figures: $dir/bench.json, plot: $dir/latency.png (text: $dir/latency.txt)"

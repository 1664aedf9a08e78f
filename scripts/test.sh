#!/bin/bash
# The whole suite: builds the kernels and initramfs it needs, runs the
# host checks, then the guest suite for each run in GUEST_RUNS. Ends with
# 'N passed, N failed' (', N skipped') and exits non-zero on any failure.
set -uo pipefail
STEP=test
. "$(dirname "$0")/lib.sh"

# Guest runs as CONFIG:VCPUS[:NAME=VALUE,...], the values going to the
# guest's command line (the load/unload cycle counts of the tests, or
# kernel parameters); icount=N runs that guest in deterministic virtual
# time (one vCPU), where the latency gate measures; tag=NAME names a run
# apart from others of the same kernel and vCPUs. The nopipe kernel is
# the debug one with the pipeline off: it must behave like stock. Two
# short runs boot on another clocksource than the TSC.
clocksource_tests=boot+evl-load+evl-timer+evl-clocksource
runs=${GUEST_RUNS:-debug:1 debug:2:evlcorecycles=500 debug:4:evltorturecycles=50,evlcorecycles=100 nopipe:2 debug:1:icount=4,evlonly=boot+evl-latency+evl-late-ticks debug:2:tag=hpet,clocksource=hpet,evlonly=$clocksource_tests debug:2:tag=tscunstable,tsc=unstable,evlonly=$clocksource_tests}
# A guest silent for that long is frozen: stopped, and failed.
export GUEST_STALL_S=${GUEST_STALL_S:-240}
configs=$(for run in $runs; do echo "${run%%:*}"; done | awk '!seen[$0]++')
results=$LOGS/test-results.txt
excerpts=$LOGS/test-failures.txt
: >"$results"
: >"$excerpts"

record() { report "$@" | tee -a "$results"; }

# keep_failed_output OUT TAG: the guest output of each test that failed in
# the run kept in OUT, for the summary (its last lines: where it went wrong).
keep_failed_output() {
	local name
	for name in $(tr -d '\r' <"$1/results.log" | sed -n 's/^FAIL: \([^ ]*\).*/\1/p'); do
		echo "--- $name@$2 (from $1/console.log):"
		tr -d '\r' <"$1/console.log" | awk -v t="=== $name" '
			$0 == t { on = 1; next }
			on && /^(=== |PASS: |FAIL: |SKIP: )/ { exit }
			on' | tail -n 20
	done >>"$excerpts"
}

# The debug kernel is also installed on this machine as Debian packages,
# and its guests load the evl.ko DKMS built (tests/host/deb-dkms.sh);
# DEB_DKMS=0 skips that (quicker runs while developing).
dkms_ko() {
	local ko_file=$BUILD/dkms-evl.ko
	[ "$1" = debug ] || return 0
	if [ "${DEB_DKMS:-1}" = 0 ]; then
		record SKIP deb-dkms "DEB_DKMS=0" >&2
		return 0
	fi
	say "Debian packages + DKMS (log: $LOGS/deb-dkms.log)" >&2
	CONFIG=debug "$TOP/tests/host/deb-dkms.sh" "$ko_file" | tee -a "$results" >&2
	[ -s "$ko_file" ] && cat "$ko_file"
}

# A configuration that does not build fails its runs, not the summary.
broken=" "
for config in $configs; do
	if CONFIG=$config "$TOP/scripts/kernel.sh" &&
		CONFIG=$config EVL_KO=$(dkms_ko "$config") "$TOP/scripts/mkinitramfs.sh"; then
		record PASS "build-$config"
	else
		record FAIL "build-$config" "see $LOGS"
		broken+="$config "
	fi
done

say "host checks"
"$TOP/scripts/host-checks.sh" | tee -a "$results"

for run in $runs; do
	IFS=: read -r config cpus params <<<"$run"
	[[ "$broken" == *" $config "* ]] && continue
	obj=$(objdir "$config")
	tag=$config-${cpus}cpu
	icount=$(tr , '\n' <<<"$params" | sed -n 's/^icount=//p')
	[ -n "$icount" ] && tag+=-icount
	name=$(tr , '\n' <<<"$params" | sed -n 's/^tag=//p')
	[ -n "$name" ] && tag+=-$name
	params=$(tr , '\n' <<<"$params" | grep -v '^tag=' | paste -sd, -)
	out=$BUILD/guest-$config/test-${tag#"$config"-}
	pipeline=0 dovetail=0
	grep -q '^CONFIG_IRQ_PIPELINE=y' "$obj/.config" && pipeline=1
	grep -q '^CONFIG_DOVETAIL=y' "$obj/.config" && dovetail=1
	say "guest suite on $config, $cpus vCPU(s)${icount:+, icount shift=$icount}${name:+, $name} (console: $out/console.log)"
	guest_params=${params//,/ }
	GUEST_CMDLINE="evlpipeline=$pipeline evldovetail=$dovetail ${guest_params//icount=/evlicount=}" \
		QEMU_ICOUNT=${icount:+$icount} "$TOP/scripts/qemu-run.sh" \
		"$obj/arch/x86/boot/bzImage" "$BUILD/guest-$config/initramfs.gz" \
		"$out" test "$cpus" "${GUEST_TIMEOUT:-1500}"
	tr -d '\r' <"$out/results.log" | grep -E '^(PASS|FAIL|SKIP): ' |
		sed -E "s/^(PASS|FAIL|SKIP): ([^ ]+)/\1: \2@$tag/" | tee -a "$results"
	keep_failed_output "$out" "$tag"
	if tr -d '\r' <"$out/results.log" | grep -qx END; then
		record PASS "guest-complete@$tag"
	else
		record FAIL "guest-complete@$tag" "no END: hang or crash, console: $out/console.log"
	fi
	if splats=$("$TOP/scripts/check-console.sh" "$out/console.log"); then
		record PASS "console-clean@$tag"
	else
		echo "$splats"
		record FAIL "console-clean@$tag" "splats in $out/console.log"
	fi
done

# The development loop (make dev / make reload) on the debug kernel.
if grep -qx debug <<<"$configs" && [[ "$broken" != *" debug "* ]]; then
	say "development loop (log: $LOGS/dev-loop.log)"
	"$TOP/tests/host/dev-loop.sh" | tee -a "$results"
fi

passed=$(grep -c '^PASS: ' "$results")
failed=$(grep -c '^FAIL: ' "$results")
skipped=$(grep -c '^SKIP: ' "$results")
if [ "$failed" -gt 0 ]; then
	say "failed:"
	grep '^FAIL: ' "$results" | sed 's/^/  /'
	[ -s "$excerpts" ] && say "guest output of the failed tests:" && cat "$excerpts"
	say "logs: $LOGS, guest consoles: $BUILD/guest-*/test-*/console.log"
fi
echo "$passed passed, $failed failed${skipped:+, $skipped skipped}" | sed 's/, 0 skipped$//'
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

# Helpers for the guest test scripts (sourced, busybox sh).
# A test exits 0 when it passes, 77 when it cannot run here (skipped,
# with the reason printed), anything else when it fails.

fail() { echo "failed: $*"; exit 1; }
skip() { echo "skipped: $*"; exit 77; }

# expect DESCRIPTION COMMAND...: the command must succeed.
expect() {
	local what=$1; shift
	"$@" || fail "$what (command: $*)"
}

# Value of NAME=... on the kernel command line, or DEFAULT.
cmdline_value() {
	local v
	v=$(tr ' ' '\n' </proc/cmdline | sed -n "s/^$1=//p" | tail -n 1)
	echo "${v:-$2}"
}

# Number of kernel log lines matching a pattern.
dmesg_count() { dmesg | grep -c "$1"; }

# module_cycles COUNT MODULE [PARAM...]: load and unload a self-testing
# module COUNT times; each load must log "MODULE: OK".
module_cycles() {
	local cycles=$1 module=$2 i=0 ok
	shift 2
	dmesg -c >/dev/null
	while [ $i -lt "$cycles" ]; do
		modprobe "$module" "$@" || fail "modprobe $module, cycle $i"
		rmmod "$module" || fail "rmmod $module, cycle $i"
		i=$((i + 1))
	done
	ok=$(dmesg_count "$module: OK")
	echo "$cycles cycles, $ok OK"
	expect "every cycle OK" [ "$ok" -eq "$cycles" ]
	no_failed_run "$module"
}

# no_failed_run MODULE: no load of a self-testing module failed since
# the log was last cleared. busybox modprobe runs a module's init a
# second time when the first fails (finit_module, then init_module), so
# a failed run may be followed by one that passes.
no_failed_run() {
	local failed
	failed=$(dmesg_count "$1: FAILED")
	[ "$failed" -eq 0 ] || dmesg | grep "$1: FAILED"
	expect "no failed run of $1" [ "$failed" -eq 0 ]
}

# evl_cycles COUNT WHAT COMMAND...: COUNT times, load evl, run COMMAND
# (it must succeed), unload evl.
evl_cycles() {
	local cycles=$1 what=$2 i=0
	shift 2
	while [ $i -lt "$cycles" ]; do
		modprobe evl || fail "modprobe evl, cycle $i"
		"$@" >/dev/null || fail "$what, cycle $i"
		rmmod evl || fail "rmmod evl, cycle $i"
		i=$((i + 1))
	done
	echo "$cycles load/$what/unload cycles"
}

# core_stat NAME: field NAME of the test core's statistics line.
core_stat() {
	awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' \
		/sys/module/dovetail_test_core/parameters/stats
}

# switch_per_cpu PROGRAM ROUNDS: one "PROGRAM switch ROUNDS" per CPU at
# once, each round three trips oob and back (by request, by a Linux call,
# by a page fault), checked against the test core's counts since its load.
switch_per_cpu() {
	local prog=$1 rounds=$2 ncpus pids= pid i=0 rc=0 calls switches
	ncpus=$(grep -c ^processor /proc/cpuinfo)
	while [ $i -lt "$ncpus" ]; do
		"$prog" switch "$rounds" >"/tmp/$prog.switch.$i" 2>&1 &
		pids="$pids $!"
		i=$((i + 1))
	done
	for pid in $pids; do
		wait "$pid" || rc=1
	done
	cat /tmp/"$prog".switch.*
	cat /sys/module/dovetail_test_core/parameters/stats
	expect "every $prog round right" [ $rc -eq 0 ]
	calls=$((rounds * ncpus))
	switches=$((calls * 3))
	expect "$switches switches to oob" [ "$(core_stat to_oob)" -eq "$switches" ]
	expect "as many back in-band" [ "$(core_stat to_inband)" -eq "$switches" ]
	expect "$calls demotions by a Linux call" [ "$(core_stat demotions)" -eq "$calls" ]
	expect "$calls by a page fault" [ "$(core_stat traps)" -eq "$calls" ]
	expect "as many trap exits" [ "$(core_stat trap_exits)" -eq "$calls" ]
	expect "nothing left bound" [ "$(core_stat bound)" -eq 0 ]
}

# mayday_from PROGRAM: "PROGRAM spin" loops oob in user mode on CPU 1,
# killed from CPU 0: the test core takes it in-band with a mayday and the
# kill goes through. Needs two CPUs; leaves this shell on CPU 0.
mayday_from() {
	local prog=$1 spinner i=0
	taskset -p 1 $$ >/dev/null
	taskset 2 "$prog" spin >"/tmp/$prog.spin" 2>&1 &
	spinner=$!
	while ! grep -q spinning "/tmp/$prog.spin" && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.5
	kill -KILL $spinner
	wait $spinner
	cat /sys/module/dovetail_test_core/parameters/stats
	expect "mayday taken from $prog" [ "$(core_stat maydays)" -ge 1 ]
	expect "the killed task left nothing bound" [ "$(core_stat bound)" -eq 0 ]
}

# core_cycles_hammered PROGRAM CYCLES: load and unload the test core
# CYCLES times while "PROGRAM hammer" calls it; every answer it got must
# have been right.
core_cycles_hammered() {
	local prog=$1 cycles=$2 hammer i=0 rc=0
	"$prog" hammer >"/tmp/$prog.hammer" 2>&1 &
	hammer=$!
	while [ $i -lt "$cycles" ]; do
		modprobe dovetail_test_core || fail "modprobe, cycle $i"
		rmmod dovetail_test_core || fail "rmmod, cycle $i"
		i=$((i + 1))
	done
	kill -TERM $hammer
	wait $hammer || rc=$?
	cat "/tmp/$prog.hammer"
	echo "$cycles load/unload cycles"
	expect "the $prog hammer saw only right answers" [ $rc -eq 0 ]
}

# How long the emulator may leave a vCPU waiting for its turn (ms).
VCPU_WAIT_MS=$(cmdline_value evlvcpuwait 0)

EVL_VERSION=$(cat /tests/evl-version)
KERNEL_RELEASE=$(cat /tests/kernel-release)

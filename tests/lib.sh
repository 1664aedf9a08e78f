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

# How long the emulator may leave a vCPU waiting for its turn (ms).
VCPU_WAIT_MS=$(cmdline_value evlvcpuwait 0)

EVL_VERSION=$(cat /tests/evl-version)
KERNEL_RELEASE=$(cat /tests/kernel-release)

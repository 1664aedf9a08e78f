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

EVL_VERSION=$(cat /tests/evl-version)
KERNEL_RELEASE=$(cat /tests/kernel-release)

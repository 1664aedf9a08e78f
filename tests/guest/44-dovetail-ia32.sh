# ia32 tasks with the test core: core calls, binding and signals, stage
# switches by request and by demotion (a Linux call, a page fault while
# oob) with an SSE register checked, oob file operations through
# compat_oob_ioctl, and a mayday, through both ia32 entries (int $0x80
# and the vDSO's SYSENTER/SYSCALL path); a native task calling the core
# through int $0x80, its native calls recognised in between; load/unload
# cycles under an ia32 process hammering the core.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "kernel built without CONFIG_DOVETAIL"

expect "ia32, no core: prctl is plain Linux" oob-syscall32 nocore
expect "load the test core" modprobe dovetail_test_core
expect "ia32 core calls" oob-syscall32 check
expect "ia32 oob file operations" oob-syscall32 files

# One switching task per CPU, counted from here.
expect "reload the test core" rmmod dovetail_test_core
expect "load the test core" modprobe dovetail_test_core
rounds=$(cmdline_value evlswitchrounds 1000)
switch_per_cpu oob-syscall32 $((rounds / 4 + 1))

expect "a native task through int \$0x80" oob-syscall int80

if [ "$(grep -c ^processor /proc/cpuinfo)" -gt 1 ]; then
	mayday_from oob-syscall32
else
	echo "mayday of an ia32 task: not checked here (one CPU)"
fi
expect "unload" rmmod dovetail_test_core

# Load/unload cycles under an ia32 process hammering the core (a tenth
# of the native run of 40-dovetail-core.sh).
cycles=$(cmdline_value evlcorecycles 1000)
cycles=$((cycles / 10 + 1))
core_cycles_hammered oob-syscall32 "$cycles"

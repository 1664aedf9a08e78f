# Alternate scheduling with the test core: bound tasks switch to the oob
# stage and back, by request and by demotion (a Linux call or a page
# fault while oob), one task per CPU at once, with an SSE register
# checked across switches.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "kernel built without CONFIG_DOVETAIL"

expect "load the test core" modprobe dovetail_test_core
switch_per_cpu oob-syscall "$(cmdline_value evlswitchrounds 1000)"

# A task looping oob in user mode, killed from another CPU: the core
# takes it in-band with a mayday, and the kill goes through.
if [ "$(grep -c ^processor /proc/cpuinfo)" -gt 1 ]; then
	mayday_from oob-syscall
fi
expect "unload" rmmod dovetail_test_core
expect "in-band sleeps afterwards" sleep-check 20 10 "$VCPU_WAIT_MS"

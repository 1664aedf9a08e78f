# Mode bits and health notices (tests/progs/evl-health.c): SIGDEBUG for
# demotions by system call, signal and fault when asked for, none
# otherwise; then the watchdog moving a thread that spins oob in-band.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "evl needs a kernel with CONFIG_DOVETAIL"

expect "modprobe evl" modprobe evl
expect "mode bits and demotion notices" evl-health
expect "unload" rmmod evl

expect "modprobe evl watchdog_sec=1" modprobe evl watchdog_sec=1
expect "watchdog" evl-health watchdog
expect "unload" rmmod evl
expect "in-band sleeps afterwards" sleep-check 20 10 "$VCPU_WAIT_MS"

# CPU hotplug with the core loaded: a CPU that lends its timer to the
# core (proxy tick) refuses to go offline, says why and keeps working;
# with the core unloaded it goes offline and comes back, and the core
# loads and unloads again afterwards.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "evl needs a kernel with CONFIG_DOVETAIL"
[ "$(grep -c ^processor /proc/cpuinfo)" -gt 1 ] || skip "one CPU: nothing to take offline"
cpu1=/sys/devices/system/cpu/cpu1/online
[ -w $cpu1 ] || skip "CPU 1 cannot be taken offline here"

dmesg -c >/dev/null
expect "load evl" modprobe evl
(echo 0 >$cpu1) 2>/dev/null && fail "CPU 1 went offline under the core"
expect "CPU 1 still online" [ "$(cat $cpu1)" = 1 ]
dmesg | grep 'tick proxy'
expect "the kernel says why" dmesg | grep -q 'tick proxy: CPU1 times a companion core'
expect "core timers still run" evl-timer 50 "$VCPU_WAIT_MS"
expect "unload evl" rmmod evl
expect "CPU 1 offline without the core" sh -c "echo 0 >$cpu1"
expect "in-band sleeps on one CPU" sleep-check 20 10 "$VCPU_WAIT_MS"
expect "CPU 1 back online" sh -c "echo 1 >$cpu1"
expect "load evl again" modprobe evl
expect "core timers run again" evl-timer 50 "$VCPU_WAIT_MS"
expect "unload evl again" rmmod evl
expect "in-band sleeps afterwards" sleep-check 20 10 "$VCPU_WAIT_MS"

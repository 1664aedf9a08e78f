# Scheduling of oob threads on one CPU (tests/progs/evl-sched.c):
# round-robin turns, FPU registers across switches (in-band kernel FPU
# sections and signal frames preempted by oob included), JOIN; then
# load/attach/run oob/exit/unload cycles (evlcycles, default 100).
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "evl needs a kernel with CONFIG_DOVETAIL"
threads() { ls /sys/devices/virtual/thread 2>/dev/null | grep -vx clone | wc -l; }

expect "modprobe evl" modprobe evl
expect "modprobe kfpu_test" modprobe kfpu_test
expect "round-robin, FPU (user, in-band kernel, signal frames), join" evl-sched "$VCPU_WAIT_MS"
expect "rmmod kfpu_test" rmmod kfpu_test
expect "no thread left" [ "$(threads)" -eq 0 ]
expect "unload" rmmod evl

evl_cycles "$(cmdline_value evlcycles 100)" "oob thread" evl-hello
expect "in-band sleeps afterwards" sleep-check 20 10 "$VCPU_WAIT_MS"

# The latency measurement driver (/dev/latmus) through
# tests/progs/evl-latmus.c: its bad requests, measurements in interrupt,
# oob kernel thread and user contexts and of a synthetic interrupt
# handled in-band (summaries every second, histogram consistent with
# them), tuning setting a context's gravity; nothing left, unload.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "evl needs a kernel with CONFIG_DOVETAIL"
kthreads() { cat /proc/[0-9]*/comm 2>/dev/null | grep -c '^latmus-kernel$'; }
threads() { ls /sys/devices/virtual/thread 2>/dev/null | grep -vx clone | wc -l; }
gravity=/sys/devices/virtual/clock/monotonic/gravity

expect "modprobe evl" modprobe evl
expect "device node" [ -c /dev/latmus ]
expect "bad requests" evl-latmus -x
expect "no kernel thread left by the bad requests" [ "$(kthreads)" -eq 0 ]
expect "interrupt context, 3 s" evl-latmus -i -T 3 -g /tmp/hist-irq.dat
expect "kernel context, 3 s" evl-latmus -k -T 3 -g /tmp/hist-kernel.dat
expect "its kernel thread gone with the file" [ "$(kthreads)" -eq 0 ]
# The kernel thread and a user thread switching to each other oob.
taskset 1 evl-latency -q -i 500 -l 8000 >/tmp/evl-latency.out 2>&1 &
expect "kernel context beside an oob user thread, 3 s" evl-latmus -k -c 0 -T 3 -q
wait $! || { grep -v '^hist' /tmp/evl-latency.out; fail "the user thread's run"; }
expect "user context, 3 s" evl-latmus -u -T 3 -g /tmp/hist-user.dat
expect "synthetic interrupt in-band, 3 s" evl-latmus -s -T 3
expect "histogram file" [ "$(wc -l </tmp/hist-user.dat)" -eq 200 ]
expect "tuning, interrupt context" evl-latmus -t -i
expect "tuning, kernel context" evl-latmus -t -k
expect "tuning, user context" evl-latmus -t -u
cat $gravity
expect "gravity of the three set" grep -qE '^[0-9]+i [0-9]+k [0-9]+u$' $gravity
expect "no kernel thread left" [ "$(kthreads)" -eq 0 ]
expect "RESET restores no gravity" evl-latmus -x
expect "gravity back to 0" [ "$(cat $gravity)" = "0i 0k 0u" ]
expect "no thread left" [ "$(threads)" -eq 0 ]
expect "unload" rmmod evl

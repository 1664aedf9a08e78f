# evl.ko's threads (attached in-band; no out-of-band scheduling yet): the
# checks of tests/progs/evl-thread.c, nothing left once it exits, unload
# refused while a process has attached threads, kill -9 of that process
# leaves nothing behind, and load/attach/unload cycles.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "evl needs a kernel with CONFIG_DOVETAIL"
cycles=$(cmdline_value evlthreadcycles 20)
sysdir=/sys/devices/virtual/thread

# Thread entries in sysfs, the clone device aside.
threads() { ls $sysdir 2>/dev/null | grep -vx clone | wc -l; }

expect "modprobe evl" modprobe evl
expect "clone device" [ -c /dev/evl/thread/clone ]
expect "thread checks" evl-thread
expect "no thread left after exit" [ "$(threads)" -eq 0 ]

evl-thread hold 60 >/dev/null &
holder=$!
i=0
while [ "$(threads)" -lt 2 ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
expect "two threads attached" [ "$(threads)" -eq 2 ]
expect "named after their threads" grep -q hold- /proc/$holder/task/*/comm
rmmod evl 2>/tmp/rmmod.err && fail "unload accepted with threads attached"
cat /tmp/rmmod.err
kill -9 $holder
wait $holder
expect "kill -9: no thread left" [ "$(threads)" -eq 0 ]
expect "unload after the kill" rmmod evl

evl_cycles "$cycles" attach evl-thread hold 0

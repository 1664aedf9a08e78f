# Threads of evl.ko on the out-of-band stage (tests/progs/evl-oob.c):
# out-of-band calls, sleeps, demotion, preemption, signals; then kill -9
# of a process whose thread sleeps oob leaves nothing, and the core
# unloads.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "evl needs a kernel with CONFIG_DOVETAIL"
threads() { ls /sys/devices/virtual/thread 2>/dev/null | grep -vx clone | wc -l; }

expect "modprobe evl" modprobe evl
expect "out-of-band threads" evl-oob
expect "the README's example" evl-hello
expect "no thread left" [ "$(threads)" -eq 0 ]

evl-oob hold 60 &
holder=$!
i=0
while [ "$(cat /sys/devices/virtual/thread/oob-hold/state 2>/dev/null)" != 0x4004 ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
echo "sleeping thread state: $(cat /sys/devices/virtual/thread/oob-hold/state)"
expect "thread asleep oob (DELAY, USER)" [ "$(cat /sys/devices/virtual/thread/oob-hold/state)" = 0x4004 ]
kill -9 $holder
wait $holder
expect "kill -9 of an oob sleeper: no thread left" [ "$(threads)" -eq 0 ]
expect "unload" rmmod evl
expect "in-band sleeps afterwards" sleep-check 20 10 "$VCPU_WAIT_MS"

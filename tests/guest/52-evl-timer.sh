# evl.ko's clocks and timers on the proxy tick: the clock devices, the
# timer files read in-band (tests/progs/evl-timer.c) and oob
# (tests/progs/evl-timer-oob.c), in-band sleeps still right
# while the core owns the tick, unload refused while a timer file is
# open, user gravity applied, and load/unload cycles with a timer
# running each time.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "evl needs a kernel with CONFIG_DOVETAIL"
periods=$(cmdline_value evltimerperiods 200)
cycles=$(cmdline_value evltimercycles 20)

expect "modprobe evl" modprobe evl
expect "monotonic clock node" [ -c /dev/evl/clock/monotonic ]
expect "realtime clock node" [ -c /dev/evl/clock/realtime ]
expect "gravity in sysfs" [ -f /sys/devices/virtual/clock/realtime/gravity ]
expect "clocks and timers" evl-timer "$periods" "$VCPU_WAIT_MS"
expect "timers read oob" evl-timer-oob "$periods" "$VCPU_WAIT_MS"
expect "in-band sleeps with the core on the tick" sleep-check 20 10 "$VCPU_WAIT_MS"

# User gravity: the timers waking user threads fire that much early.
gravity=/sys/devices/virtual/clock/monotonic/gravity
echo 2000000u >$gravity
line=$(evl-latency -q -i 5000 -l 100 | grep '^total ')
echo "$line, with a 2 ms user gravity"
echo 0u >$gravity
expect "2 ms user gravity: woken early, not before the date less 2 ms" \
	awk -v m="$(echo "$line" | cut -d' ' -f5)" 'BEGIN { exit !(m < 0 && m >= -2000) }'

evl-timer hold 30 >/dev/null &
holder=$!
sleep 0.5
rmmod evl 2>/tmp/rmmod.err && fail "unload accepted with a timer file open"
kill $holder
wait $holder
expect "unload once the timer file is closed" rmmod evl
expect "in-band sleeps after the unload" sleep-check 20 10 "$VCPU_WAIT_MS"

evl_cycles "$cycles" timer evl-timer hold 0
expect "in-band sleeps after the cycles" sleep-check 20 10 "$VCPU_WAIT_MS"

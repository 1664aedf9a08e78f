# The core's late tick records (debugfs evl/late_ticks, module parameter
# late_trace_us) name what held a tick back: with an EVL thread ticking
# every 200 us on CPU0, a module masking that CPU for 5 ms
# (tests/modules/mask_stretch_test.c) makes a tick about that late, and
# its record must show the function that masked the CPU. Without
# late_trace_us, nothing is recorded. In the icount run only.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "evl needs a kernel with CONFIG_DOVETAIL"
# Under plain TCG the host's scheduling makes ticks late by milliseconds
# anywhere; in virtual time only the masked stretch does.
grep -q 'evlicount=' /proc/cmdline || skip "tick lateness is measured in the icount run only"
late=/sys/kernel/debug/evl/late_ticks
lateness=/sys/kernel/debug/evl/tick_lateness

mask=/sys/module/mask_stretch_test/parameters/mask_us

# Masks CPU0 for 5 ms, three times, while an EVL thread ticks there.
mask_under_ticks() {
	taskset -c 0 evl-latency -q -i 200 -l 5000 >/tmp/late-latency.txt &
	local pid=$! n
	sleep 1
	for n in 1 2 3; do
		taskset -c 0 sh -c "echo 5000 >$mask"
	done
	wait $pid
}

expect "modprobe mask_stretch_test" modprobe mask_stretch_test

expect "modprobe evl" modprobe evl
echo 0 >$lateness
mask_under_ticks
cat $late
expect "no record without late_trace_us" [ "$(grep -c '^cpu' $late)" -eq 0 ]
expect "unload" rmmod evl

expect "modprobe evl late_trace_us=1000" modprobe evl late_trace_us=1000
mask_under_ticks
cat $lateness
cat $late
worst=$(awk '$1 == "cpu0" && $2 == "late" { print $3; exit }' $late)
expect "CPU0's worst tick ${worst:-?} ns late, >= 2 ms" [ "${worst:-0}" -ge 2000000 ]
expect "its record names the masking function" \
	sh -c "sed -n '/^cpu0 late/,/^cpu/p' $late | grep -q mask_cpu_for_a_while"
max=$(awk '$1 == "cpu0" { print $7 }' $lateness)
expect "tick_lateness max ${max:-?} ns >= 2 ms" [ "${max:-0}" -ge 2000000 ]
echo 0 >$lateness
expect "a write resets the records" [ "$(grep -c '^cpu' $late)" -eq 0 ]
expect "unload" rmmod evl
rmmod mask_stretch_test

# Alternate scheduling with the test core: bound tasks switch to the oob
# stage and back, by request and by demotion (a Linux call or a page
# fault while oob), one task per CPU at once, with an SSE register
# checked across switches.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "kernel built without CONFIG_DOVETAIL"
stats=/sys/module/dovetail_test_core/parameters/stats

expect "load the test core" modprobe dovetail_test_core
rounds=$(cmdline_value evlswitchrounds 1000)
ncpus=$(grep -c ^processor /proc/cpuinfo)
pids=
i=0
while [ $i -lt "$ncpus" ]; do
	oob-syscall switch "$rounds" >/tmp/switch.$i 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
rc=0
for pid in $pids; do
	wait "$pid" || rc=1
done
cat /tmp/switch.*
cat $stats
expect "every round right" [ $rc -eq 0 ]
calls=$((rounds * ncpus))
switches=$((calls * 3))
expect "$switches switches to oob" [ "$(core_stat to_oob)" -eq "$switches" ]
expect "as many back in-band" [ "$(core_stat to_inband)" -eq "$switches" ]
expect "$calls demotions by a Linux call" [ "$(core_stat demotions)" -eq "$calls" ]
expect "$calls by a page fault" [ "$(core_stat traps)" -eq "$calls" ]
expect "as many trap exits" [ "$(core_stat trap_exits)" -eq "$calls" ]
expect "nothing left bound" [ "$(core_stat bound)" -eq 0 ]

# A task looping oob in user mode, killed from another CPU: the core
# takes it in-band with a mayday, and the kill goes through.
if [ "$ncpus" -gt 1 ]; then
	# CPU 1 belongs to the spinner meanwhile: keep this shell off it.
	taskset -p 1 $$ >/dev/null
	taskset 2 oob-syscall spin >/tmp/spin.out 2>&1 &
	spinner=$!
	i=0
	while ! grep -q spinning /tmp/spin.out && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	sleep 0.5
	kill -KILL $spinner
	wait $spinner
	cat $stats
	expect "mayday taken" [ "$(core_stat maydays)" -ge 1 ]
	expect "the killed task left nothing bound" [ "$(core_stat bound)" -eq 0 ]
fi
expect "unload" rmmod dovetail_test_core
expect "in-band sleeps afterwards" sleep-check 20 10 "$VCPU_WAIT_MS"

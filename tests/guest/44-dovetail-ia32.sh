# ia32 tasks with the test core: core calls, binding and signals, stage
# switches by request and by demotion (a Linux call, a page fault while
# oob) with an SSE register checked, oob file operations through
# compat_oob_ioctl, and a mayday, through both ia32 entries (int $0x80
# and the vDSO's SYSENTER/SYSCALL path); a native task calling the core
# through int $0x80, its native calls recognised in between; load/unload
# cycles under an ia32 process hammering the core.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "kernel built without CONFIG_DOVETAIL"
stats=/sys/module/dovetail_test_core/parameters/stats

expect "ia32, no core: prctl is plain Linux" oob-syscall32 nocore
expect "load the test core" modprobe dovetail_test_core
expect "ia32 core calls" oob-syscall32 check
expect "ia32 oob file operations" oob-syscall32 files

# One switching task per CPU, counted from here.
expect "reload the test core" rmmod dovetail_test_core
expect "load the test core" modprobe dovetail_test_core
rounds=$(cmdline_value evlswitchrounds 1000)
rounds=$((rounds / 4 + 1))
ncpus=$(grep -c ^processor /proc/cpuinfo)
pids=
i=0
while [ $i -lt "$ncpus" ]; do
	oob-syscall32 switch "$rounds" >/tmp/switch32.$i 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
rc=0
for pid in $pids; do
	wait "$pid" || rc=1
done
cat /tmp/switch32.*
cat $stats
expect "every ia32 round right" [ $rc -eq 0 ]
calls=$((rounds * ncpus))
switches=$((calls * 3))
expect "$switches switches to oob" [ "$(core_stat to_oob)" -eq "$switches" ]
expect "as many back in-band" [ "$(core_stat to_inband)" -eq "$switches" ]
expect "$calls demotions by a Linux call" [ "$(core_stat demotions)" -eq "$calls" ]
expect "$calls by a page fault" [ "$(core_stat traps)" -eq "$calls" ]
expect "nothing left bound" [ "$(core_stat bound)" -eq 0 ]

expect "a native task through int \$0x80" oob-syscall int80

if [ "$ncpus" -gt 1 ]; then
	taskset -p 1 $$ >/dev/null
	taskset 2 oob-syscall32 spin >/tmp/spin32.out 2>&1 &
	spinner=$!
	i=0
	while ! grep -q spinning /tmp/spin32.out && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	sleep 0.5
	kill -KILL $spinner
	wait $spinner
	cat $stats
	expect "mayday taken from an ia32 task" [ "$(core_stat maydays)" -ge 1 ]
	expect "the killed task left nothing bound" [ "$(core_stat bound)" -eq 0 ]
else
	echo "mayday of an ia32 task: not checked here (one CPU)"
fi
expect "unload" rmmod dovetail_test_core

# Load/unload cycles under an ia32 process hammering the core (a tenth
# of the native run of 40-dovetail-core.sh).
cycles=$(cmdline_value evlcorecycles 1000)
cycles=$((cycles / 10 + 1))
oob-syscall32 hammer >/tmp/hammer32.out 2>&1 &
hammer=$!
i=0
while [ $i -lt "$cycles" ]; do
	modprobe dovetail_test_core || fail "modprobe, cycle $i"
	rmmod dovetail_test_core || fail "rmmod, cycle $i"
	i=$((i + 1))
done
kill -TERM $hammer
wait $hammer
rc=$?
cat /tmp/hammer32.out
echo "$cycles load/unload cycles"
expect "the ia32 hammer saw only right answers" [ $rc -eq 0 ]

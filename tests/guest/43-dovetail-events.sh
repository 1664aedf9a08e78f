# The in-band events of the core interface about bound tasks (the call
# at return to user mode, affinity changes, ptrace stops and steps) and
# fork of a process with oob tasks, with the test core. No task event is
# ever sent about an unbound task.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "kernel built without CONFIG_DOVETAIL"

expect "load the test core" modprobe dovetail_test_core
expect "return-to-user calls" oob-events retuser
if [ "$(nproc)" -ge 2 ]; then
	expect "migration events" oob-events migration
else
	echo "migration events: not checked here (one CPU)"
fi
expect "affinity changes of unbound tasks" taskset -c 0 true
expect "ptrace events" oob-events ptrace 5
expect "fork of a bound process copies its pages" oob-events fork 256
cat /sys/module/dovetail_test_core/parameters/stats
expect "no task event about an unbound task" [ "$(core_stat foreign_events)" -eq 0 ]
expect "the user call moved its caller oob" [ "$(core_stat ucall_switch_failures)" -eq 0 ]
expect "unload" rmmod dovetail_test_core

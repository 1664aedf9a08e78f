# The pluggable core interface, with the test core module: the route of
# prctl(PR_OOB_SYSCALL), binding, events, unload refused while a task is
# bound, and 1000 load/unload cycles under a process hammering it.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "kernel built without CONFIG_DOVETAIL"
stats=/sys/module/dovetail_test_core/parameters/stats

expect "no core: prctl is plain Linux" oob-syscall nocore
expect "load the test core" modprobe dovetail_test_core
expect "core calls" oob-syscall check
cat $stats
expect "exit event" [ "$(core_stat exits)" -ge 1 ]
expect "signal event" [ "$(core_stat signals)" -ge 1 ]
expect "process cleanup events" [ "$(core_stat cleanups)" -ge 1 ]
expect "nothing left bound" [ "$(core_stat bound)" -eq 0 ]

# A bound task pins the core.
oob-syscall bind-wait >/tmp/bind.out &
waiter=$!
i=0
while ! grep -q bound /tmp/bind.out && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
expect "task bound" grep -q bound /tmp/bind.out
rmmod dovetail_test_core 2>/dev/null && fail "unload accepted with a bound task"
kill -TERM $waiter
wait $waiter
expect "unload once the task exited" rmmod dovetail_test_core

cycles=$(cmdline_value evlcorecycles 1000)
core_cycles_hammered oob-syscall "$cycles"

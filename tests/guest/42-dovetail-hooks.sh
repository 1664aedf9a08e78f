# The interrupt and file hooks of the core interface, with the test
# core: every interrupt reaches the core's entry and exit hooks on the
# oob stage; the fd notifications keep the core's own fd map right
# through open, dup, dup2, close, fork and exit; oob file operations run
# on the oob stage.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "kernel built without CONFIG_DOVETAIL"

expect "load the test core" modprobe dovetail_test_core
sleep 1
cat /sys/module/dovetail_test_core/parameters/stats
expect "interrupts went through the entry hook" [ "$(core_stat irq_entries)" -gt 0 ]
expect "and the exit hook" [ "$(core_stat irq_exits)" -gt 0 ]
expect "both on the oob stage, hard irqs off" [ "$(core_stat irq_hooks_inband)" -eq 0 ]
expect "entries and exits paired" [ "$(core_stat irq_unbalanced)" -eq 0 ]

expect "oob file operations and fd map" oob-syscall files
cat /sys/module/dovetail_test_core/parameters/stats
expect "dup2 over an open fd notified as a replace" [ "$(core_stat fd_replaces)" -ge 1 ]
expect "the oob handlers ran" [ "$(core_stat oob_ops)" -ge 5 ]
expect "the exit emptied the core's fd map" [ "$(core_stat fd_mapped)" -eq 0 ]
expect "the map never overflowed" [ "$(core_stat fd_overflows)" -eq 0 ]
expect "unload" rmmod dovetail_test_core

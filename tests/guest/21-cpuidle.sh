# The CPUs idle through the cpuidle framework, as on distribution
# kernels, with a driver of the suite's own (cpuidle_test: HLT): every
# state entry must find hard interrupts off and the in-band log empty,
# in-band sleeps keep their time meanwhile, and the driver unregisters.
. /tests/lib.sh

modinfo cpuidle_test >/dev/null 2>&1 || skip "kernel built without CONFIG_CPU_IDLE"
params=/sys/module/cpuidle_test/parameters
expect "driver loads" modprobe cpuidle_test
driver=$(cat /sys/devices/system/cpu/cpuidle/current_driver)
[ "$driver" = cpuidle_test ] || { rmmod cpuidle_test; fail "driver in use: $driver"; }
expect "sleep-check" sleep-check 20 20 "$VCPU_WAIT_MS"
entries=$(cat $params/entries) bad=$(cat $params/bad_entries)
expect "rmmod" rmmod cpuidle_test
echo "$entries idle state entries, $bad with hard irqs on or a logged interrupt"
expect "CPUs idled through the driver" [ "$entries" -gt 0 ]
expect "every entry with hard irqs off and an empty log" [ "$bad" -eq 0 ]
driver=$(cat /sys/devices/system/cpu/cpuidle/current_driver)
expect "driver gone" [ "$driver" = none ]

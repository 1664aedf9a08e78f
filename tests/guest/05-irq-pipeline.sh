# The interrupt pipeline is on exactly when the kernel was built with it,
# and it virtualizes in-band masking: interrupts that found the in-band
# stage stalled were logged and replayed later, and the kernel goes on.
. /tests/lib.sh

if ! grep -q 'evlpipeline=1' /proc/cmdline; then
	dmesg | grep -q 'IRQ pipeline' && fail "pipeline message on a kernel built without it"
	skip "kernel built without CONFIG_IRQ_PIPELINE"
fi
expect "boot message" dmesg | grep -q 'IRQ pipeline: enabled'

# A WARN returns to its site with the stall flag and the CPU mask as they
# were (tests/modules/warn_state_test.c). Its three warnings are
# expected: check-console.sh skips what the markers bracket.
echo "evl-test: expected splats begin" >/dev/kmsg
modprobe warn_state_test
rc=$?
echo "evl-test: expected splats end" >/dev/kmsg
dmesg | grep 'warn_state_test: [a-z]*:'
expect "a WARN keeps the stall flag and the CPU mask" [ $rc -eq 0 ]
rmmod warn_state_test 2>/dev/null

stats=/sys/kernel/debug/irq_pipeline
if [ ! -r $stats ]; then
	echo "no statistics (CONFIG_DEBUG_IRQ_PIPELINE off)"
	exit 0
fi
deferred() { awk '{ n += $3 } END { print n }' $stats; }

before=$(deferred)
# Timer interrupts while the kernel keeps masking and unmasking.
dd if=/dev/zero of=/dev/null bs=64k count=20000 2>/dev/null &
expect "in-band sleeps" sleep-check 50 4 "$VCPU_WAIT_MS"
wait
after=$(deferred)
cat $stats
echo "deferred during the test: $((after - before))"
expect "some interrupts were deferred" [ "$after" -gt "$before" ]

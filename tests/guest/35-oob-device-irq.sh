# An IRQF_OOB device interrupt (QEMU's edu device, MSI) is handled at once
# on the out-of-band stage, also with the in-band stage stalled, and
# IRQ_FORWARD gets its handler called in-band; it follows moves of its
# line from CPU to CPU (2+ vCPUs); its INTx line (level-
# triggered) is refused IRQF_OOB and served in-band, at once and after a
# stall, with no storm and no lost interrupt; then load/unload cycles.
. /tests/lib.sh

grep -q 'evlpipeline=1' /proc/cmdline || skip "kernel built without CONFIG_IRQ_PIPELINE"
grep -qx 0x11e8 /sys/bus/pci/devices/*/device 2>/dev/null ||
	skip "no edu device on the PCI bus (qemu -device edu)"
modinfo oob_irq_test >/dev/null 2>&1 || fail "oob_irq_test module missing"

dmesg -c >/dev/null
expect "load runs the test" modprobe oob_irq_test
dmesg | grep 'oob_irq_test'
grep oob_irq_test /proc/interrupts
expect "OK" dmesg | grep -q 'oob_irq_test: OK'
no_failed_run oob_irq_test
expect "rmmod" rmmod oob_irq_test

module_cycles "$(cmdline_value evloobirqcycles 10)" oob_irq_test rounds=10

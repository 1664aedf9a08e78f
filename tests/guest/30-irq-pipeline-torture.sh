# The pipeline torture module: one run relaying in-band ticks for a
# second, then load/unload cycles with short relays. Every run must say
# OK, and in-band timing must be sound afterwards.
. /tests/lib.sh

grep -q 'evlpipeline=1' /proc/cmdline || skip "kernel built without CONFIG_IRQ_PIPELINE"
modinfo irq_pipeline_torture >/dev/null 2>&1 ||
	fail "irq_pipeline_torture module missing (CONFIG_IRQ_PIPELINE_TORTURE_TEST=m)"

# The console keeps the whole kernel log; counting needs a fresh buffer.
dmesg -c >/dev/null
expect "torture run" modprobe irq_pipeline_torture relay_ms=1000
expect "rmmod" rmmod irq_pipeline_torture
dmesg | grep 'irq_pipeline_torture: OK'
expect "OK after a 1 s relay" dmesg | grep -q 'irq_pipeline_torture: OK'
no_failed_run irq_pipeline_torture
expect "printk from out-of-band reached the log" \
	dmesg | grep -q 'irq_pipeline_torture: printed out-of-band on CPU'

module_cycles "$(cmdline_value evltorturecycles 200)" irq_pipeline_torture relay_ms=10
expect "in-band sleeps after the cycles" sleep-check 20 10 "$VCPU_WAIT_MS"

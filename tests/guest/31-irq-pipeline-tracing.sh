# Tracing around out-of-band code: with the function tracer on the
# torture module, the edu test module and the core's tick handler, and
# the irq and timer events on, they run as before, and their out-of-band
# functions show in the trace. The console is checked for splats after the suite.
. /tests/lib.sh

grep -q 'evlpipeline=1' /proc/cmdline || skip "kernel built without CONFIG_IRQ_PIPELINE"
t=/sys/kernel/tracing
[ -e $t/trace ] || mount -t tracefs tracefs $t 2>/dev/null
[ -w $t/set_ftrace_filter ] || skip "kernel built without the function tracer"

trace_off() {
	echo 0 >$t/tracing_on
	echo nop >$t/current_tracer
	echo 0 >$t/events/enable
	echo >$t/set_ftrace_filter
}
# traced DESCRIPTION FUNCTION: the function shows in the trace buffer.
traced() {
	local n
	n=$(grep -cE " $2( \[[a-z_]+\])? <-" $t/trace)
	echo "$2: $n calls traced"
	[ "$n" -gt 0 ] || { trace_off; fail "$1: no $2 in the trace"; }
}

trace_on() {
	echo 0 >$t/tracing_on
	echo >$t/trace
	echo 4096 >$t/buffer_size_kb
	# A filter naming only modules not loaded yet would trace everything.
	echo handle_oob_irq >$t/set_ftrace_filter || fail "handle_oob_irq not traceable"
	for f in "$@"; do
		echo "$f" >>$t/set_ftrace_filter || fail "cannot trace $f"
	done
	echo function >$t/current_tracer
	for e in irq irq_vectors timer; do
		echo 1 >$t/events/$e/enable
	done
	echo 1 >$t/tracing_on
}

dmesg -c >/dev/null
trace_on :mod:irq_pipeline_torture
modprobe irq_pipeline_torture relay_ms=500 || { trace_off; fail "torture run, traced"; }
echo 0 >$t/tracing_on
traced "oob call" oob_call_check
traced "proxy tick" relay_oob_tick
# The hard-lock step runs oob on another CPU.
[ "$(nproc)" -gt 1 ] && traced "hard lock from oob" count_oob
expect "rmmod" rmmod irq_pipeline_torture
trace_off
expect "torture OK while traced" dmesg | grep -q 'irq_pipeline_torture: OK'
no_failed_run irq_pipeline_torture

if grep -qx 0x11e8 /sys/bus/pci/devices/*/device 2>/dev/null; then
	trace_on :mod:oob_irq_test
	modprobe oob_irq_test rounds=20 || { trace_off; fail "edu test, traced"; }
	echo 0 >$t/tracing_on
	traced "oob device interrupt" edu_handler
	expect "rmmod" rmmod oob_irq_test
	trace_off
	expect "edu test OK while traced" dmesg | grep -q 'oob_irq_test: OK'
	no_failed_run oob_irq_test
fi

# The core's tick handler only: every core function traced at each
# tick would leave in-band code no time under the emulator.
trace_on handle_oob_tick:mod:evl
expect "evl while traced" modprobe evl
if ! evl-latency -q -i 1000 -l 300 >/dev/null; then
	trace_off
	rmmod evl
	fail "evl-latency, traced"
fi
echo 0 >$t/tracing_on
traced "core tick" handle_oob_tick
expect "rmmod evl" rmmod evl
trace_off

# Regression gate on timer latency, in deterministic virtual time only
# (the icount run of the suite, evlicount=N on the command line; under
# plain TCG the host's own scheduling decides): evl-latency, an EVL
# thread in user context at a 200 us period, 2,000 samples, must stay
# oob and within a generous bound (evllatencybound, virtual us), and the
# tick may come at most evltickbound virtual us late (the bench load on
# the debug kernel, 244,000 ticks, saw 77: 200 leaves room and catches
# a masked stretch of the kind that once made it 550). The
# figures that count come from 'make bench' on the perf kernel.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "evl needs a kernel with CONFIG_DOVETAIL"
grep -q 'evlicount=' /proc/cmdline || skip "latency is measured in the icount run only"
bound=$(cmdline_value evllatencybound 300)
tickbound=$(cmdline_value evltickbound 200)
lateness=/sys/kernel/debug/evl/tick_lateness

expect "modprobe evl" modprobe evl
echo 0 >$lateness
evl-latency -q -i 200 -l 2000 >/tmp/latency.txt
status=$?
grep -v '^hist' /tmp/latency.txt
expect "2000 samples, all oob" [ $status -eq 0 ]
max=$(awk '$1 == "total" { printf "%d", $NF }' /tmp/latency.txt)
expect "max latency ${max:-?} us <= $bound us (virtual)" [ "${max:-999999}" -le "$bound" ]
cat $lateness
tick_max=$(awk '$1 == "cpu0" { printf "%d", $7 / 1000 }' $lateness)
expect "tick lateness max ${tick_max:-?} us <= $tickbound us (virtual)" \
	[ "${tick_max:-999999}" -le "$tickbound" ]
expect "unload" rmmod evl

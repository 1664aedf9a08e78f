# Alternate scheduling with the test core: bound tasks switch to the oob
# stage and back, by request and by demotion (a Linux call while oob),
# one task per CPU at once, with an SSE register checked across switches.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "kernel built without CONFIG_DOVETAIL"
stats=/sys/module/dovetail_test_core/parameters/stats
field() { awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' $stats; }

expect "load the test core" modprobe dovetail_test_core
rounds=$(cmdline_value evlswitchrounds 1000)
ncpus=$(grep -c ^processor /proc/cpuinfo)
pids=
i=0
while [ $i -lt "$ncpus" ]; do
	oob-syscall switch "$rounds" >/tmp/switch.$i 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
rc=0
for pid in $pids; do
	wait "$pid" || rc=1
done
cat /tmp/switch.*
cat $stats
expect "every round right" [ $rc -eq 0 ]
switches=$((rounds * ncpus * 2))
expect "$switches switches to oob" [ "$(field to_oob)" -eq "$switches" ]
expect "as many back in-band" [ "$(field to_inband)" -eq "$switches" ]
expect "half of them by demotion" [ "$(field demotions)" -eq $((switches / 2)) ]
expect "nothing left bound" [ "$(field bound)" -eq 0 ]
expect "unload" rmmod dovetail_test_core
expect "in-band sleeps afterwards" sleep-check 20 10

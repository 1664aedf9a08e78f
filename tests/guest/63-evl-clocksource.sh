# evl.ko while the kernel's clocksource changes under it: with an oob
# user thread per CPU (evl-latency, reading the clock through the vDSO),
# the latmus kernel thread and a periodic timer file read oob
# (tests/progs/evl-clocksource.c), the clocksource goes to hpet, acpi_pm
# and tsc in turn, five rounds (those the guest has); then the TSC is
# marked unstable the way the clocksource watchdog does it, and the
# kernel leaves it for good. Every thread must stay oob and finish, no
# tick lost or early, no clock going back; then the core unloads.
# Last in the suite: the TSC stays unstable until reboot.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "evl needs a kernel with CONFIG_DOVETAIL"
cs=/sys/devices/system/clocksource/clocksource0
rounds=$(cmdline_value evlcsrounds 5)
current() { cat $cs/current_clocksource; }

available=$(cat $cs/available_clocksource)
echo "clocksource $(current); available: $available"
order=
for c in hpet acpi_pm tsc; do
	case " $available " in
	*" $c "*) order="$order $c" ;;
	*) echo "$c: not available here, not switched to" ;;
	esac
done
# shellcheck disable=SC2086
set -- $order
[ $# -ge 2 ] || skip "fewer than two clocksources to switch between ($available)"

ncpus=$(grep -c ^processor /proc/cpuinfo)
secs=$((rounds * $# + 15))
expect "modprobe evl" modprobe evl
dmesg -c >/dev/null

pids=
i=0
while [ $i -lt "$ncpus" ]; do
	taskset $((1 << i)) evl-latency -q -i 1000 -l $((secs * 1000)) \
		>/tmp/cs-latency.$i 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
evl-latmus -k -T "$secs" -q >/tmp/cs-latmus 2>&1 &
latmus=$!
evl-clocksource "$secs" "$VCPU_WAIT_MS" >/tmp/cs-watch 2>&1 &
watcher=$!
sleep 2

switches=0
prev=$(current)
r=0
while [ $r -lt "$rounds" ]; do
	for c in "$@"; do
		echo "$c" >$cs/current_clocksource || fail "selecting $c refused"
		[ "$(current)" = "$c" ] || fail "$c selected, $(current) current"
		[ "$c" = "$prev" ] || switches=$((switches + 1))
		prev=$c
		sleep 1
	done
	r=$((r + 1))
done
echo "$switches switches, $(dmesg_count 'Switched to clocksource') logged"
expect "each switch logged" [ "$(dmesg_count 'Switched to clocksource')" -eq "$switches" ]

# The watchdog's path: marked unstable, rated down, replaced by its thread.
if [ "$(current)" = tsc ]; then
	expect "TSC marked unstable" modprobe tsc_unstable_test
	i=0
	while [ "$(current)" = tsc ] && [ $i -lt 100 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	echo "clocksource after the TSC was marked unstable: $(current)"
	expect "the kernel left the TSC" [ "$(current)" != tsc ]
	expect "sched_clock unstable too" [ "$(dmesg_count 'Marking TSC unstable due to tsc_unstable_test')" -eq 1 ]
	expect "rmmod tsc_unstable_test" rmmod tsc_unstable_test
else
	echo "TSC demotion: not checked (the TSC is not the clocksource here)"
fi

rc=0
for pid in $pids; do
	wait "$pid" || rc=1
done
grep -h -v '^hist' /tmp/cs-latency.*
expect "an oob user thread per CPU ran through, never leaving oob" [ $rc -eq 0 ]
wait $latmus
rc=$?
cat /tmp/cs-latmus
expect "the latmus kernel thread ran through" [ $rc -eq 0 ]
wait $watcher
rc=$?
cat /tmp/cs-watch
expect "the timer and clock checks" [ $rc -eq 0 ]
expect "unload" rmmod evl

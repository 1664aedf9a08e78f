# Load and unload the core again and again: no leftovers between cycles.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "evl needs a kernel with CONFIG_DOVETAIL"

cycles=${EVL_RELOAD_CYCLES:-50}
before=$(dmesg_count 'evl: core .* loaded')
i=0
while [ $i -lt "$cycles" ]; do
	modprobe evl || fail "modprobe, cycle $i"
	modprobe -r evl || fail "modprobe -r, cycle $i"
	i=$((i + 1))
done
after=$(dmesg_count 'evl: core .* loaded')
echo "$cycles cycles, $((after - before)) load messages"
expect "one load message per cycle" [ $((after - before)) -eq "$cycles" ]
expect "module gone" [ ! -e /sys/module/evl ]

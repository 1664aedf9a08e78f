# evl.ko's control device and its sysfs attributes, from a program using
# the UAPI headers; unload refused while the device is open; the core's
# state (stop, start, state at load).
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "evl needs a kernel with CONFIG_DOVETAIL"
sysdir=/sys/devices/virtual/evl/control

expect "modprobe evl" modprobe evl
expect "device node" [ -c /dev/evl/control ]
expect "ABI level in sysfs" [ "$(cat $sysdir/abi)" = 36 ]
expect "state running" [ "$(cat $sysdir/state)" = running ]
echo "oob CPUs: $(cat $sysdir/cpus)"
expect "oob CPUs, all online by default" [ "$(cat $sysdir/cpus)" = "$(cat /sys/devices/system/cpu/online)" ]
expect "control requests" evl-control

# An open control device pins the core.
sleep 30 </dev/evl/control &
holder=$!
sleep 0.2
rmmod evl 2>/tmp/rmmod.err && fail "unload accepted with the control device open"
cat /tmp/rmmod.err
kill $holder
wait $holder
expect "unload once closed" rmmod evl
expect "device node gone" [ ! -e /dev/evl/control ]

expect "oobcpus=0 accepted" modprobe evl oobcpus=0
expect "oob CPUs as asked" [ "$(cat $sysdir/cpus)" = 0 ]
expect "unload" rmmod evl
modprobe evl oobcpus=junk 2>/dev/null && fail "oobcpus=junk accepted"
expect "nothing left after a refused load" [ ! -e /sys/module/evl ]

# Stopping the core kills its threads and refuses new ones; starting it
# serves them again; the state at load is a module parameter.
threads() { ls /sys/devices/virtual/thread 2>/dev/null | grep -vx clone | wc -l; }
expect "modprobe evl" modprobe evl
evl-thread hold 60 >/dev/null &
holder=$!
sleep 1
expect "threads attached" [ "$(threads)" -eq 2 ]
expect "write stop" sh -c "echo stop > $sysdir/state"
wait $holder
status=$?
echo "holder: exit status $status after the stop"
expect "threads killed by the stop" [ $status -eq 137 ]
expect "no thread left" [ "$(threads)" -eq 0 ]
expect "state stopped" [ "$(cat $sysdir/state)" = stopped ]
evl-thread try stopped
expect "attach to a stopped core: ENXIO" [ $? -eq 6 ]
sh -c "echo bogus > $sysdir/state" 2>/dev/null && fail "state 'bogus' accepted"
expect "write start" sh -c "echo start > $sysdir/state"
expect "state running" [ "$(cat $sysdir/state)" = running ]
expect "attach once started" evl-thread try started
expect "unload" rmmod evl

expect "state=stopped accepted" modprobe evl state=stopped
expect "stopped at load" [ "$(cat $sysdir/state)" = stopped ]
evl-thread try early
expect "attach before the start: ENXIO" [ $? -eq 6 ]
expect "start" sh -c "echo start > $sysdir/state"
expect "attach after the start" evl-thread try late
expect "unload" rmmod evl
modprobe evl state=junk 2>/dev/null && fail "state=junk accepted"
expect "nothing left after a refused load" [ ! -e /sys/module/evl ]

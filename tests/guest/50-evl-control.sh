# evl.ko's control device and its sysfs attributes, from a program using
# the UAPI headers; unload refused while the device is open.
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

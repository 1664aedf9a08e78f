# Random requests to every node of evl.ko (tests/progs/evl-fuzz.c): every
# call returns, the kernel log stays clean (checked after the suite),
# nothing leaks (kmemleak) and the core unloads afterwards.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "evl needs a kernel with CONFIG_DOVETAIL"
iterations=$(cmdline_value evlfuzziterations 2000)

expect "modprobe evl" modprobe evl
expect "fuzzer" evl-fuzz "$iterations"
expect "fuzzer, another seed" evl-fuzz "$iterations" 1
expect "no thread left" [ "$(ls /sys/devices/virtual/thread | grep -vxc clone)" -eq 0 ]
expect "no xbuf left" [ "$(ls /sys/devices/virtual/xbuf | grep -vxc clone)" -eq 0 ]
expect "unload after the fuzzing" rmmod evl

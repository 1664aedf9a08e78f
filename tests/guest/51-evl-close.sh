# Files of the core closed under a blocked out-of-band call
# (tests/progs/evl-close.c): xbuf read and write, clock sleep, latmus
# run end with EBADF at once; a thread's own file closed under its sleep
# does not cut it short. Nothing left; the core unloads.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "evl needs a kernel with CONFIG_DOVETAIL"
left() { ls /sys/devices/virtual/"$1" 2>/dev/null | grep -vx clone | wc -l; }

expect "modprobe evl" modprobe evl
expect "close under blocked oob calls" evl-close
expect "no xbuf left" [ "$(left xbuf)" -eq 0 ]
expect "no thread left" [ "$(left thread)" -eq 0 ]
expect "unload" rmmod evl

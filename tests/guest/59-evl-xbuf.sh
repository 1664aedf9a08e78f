# Cross-buffers (tests/progs/evl-xbuf.c): both rings from both stages,
# blocking and not, poll, public ones by path; nothing left afterwards.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "evl needs a kernel with CONFIG_DOVETAIL"
xbufs() { ls /sys/devices/virtual/xbuf 2>/dev/null | grep -vx clone | wc -l; }

expect "modprobe evl" modprobe evl
expect "xbuf clone device" [ -c /dev/evl/xbuf/clone ]
expect "cross-buffers" evl-xbuf
expect "no xbuf left" [ "$(xbufs)" -eq 0 ]
expect "unload" rmmod evl

# The control tool: status, load with parameters, refusal to unload
# while a process holds the core (and who), unload, reload of a given
# module file, and its exit codes.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "evl needs a kernel with CONFIG_DOVETAIL"
ko=$(modinfo -n evl)

evlctl status
expect "status: not loaded, exit 3" [ $? -eq 3 ]
expect "load with a parameter" evlctl load oobcpus=0
evlctl status | tee /tmp/status
expect "status: loaded, oob CPUs as asked" grep -q "loaded, version $EVL_VERSION, state running, ABI 36, oob CPUs 0," /tmp/status
evlctl load 2>/tmp/err && fail "second load accepted"
expect "second load: already loaded" grep -q "already loaded" /tmp/err
evlctl load bogus 2>/dev/null
expect "not PARAM=VALUE: usage error" [ $? -eq 2 ]

sleep 30 </dev/evl/control &
holder=$!
sleep 0.2
evlctl unload 2>/tmp/err && fail "unload accepted with the control device open"
cat /tmp/err
expect "refusal says who holds the core" grep -q "pid $holder (sleep) has /dev/evl/control open" /tmp/err
kill $holder
wait $holder

expect "reload from $ko" evlctl reload "$ko"
evlctl status | tee /tmp/status
expect "reloaded with default parameters" grep -q "oob CPUs $(cat /sys/devices/system/cpu/online)," /tmp/status
expect "reload with a parameter" evlctl reload oobcpus=0
expect "unload" evlctl unload
evlctl unload 2>/dev/null && fail "unload accepted when not loaded"
expect "nothing left" [ ! -e /sys/module/evl ]

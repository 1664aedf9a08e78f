# modprobe/rmmod of evl.ko through kmod, and what the core says about it.
. /tests/lib.sh

grep -q 'evldovetail=1' /proc/cmdline || skip "evl needs a kernel with CONFIG_DOVETAIL"

[ -e /sys/module/evl ] && fail "evl loaded before the test"
expect "modprobe evl" modprobe evl
expect "module in sysfs" [ -d /sys/module/evl ]
version=$(cat /sys/module/evl/version)
echo "version: $version"
expect "version $EVL_VERSION" [ "$version" = "$EVL_VERSION" ]
# When the host installed the core with DKMS, that build is the one kmod
# loaded (same srcversion, from updates/dkms).
if [ -f /tests/evl-dkms-srcversion ]; then
	echo "modinfo: $(modinfo -F filename evl)"
	expect "modprobe resolves to the DKMS build" modinfo -F filename evl | grep -q /updates/dkms/
	expect "loaded module is the DKMS build" \
		[ "$(cat /sys/module/evl/srcversion)" = "$(cat /tests/evl-dkms-srcversion)" ]
fi
expect "load message" dmesg | grep -q "evl: core $EVL_VERSION loaded"
# The debug kernel checks its pipeline: the core checks its contexts.
case $(uname -r) in
*-debug) expect "context checks on" dmesg | grep -q "evl: core $EVL_VERSION loaded.*, context checks on" ;;
esac
expect "rmmod evl" rmmod evl
expect "module gone from sysfs" [ ! -e /sys/module/evl ]
expect "unload message" dmesg | grep -q "evl: core $EVL_VERSION unloaded"

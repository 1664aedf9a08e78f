#!/bin/bash
# Build the guest's initramfs for one kernel configuration: busybox,
# kmod (modprobe/rmmod), the kernel's modules plus evl.ko with their
# modules.dep, the statically linked test programs and the test scripts.
# usage: CONFIG=NAME mkinitramfs.sh     output: build/guest-CONFIG/initramfs.gz
# The modules (module/, tests/modules/) are built here against CONFIG.
# EVL_KO=PATH puts that evl.ko (the one DKMS installed on the host) in
# updates/dkms instead of the one built here.
set -euo pipefail
STEP=initramfs
. "$(dirname "$0")/lib.sh"

config=$CONFIG
obj=$(objdir "$config")
out=$BUILD/guest-$config
root=$out/root
[ -f "$obj/arch/x86/boot/bzImage" ] || die "kernel $config not built (make kernel)"
release=$(make -s -C "$(srcdir "$config")" O="$obj" kernelrelease)

rm -rf "$root"
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,root,tests/bin,tests/guest}

# A dynamically linked binary with the libraries it needs.
copy_with_libs() {
	local bin=$1 dest=$2 lib
	install -D -m 755 "$bin" "$root$dest"
	for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
		[ -e "$root$lib" ] || install -D -m 755 "$(readlink -f "$lib")" "$root$lib"
	done
}

install -m 755 /bin/busybox "$root/bin/busybox"
copy_with_libs /usr/bin/kmod /sbin/kmod
for tool in modprobe rmmod insmod lsmod modinfo depmod; do
	ln -s kmod "$root/sbin/$tool"
done
# The control tool, on libkmod as on the host.
gcc -O2 -Wall -Wextra -Werror -o "$out/evlctl" "$TOP/scripts/evlctl.c" -lkmod
copy_with_libs "$out/evlctl" /sbin/evlctl

# Kernel modules (if the config has any), then the out-of-tree ones.
logged "$LOGS/modules-install-$config.log" make -C "$(srcdir "$config")" O="$obj" \
	INSTALL_MOD_PATH="$root" INSTALL_MOD_STRIP=1 DEPMOD=/bin/true modules_install
# Out-of-tree modules, built for this kernel from a copy of their
# source, so that each configuration has its own build products.
modsrc=$out/src
rm -rf "$modsrc"
mkdir -p "$modsrc" "$root/lib/modules/$release/extra"
for dir in module include tests/modules; do
	[ -d "$TOP/$dir" ] || continue
	mkdir -p "$modsrc/$(dirname "$dir")"
	cp -r "$TOP/$dir" "$modsrc/$dir"
done
find "$modsrc" \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
	-o -name '.*.cmd' -o -name modules.order -o -name Module.symvers \) -delete
for dir in module tests/modules; do
	[ -f "$modsrc/$dir/Kbuild" ] || continue
	logged "$LOGS/modules-$config-$(basename "$dir").log" \
		make -C "$obj" M="$modsrc/$dir" -j"$JOBS" modules
	for ko in "$modsrc/$dir"/*.ko; do
		[ -e "$ko" ] || continue
		[ -n "${EVL_KO:-}" ] && [ "$(basename "$ko")" = evl.ko ] && continue
		install -m 644 "$ko" "$root/lib/modules/$release/extra/"
	done
done
if [ -n "${EVL_KO:-}" ]; then
	install -D -m 644 "$EVL_KO" "$root/lib/modules/$release/updates/dkms/$(basename "$EVL_KO")"
	modinfo -F srcversion "$EVL_KO" >"$root/tests/evl-dkms-srcversion"
	say "evl.ko from DKMS: $EVL_KO"
fi
depmod -b "$root" "$release"

# Test programs: static, so the guest needs no C library.
for prog in "$TOP"/tests/progs/*.c; do
	[ -e "$prog" ] || continue
	gcc -static -O2 -Wall -Wextra -Werror -I"$TOP/include/uapi" \
		-o "$root/tests/bin/$(basename "$prog" .c)" "$prog" -lpthread
done
# ia32 builds of the programs that run ia32 tasks on the oob stage too.
for prog in oob-syscall; do
	gcc -m32 -msse2 -static -O2 -Wall -Wextra -Werror -I"$TOP/include/uapi" \
		-o "$root/tests/bin/${prog}32" "$TOP/tests/progs/$prog.c" -lpthread
done

install -m 755 "$TOP/scripts/guest/init" "$root/init"
install -m 755 "$TOP/scripts/guest/run-tests" "$root/tests/run-tests"
install -m 755 "$TOP/scripts/guest/run-demo" "$root/tests/run-demo"
install -m 755 "$TOP/scripts/guest/run-overhead" "$root/tests/run-overhead"
install -m 755 "$TOP/scripts/guest/run-bench" "$root/tests/run-bench"
# The benchmark's tools, from Debian (scripts/bench.sh installs them).
if [ "${BENCH_TOOLS:-0}" = 1 ]; then
	for tool in cyclictest hackbench stress-ng; do
		copy_with_libs "/usr/bin/$tool" "/bin/$tool"
	done
fi
# The soak's in-band load, from Debian (scripts/soak.sh installs it).
if [ "${SOAK_TOOLS:-0}" = 1 ]; then
	copy_with_libs /usr/bin/trinity /bin/trinity
fi
install -m 755 "$TOP/scripts/guest/run-dev" "$root/tests/run-dev"
install -m 755 "$TOP/scripts/guest/run-soak" "$root/tests/run-soak"
install -m 644 "$TOP/tests/lib.sh" "$root/tests/lib.sh"
install -m 755 "$TOP"/tests/guest/*.sh "$root/tests/guest/"
sed -n 's/^#define EVL_CORE_VERSION "\(.*\)"/\1/p' "$TOP/module/version.h" \
	>"$root/tests/evl-version"
echo "$release" >"$root/tests/kernel-release"

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) \
	>"$out/initramfs.gz"
say "$out/initramfs.gz ($(du -h "$out/initramfs.gz" | cut -f1))"

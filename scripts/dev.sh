#!/bin/bash
# The development loop: a guest that keeps running with this tree shared
# into it (9p, on /host), and a new evl.ko reloaded into it in seconds.
# usage: dev.sh start          boot the debug kernel, wait for the guest
#        dev.sh reload [P=V..] build module/evl.ko here, 'evlctl reload'
#                              it in the guest, print the result and time
#        dev.sh cmd COMMAND    run a shell command in the guest (cwd /host)
#        dev.sh stop           power the guest off
# The guest's kernel log is build/dev/guest/console.log.
set -euo pipefail
STEP=dev
. "$(dirname "$0")/lib.sh"

config=$CONFIG
obj=$(objdir "$config")
xchg=$BUILD/dev
pidfile=$xchg/qemu.pid

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Hand a command line to the guest agent (scripts/guest/run-dev), wait
# for its reply, print it, and return the command's exit status.
guest_run() {
	local id reply limit=${DEV_REPLY_TIMEOUT:-300} waited=0 rc
	running || die "no dev guest running (make dev)"
	while [ -e "$xchg/request" ]; do
		sleep 0.1
	done
	id=$(date +%s%N)
	echo "$id $*" >"$xchg/request.tmp"
	mv "$xchg/request.tmp" "$xchg/request"
	reply=$xchg/reply-$id
	until [ -f "$reply" ]; do
		running || die "the guest went away (console: $xchg/guest/console.log)"
		[ $((waited += 1)) -le $((limit * 10)) ] || die "no reply from the guest in $limit s"
		sleep 0.1
	done
	sed '$d' "$reply"
	rc=$(tail -n 1 "$reply" | sed -n 's/^exit //p')
	rm -f "$reply"
	return "${rc:-1}"
}

start() {
	local waited=0
	running && die "a dev guest is already running (pid $(cat "$pidfile")); make dev-stop"
	"$TOP/scripts/kernel.sh"
	grep -q '^CONFIG_9P_FS=y' "$obj/.config" ||
		die "kernel $config has no 9p (scripts/kconfig/dev.config)"
	"$TOP/scripts/mkinitramfs.sh"
	mkdir -p "$xchg"
	rm -f "$xchg"/request* "$xchg"/reply-* "$xchg/ready"
	say "booting $(make -s -C "$SRC" O="$obj" kernelrelease) with $TOP on /host"
	QEMU_SHARE=$TOP setsid "$TOP/scripts/qemu-run.sh" "$obj/arch/x86/boot/bzImage" \
		"$BUILD/guest-$config/initramfs.gz" "$xchg/guest" dev "${GUEST_CPUS:-2}" \
		"${DEV_TIMEOUT:-28800}" >"$xchg/qemu.log" 2>&1 </dev/null &
	echo $! >"$pidfile"
	until [ -f "$xchg/ready" ]; do
		running || { cat "$xchg/qemu.log"; die "the guest stopped (console: $xchg/guest/console.log)"; }
		[ $((waited += 1)) -le 3000 ] || die "guest not ready in 300 s"
		sleep 0.1
	done
	say "guest ready in $((waited / 10)) s; make reload loads module/evl.ko," \
		"make dev-cmd CMD='...' runs a command, make dev-stop ends it"
}

reload() {
	local t0 t1 t2
	running || die "no dev guest running (make dev)"
	t0=$(now)
	logged "$LOGS/dev-module.log" make -C "$obj" M="$TOP/module" -j"$JOBS" modules
	t1=$(now)
	say "module/evl.ko built in $(elapsed "$t0" "$t1") s ($(modinfo -F srcversion "$TOP/module/evl.ko"))"
	if ! guest_run "evlctl reload /host/module/evl.ko $* && evlctl status &&" \
		"echo srcversion \$(cat /sys/module/evl/srcversion)"; then
		say "FAILED: reload refused or failed (console: $xchg/guest/console.log)"
		return 1
	fi
	t2=$(now)
	say "reloaded in $(elapsed "$t0" "$t2") s (build $(elapsed "$t0" "$t1") s, guest $(elapsed "$t1" "$t2") s)"
}

stop() {
	local waited=0
	running || { say "no dev guest running"; return 0; }
	id=$(date +%s%N)
	echo "$id poweroff" >"$xchg/request.tmp"
	mv "$xchg/request.tmp" "$xchg/request"
	while running && [ $((waited += 1)) -le 600 ]; do
		sleep 0.1
	done
	running && kill -- -"$(cat "$pidfile")" 2>/dev/null
	rm -f "$pidfile" "$xchg/request"
	say "guest stopped (console: $xchg/guest/console.log)"
}

case "${1:-}" in
start) start ;;
reload) shift; reload "$@" ;;
cmd) shift; [ -n "${*:-}" ] || die "usage: dev.sh cmd COMMAND"; guest_run "$@" ;;
stop) stop ;;
*) die "usage: dev.sh start|reload [PARAM=VALUE...]|cmd COMMAND|stop" ;;
esac

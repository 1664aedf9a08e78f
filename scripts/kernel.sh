#!/bin/bash
# Extract Debian's 6.12 source, apply the Dovetail series with quilt,
# configure from the kconfig fragments and build one configuration.
# usage: CONFIG=NAME kernel.sh    CONFIG: debug (default), nopipe, perf,
#                              stock (perf on Debian's source as it is),
#                              rt (stock with PREEMPT_RT) or debian
#                              (Debian's own config + the pipeline)
# KERNEL_CONFIGURE_ONLY=1 stops once .config is written.
# EXTRA_KCONFIG may name more fragment files to merge (paths).
set -euo pipefail
STEP=kernel
. "$(dirname "$0")/lib.sh"

config=$CONFIG
obj=$(objdir "$config")
SRC=$(srcdir "$config")

# Each configuration is a list of fragments from scripts/kconfig/.
case "$config" in
debug) fragments="base debugging pipeline pipeline-debugging dev" ;;
nopipe) fragments="base debugging" ;;		# same, pipeline off
perf) fragments="base pipeline perf" ;;		# measurements
stock) fragments="base perf" ;;			# the same, unpatched
rt) fragments="base perf rt" ;;			# stock with PREEMPT_RT
debian) fragments="pipeline debian" ;;		# over Debian's config
*) die "no such configuration: $config (debug, nopipe, perf, stock, rt, debian)" ;;
esac

hash_of() { cat "$@" 2>/dev/null | sha256sum | cut -d' ' -f1; }

# The pristine tree is reused as long as the tarball is the same.
prepare_source() {
	local stamp want
	[ -f "$SOURCE_TARBALL" ] || die "$SOURCE_TARBALL missing (package linux-source-6.12)"
	want=$(stat -c '%s-%Y' "$SOURCE_TARBALL")
	stamp=$SRC/.evl-source
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
	say "extracting $(basename "$SOURCE_TARBALL") to $SRC"
	rm -rf "$SRC" "$BUILD/src/linux-source-6.12"
	mkdir -p "$BUILD/src"
	tar -C "$BUILD/src" -xf "$SOURCE_TARBALL"
	mv "$BUILD/src/linux-source-6.12" "$SRC"
	echo "$want" >"$stamp"
}

# Files the currently applied patches touch, relative to $SRC.
patched_files() {
	[ -d "$SRC/.pc" ] || return 0
	(cd "$SRC/.pc" && find . -mindepth 2 -type f ! -name '.*' |
		cut -d/ -f3-) | sort -u
}

# Re-apply the series when it changed. Files restored by 'quilt pop'
# get their old timestamps back, so everything the old or the new
# series touches is marked changed for make; nothing else is rebuilt.
apply_series() {
	local stamp=$SRC/.evl-series want touched patches p
	patches=$(series_patches)
	for p in $patches; do
		[ -f "$QUILT_PATCHES/$p" ] || die "dovetail-patches/series names $p, which is missing"
	done
	want=$(cd "$QUILT_PATCHES" && hash_of series $patches)
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
	touched=$(patched_files)
	if [ -s "$SRC/.pc/applied-patches" ]; then
		say "removing the previously applied series"
		(cd "$SRC" && logged "$LOGS/quilt-pop.log" quilt pop -af)
	fi
	rm -f "$LOGS/quilt-push.log"
	if [ -n "$patches" ]; then
		say "applying dovetail-patches/series ($(echo "$patches" | wc -l) patches)"
		(cd "$SRC" && logged "$LOGS/quilt-push.log" quilt push -a --fuzz=0)
	else
		say "dovetail-patches/series is empty"
		: >"$LOGS/quilt-push.log"
	fi
	touched=$(printf '%s\n%s\n' "$touched" "$(patched_files)" | sort -u)
	for f in $touched; do
		[ -e "$SRC/$f" ] && touch "$SRC/$f"
	done
	echo "$want" >"$stamp"
}

# The lines of a config file that set a symbol, the last one of each
# symbol only (a later fragment overrides an earlier one).
last_settings() {
	awk '{
		sym = $0
		if (sym ~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/) { sub(/^# /, "", sym); sub(/ .*/, "", sym) }
		else if (sym ~ /^CONFIG_/) sub(/=.*/, "", sym)
		else next
		if (!(sym in last)) order[++n] = sym
		last[sym] = $0
	} END { for (i = 1; i <= n; i++) print last[order[i]] }' "$1"
}

# Every option a fragment asks for must be what .config ended up with:
# a silently dropped option would test something else than intended.
check_config() {
	local line sym bad=0
	while read -r line; do
		case "$line" in
		CONFIG_*=*)
			grep -qxF "$line" "$obj/.config" && continue ;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }; sym=${sym%% *}
			grep -q "^$sym=" "$obj/.config" || continue ;;
		*) continue ;;
		esac
		echo "  wanted '$line', got: $(grep -E "(^| )${line#\# }" "$obj/.config" ||
			grep -E "^${line%%=*}=|${line%%=*} is not set" "$obj/.config" || echo 'absent')"
		bad=1
	done < <(last_settings "$obj/fragments.config")
	[ $bad -eq 0 ] || die "configuration $config does not hold what its fragments ask (see above)"
}

# Debian's amd64 configuration with the fragments merged over it. Every
# option Debian has that the result lost is printed: those are the
# conflicts with the pipeline (Dovetail excludes KVM, for one).
DEBIAN_CONFIG=/usr/src/linux-config-6.12/config.amd64_none_amd64.xz
configure_over_debian() {
	local lost
	[ -f "$DEBIAN_CONFIG" ] || die "$DEBIAN_CONFIG missing (package linux-config-6.12)"
	xz -dc "$DEBIAN_CONFIG" >"$obj/debian.config"
	cat "$obj/debian.config" "$obj/fragments.config" >"$obj/.config"
	logged "$LOGS/kconfig-$config.log" make -C "$SRC" O="$obj" olddefconfig
	lost=$(grep -E '^CONFIG_[A-Z0-9_]+=[ym]$' "$obj/debian.config" | cut -d= -f1 |
		while read -r sym; do
			grep -qE "^$sym=[ym]$" "$obj/.config" || echo "$sym"
		done)
	say "options of Debian's config turned off: $(echo "$lost" | grep -c .)"
	echo "$lost" | sed 's/^/  /' | tee "$obj/debian-options-off.txt"
}

configure() {
	local frags=() f want
	for f in $fragments; do
		frags+=("$TOP/scripts/kconfig/$f.config")
	done
	# shellcheck disable=SC2206
	frags+=(${EXTRA_KCONFIG:-})
	mkdir -p "$obj"
	echo "CONFIG_LOCALVERSION=\"-evl-$config\"" >"$obj/.evl-localversion.config"
	frags+=("$obj/.evl-localversion.config")
	want=$( (cat "$SRC/.evl-series" 2>/dev/null; cat "${frags[@]}") | sha256sum | cut -d' ' -f1)
	[ -f "$obj/.config" ] && [ -f "$obj/.evl-config" ] &&
		[ "$(cat "$obj/.evl-config")" = "$want" ] && return 0
	say "configuring $config from: $(for f in "${frags[@]}"; do basename "$f"; done | xargs)"
	cat "${frags[@]}" >"$obj/fragments.config"
	if [ "$config" = debian ]; then
		configure_over_debian
	else
		logged "$LOGS/kconfig-$config.log" make -C "$SRC" O="$obj" \
			KCONFIG_ALLCONFIG="$obj/fragments.config" allnoconfig
	fi
	check_config
	echo "$want" >"$obj/.evl-config"
}

build() {
	local start=$SECONDS
	say "building $config (log: $LOGS/kernel-$config.log)"
	logged "$LOGS/kernel-$config.log" make -C "$SRC" O="$obj" CC="ccache gcc" \
		-j"$JOBS" bzImage modules
	say "built $(make -s -C "$SRC" O="$obj" kernelrelease) in $((SECONDS - start)) s: $obj/arch/x86/boot/bzImage"
}

prepare_source
[ "$SRC" = "$(srcdir stock)" ] || apply_series
configure
[ "${KERNEL_CONFIGURE_ONLY:-0}" = 1 ] && exit 0
build

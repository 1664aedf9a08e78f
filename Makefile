# SPDX-License-Identifier: GPL-2.0
# Top-level entry points. The work is done by scripts/; see README.md.
#
#   make run        boot the patched kernel in QEMU, load evl, demo, unload
#   make test       host checks + guest suite; ends with 'N passed, N failed'
#   make kernel     patched 6.12 bzImage (CONFIG=debug|nopipe|perf|stock|rt|debian) under build/
#   make kernel-deb linux-image/linux-headers .debs of CONFIG in build/deb-CONFIG/
#   make overhead   cost of the series with no core: stock vs patched, icount
#   make bench      timer latency under load: stock, PREEMPT_RT and EVL, icount
#   make soak       evl.ko live for SOAK_MIN minutes (120) under oob load and
#                   trinity, clocksource changes; then unloaded
#   make evlctl     build/evlctl: load/unload/reload/status of the core
#   make dev        boot a guest that keeps running, this tree on its /host
#   make reload     rebuild module/evl.ko and reload it in that guest
#                   (PARAMS="oobcpus=0" passes module parameters)
#   make dev-cmd CMD="..." / make dev-stop   run a command in it / stop it
#   make module     module/evl.ko against that tree, or KDIR=...

CONFIG ?= debug
BUILD := $(CURDIR)/build
KDIR ?= $(BUILD)/obj-$(CONFIG)

# The project's own tree is built first unless KDIR points elsewhere.
ifeq ($(origin KDIR),file)
MODULE_DEPS := kernel
endif

export CONFIG

all: kernel module

deps:
	@scripts/deps.sh

kernel: deps
	@scripts/kernel.sh

kernel-deb: deps
	@scripts/kernel-deb.sh

module: $(MODULE_DEPS)
	@$(MAKE) -s -C $(KDIR) M=$(CURDIR)/module modules
	@echo "[module] $(CURDIR)/module/evl.ko"

initramfs: kernel
	@scripts/mkinitramfs.sh

test: deps
	@scripts/test.sh

run: kernel
	@scripts/mkinitramfs.sh
	@scripts/run.sh

overhead: deps
	@scripts/overhead.sh

bench: deps
	@scripts/bench.sh

soak: deps
	@scripts/soak.sh

series-steps: deps
	@scripts/series-steps.sh $(STEPS)

evlctl: deps
	@mkdir -p $(BUILD)
	@gcc -O2 -Wall -Wextra -Werror -o $(BUILD)/evlctl scripts/evlctl.c -lkmod
	@echo "[evlctl] $(BUILD)/evlctl"

dev: deps
	@scripts/dev.sh start

reload:
	@scripts/dev.sh reload $(PARAMS)

# CMD reaches the guest's shell as typed: quotes, ';', '&&' and '$' too.
dev-cmd:
	@scripts/dev.sh cmd '$(subst ','\'',$(value CMD))'

dev-stop:
	@scripts/dev.sh stop

clean:
	@$(MAKE) -s -C module clean KDIR=$(KDIR) 2>/dev/null || \
		find module \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' \
			-o -name '.*.cmd' -o -name modules.order \
			-o -name Module.symvers \) -delete
	rm -rf $(BUILD)/guest-* $(BUILD)/check

distclean:
	rm -rf $(BUILD)
	find module \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' \
		-o -name '.*.cmd' -o -name modules.order \
		-o -name Module.symvers \) -delete

.PHONY: all deps kernel kernel-deb module initramfs test run overhead bench soak series-steps evlctl dev reload dev-cmd \
	dev-stop clean distclean

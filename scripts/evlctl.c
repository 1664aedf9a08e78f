// SPDX-License-Identifier: GPL-2.0
/*
 * evlctl: load, unload, reload the EVL core and show its state, through
 * libkmod as modprobe does.
 *
 *   evlctl load [PARAM=VALUE...]          modprobe evl with parameters
 *   evlctl unload                         rmmod evl; if refused, say who
 *                                         holds the core
 *   evlctl reload [FILE.ko] [PARAM=VALUE...]
 *                                         unload, then load FILE.ko (a new
 *                                         build) or the installed module
 *   evlctl status                         loaded or not, state, ABI level,
 *                                         oob CPUs, users
 *
 * Exit status: 0 done, 1 failed, 2 usage, 3 (status) not loaded.
 */
#include <dirent.h>
#include <errno.h>
#include <libkmod.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#define MODULE_NAME	"evl"
#define CONTROL_SYSFS	"/sys/devices/virtual/evl/control"

static struct kmod_ctx *ctx;

static int print_usage(void)
{
	fprintf(stderr,
		"usage: evlctl load [PARAM=VALUE...]\n"
		"       evlctl unload\n"
		"       evlctl reload [FILE.ko] [PARAM=VALUE...]\n"
		"       evlctl status\n");
	return 2;
}

/* First line of a sysfs file, or "?" */
static const char *read_attr(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	if (!f || !fgets(buf, (int)len, f)) {
		if (f)
			fclose(f);
		return "?";
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static int loaded(void)
{
	return access("/sys/module/" MODULE_NAME, F_OK) == 0;
}

/* Space-separated parameters, as modprobe takes them. */
static char *join_params(int argc, char *argv[])
{
	size_t len = 1;
	char *params;
	int i;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	params = calloc(1, len);
	if (!params)
		return NULL;
	for (i = 0; i < argc; i++) {
		if (!strchr(argv[i], '=')) {
			fprintf(stderr, "evlctl: '%s' is not PARAM=VALUE\n", argv[i]);
			free(params);
			return NULL;
		}
		if (i)
			strcat(params, " ");
		strcat(params, argv[i]);
	}
	return params;
}

static int load_core(const char *file, int argc, char *argv[])
{
	struct kmod_module *mod;
	char *params;
	int ret;

	params = join_params(argc, argv);
	if (!params)
		return 2;
	if (loaded()) {
		fprintf(stderr, "evlctl: %s is already loaded\n", MODULE_NAME);
		free(params);
		return 1;
	}
	if (file)
		ret = kmod_module_new_from_path(ctx, file, &mod);
	else
		ret = kmod_module_new_from_name(ctx, MODULE_NAME, &mod);
	if (ret < 0) {
		fprintf(stderr, "evlctl: %s: %s\n", file ? file : MODULE_NAME,
			strerror(-ret));
		free(params);
		return 1;
	}
	if (file)
		ret = kmod_module_insert_module(mod, 0, params);
	else
		ret = kmod_module_probe_insert_module(mod, 0, params, NULL,
						      NULL, NULL);
	kmod_module_unref(mod);
	if (ret) {
		fprintf(stderr, "evlctl: loading %s%s%s failed: %s (see dmesg)\n",
			file ? file : MODULE_NAME, *params ? " " : "", params,
			strerror(ret < 0 ? -ret : EINVAL));
		free(params);
		return 1;
	}
	free(params);
	printf("evl loaded\n");
	return 0;
}

/* Processes with an EVL device open: they keep the core loaded. */
static int show_holders(void)
{
	char path[PATH_MAX], target[PATH_MAX], comm[64], buf[64];
	struct dirent *p, *f;
	DIR *procs, *fds;
	int holders = 0;
	ssize_t n;

	procs = opendir("/proc");
	if (!procs)
		return 0;
	while ((p = readdir(procs))) {
		if (p->d_name[0] < '0' || p->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/fd", p->d_name);
		fds = opendir(path);
		if (!fds)
			continue;
		while ((f = readdir(fds))) {
			snprintf(path, sizeof(path), "/proc/%s/fd/%s", p->d_name,
				 f->d_name);
			n = readlink(path, target, sizeof(target) - 1);
			if (n <= 0)
				continue;
			target[n] = '\0';
			if (strncmp(target, "/dev/evl/", 9))
				continue;
			snprintf(path, sizeof(path), "/proc/%s/comm", p->d_name);
			snprintf(comm, sizeof(comm), "%s", read_attr(path, buf, sizeof(buf)));
			fprintf(stderr, "evlctl:   pid %s (%s) has %s open\n",
				p->d_name, comm, target);
			holders++;
		}
		closedir(fds);
	}
	closedir(procs);
	return holders;
}

static int unload_core(void)
{
	struct kmod_module *mod;
	char buf[64];
	int ret;

	if (!loaded()) {
		fprintf(stderr, "evlctl: %s is not loaded\n", MODULE_NAME);
		return 1;
	}
	ret = kmod_module_new_from_name(ctx, MODULE_NAME, &mod);
	if (ret < 0) {
		fprintf(stderr, "evlctl: %s\n", strerror(-ret));
		return 1;
	}
	ret = kmod_module_remove_module(mod, KMOD_REMOVE_NOWAIT);
	kmod_module_unref(mod);
	if (ret == 0) {
		printf("evl unloaded\n");
		return 0;
	}
	if (ret == -EBUSY || ret == -EAGAIN) {
		fprintf(stderr, "evlctl: unload refused: evl is in use (%s users)\n",
			read_attr("/sys/module/" MODULE_NAME "/refcnt", buf, sizeof(buf)));
		if (!show_holders())
			fprintf(stderr, "evlctl:   (no process has an EVL device open)\n");
	} else {
		fprintf(stderr, "evlctl: unload failed: %s\n", strerror(-ret));
	}
	return 1;
}

static int show_status(void)
{
	char buf[5][256];

	if (!loaded()) {
		printf("evl: not loaded\n");
		return 3;
	}
	printf("evl: loaded, version %s, state %s, ABI %s, oob CPUs %s, %s users\n",
	       read_attr("/sys/module/" MODULE_NAME "/version", buf[0], sizeof(buf[0])),
	       read_attr(CONTROL_SYSFS "/state", buf[1], sizeof(buf[1])),
	       read_attr(CONTROL_SYSFS "/abi", buf[2], sizeof(buf[2])),
	       read_attr(CONTROL_SYSFS "/cpus", buf[3], sizeof(buf[3])),
	       read_attr("/sys/module/" MODULE_NAME "/refcnt", buf[4], sizeof(buf[4])));
	return 0;
}

int main(int argc, char *argv[])
{
	const char *file = NULL;
	int ret, first = 2;

	if (argc < 2)
		return print_usage();
	ctx = kmod_new(NULL, NULL);
	if (!ctx) {
		fprintf(stderr, "evlctl: cannot use libkmod\n");
		return 1;
	}
	/* Errors are told in evlctl's words. */
	kmod_set_log_priority(ctx, LOG_EMERG);

	if (!strcmp(argv[1], "load")) {
		ret = load_core(NULL, argc - 2, argv + 2);
	} else if (!strcmp(argv[1], "unload") && argc == 2) {
		ret = unload_core();
	} else if (!strcmp(argv[1], "reload")) {
		if (argc > 2 && strstr(argv[2], ".ko")) {
			file = argv[2];
			first = 3;
		}
		ret = loaded() ? unload_core() : 0;
		if (!ret)
			ret = load_core(file, argc - first, argv + first);
	} else if (!strcmp(argv[1], "status") && argc == 2) {
		ret = show_status();
	} else {
		ret = print_usage();
	}

	kmod_unref(ctx);
	return ret;
}

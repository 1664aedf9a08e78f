// SPDX-License-Identifier: GPL-2.0
/*
 * Load and unload of the EVL companion core.
 */

#define pr_fmt(fmt) "evl: " fmt

#include <linux/init.h>
#include <linux/module.h>
#include "version.h"

static int __init evl_init(void)
{
	pr_info("core %s loaded\n", EVL_CORE_VERSION);
	return 0;
}
module_init(evl_init);

static void __exit evl_exit(void)
{
	pr_info("core %s unloaded\n", EVL_CORE_VERSION);
}
module_exit(evl_exit);

MODULE_DESCRIPTION("EVL real-time companion core");
MODULE_VERSION(EVL_CORE_VERSION);
MODULE_LICENSE("GPL");

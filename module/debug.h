/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Context assertions: what a function's header comment says of the
 * context it runs in (stage, hard irqs, hard locks held, sleeping
 * allowed), checked on its entry when the core is built with
 * EVL_DEBUG_CONTEXT. Kbuild turns that on over a kernel with
 * CONFIG_DEBUG_IRQ_PIPELINE (the debug test kernel); a violation warns
 * once per place, which fails the suite like any splat. Otherwise they
 * compile to nothing, their expressions still type-checked.
 */
#ifndef _EVL_DEBUG_H
#define _EVL_DEBUG_H

#include <linux/bug.h>
#include <linux/hard_spinlock.h>
#include <linux/irq_pipeline.h>
#include <linux/kernel.h>

#ifdef EVL_DEBUG_CONTEXT
#define EVL_CONTEXT_CHECKS	true
#define evl_context_fails(cond)	WARN_ONCE(cond, "evl: context check failed: %s", #cond)
#else
#define EVL_CONTEXT_CHECKS	false
#define evl_context_fails(cond)	BUILD_BUG_ON_INVALID(cond)
#endif

/* On the out-of-band stage. */
#define evl_assert_oob()		evl_context_fails(!running_oob())
/* On the in-band stage, where it may sleep. */
#define evl_assert_inband()		evl_context_fails(!running_inband())
#define evl_assert_may_sleep()		\
	evl_context_fails(!running_inband() || hard_irqs_disabled())
/* The CPU masked. */
#define evl_assert_hard_irqs_off()	evl_context_fails(!hard_irqs_disabled())
/* @lock, a struct hard_spinlock, held (by this CPU, as it is masked). */
#define evl_assert_hard_locked(lock)				\
	evl_context_fails(!hard_irqs_disabled() ||		\
			  !arch_spin_is_locked(&(lock)->arch_lock))

#endif /* _EVL_DEBUG_H */

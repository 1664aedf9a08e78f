/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: the SIGDEBUG signal sent on health monitoring events. */
#ifndef _EVL_UAPI_SIGNAL_H
#define _EVL_UAPI_SIGNAL_H

/*
 * SIGDEBUG comes with si_code SI_QUEUE and sival_int set to
 * sigdebug_marker | <EVL_HMDIAG_* code>.
 */
#define SIGDEBUG		SIGXCPU
#define sigdebug_marker		0xfccf0000
#define sigdebug_code(__si)	((__si)->si_value.sival_int)
#define sigdebug_cause(__si)	(sigdebug_code(__si) & 0xff)
#define sigdebug_marked(__si)	\
	((sigdebug_code(__si) & 0xffff0000) == sigdebug_marker)

#endif /* !_EVL_UAPI_SIGNAL_H */

/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36, x86: FPU features and register pattern checks for FPU tests. */
#ifndef _EVL_UAPI_ASM_X86_FPTEST_H
#define _EVL_UAPI_ASM_X86_FPTEST_H

#include <linux/types.h>

/* evl_core_info.fpu_features */
#define evl_x86_xmm2	0x1
#define evl_x86_avx	0x2

/*
 * Fill the eight x87 stack slots with @__val, then xmm0-7 (SSE2) or
 * ymm0-7 (AVX) with @__val in the low quadword of each 128-bit lane.
 * No clobbers are declared on purpose: the pattern must stay in the
 * registers until evl_check_fpregs() reads it back.
 */
#define evl_set_fpregs(__features, __val)				\
	do {								\
		__u32 __evl_sf = (__features);				\
		__u32 __evl_sv = (__val);				\
		__u64 __evl_svec[4] = { __evl_sv, 0, __evl_sv, 0 };	\
		unsigned int __evl_sn;					\
									\
		for (__evl_sn = 0; __evl_sn < 8; __evl_sn++)		\
			__asm__ __volatile__("fildl %0"			\
					     : : "m" (__evl_sv));	\
		if (__evl_sf & evl_x86_avx)				\
			__asm__ __volatile__("vmovupd %0, %%ymm0\n\t"	\
					     "vmovupd %0, %%ymm1\n\t"	\
					     "vmovupd %0, %%ymm2\n\t"	\
					     "vmovupd %0, %%ymm3\n\t"	\
					     "vmovupd %0, %%ymm4\n\t"	\
					     "vmovupd %0, %%ymm5\n\t"	\
					     "vmovupd %0, %%ymm6\n\t"	\
					     "vmovupd %0, %%ymm7"	\
					     : : "m" (__evl_svec));	\
		else if (__evl_sf & evl_x86_xmm2)			\
			__asm__ __volatile__("movupd %0, %%xmm0\n\t"	\
					     "movupd %0, %%xmm1\n\t"	\
					     "movupd %0, %%xmm2\n\t"	\
					     "movupd %0, %%xmm3\n\t"	\
					     "movupd %0, %%xmm4\n\t"	\
					     "movupd %0, %%xmm5\n\t"	\
					     "movupd %0, %%xmm6\n\t"	\
					     "movupd %0, %%xmm7"	\
					     : : "m" (__evl_svec));	\
	} while (0)

/*
 * Pop the x87 stack and read xmm0-7/ymm0-7 back, expecting what
 * evl_set_fpregs() loaded. Yields @__val if everything matches,
 * otherwise the first wrong value found. @__bad receives the index
 * of the faulty register (0-7: x87, 8-15: vector), or -1.
 */
#define evl_check_fpregs(__features, __val, __bad)			\
	({								\
		__u32 __evl_cf = (__features);				\
		__u32 __evl_cv = (__val);				\
		__u32 __evl_cres = __evl_cv;				\
		__u32 __evl_cx87[8];					\
		__u64 __evl_cvec[8][4];					\
		unsigned int __evl_cn;					\
		int __evl_cbad = -1;					\
									\
		for (__evl_cn = 0; __evl_cn < 8; __evl_cn++)		\
			__asm__ __volatile__("fistpl %0"		\
					     : "=m" (__evl_cx87[7 - __evl_cn])); \
		if (__evl_cf & evl_x86_avx)				\
			__asm__ __volatile__("vmovupd %%ymm0, %0\n\t"	\
					     "vmovupd %%ymm1, %1\n\t"	\
					     "vmovupd %%ymm2, %2\n\t"	\
					     "vmovupd %%ymm3, %3\n\t"	\
					     "vmovupd %%ymm4, %4\n\t"	\
					     "vmovupd %%ymm5, %5\n\t"	\
					     "vmovupd %%ymm6, %6\n\t"	\
					     "vmovupd %%ymm7, %7"	\
					     : "=m" (__evl_cvec[0]),	\
					       "=m" (__evl_cvec[1]),	\
					       "=m" (__evl_cvec[2]),	\
					       "=m" (__evl_cvec[3]),	\
					       "=m" (__evl_cvec[4]),	\
					       "=m" (__evl_cvec[5]),	\
					       "=m" (__evl_cvec[6]),	\
					       "=m" (__evl_cvec[7]));	\
		else if (__evl_cf & evl_x86_xmm2)			\
			__asm__ __volatile__("movupd %%xmm0, %0\n\t"	\
					     "movupd %%xmm1, %1\n\t"	\
					     "movupd %%xmm2, %2\n\t"	\
					     "movupd %%xmm3, %3\n\t"	\
					     "movupd %%xmm4, %4\n\t"	\
					     "movupd %%xmm5, %5\n\t"	\
					     "movupd %%xmm6, %6\n\t"	\
					     "movupd %%xmm7, %7"	\
					     : "=m" (__evl_cvec[0]),	\
					       "=m" (__evl_cvec[1]),	\
					       "=m" (__evl_cvec[2]),	\
					       "=m" (__evl_cvec[3]),	\
					       "=m" (__evl_cvec[4]),	\
					       "=m" (__evl_cvec[5]),	\
					       "=m" (__evl_cvec[6]),	\
					       "=m" (__evl_cvec[7]));	\
		for (__evl_cn = 0; __evl_cn < 8; __evl_cn++) {		\
			if (__evl_cx87[__evl_cn] != __evl_cv) {		\
				__evl_cres = __evl_cx87[__evl_cn];	\
				__evl_cbad = __evl_cn;			\
				break;					\
			}						\
		}							\
		for (__evl_cn = 0; __evl_cbad < 0 && __evl_cn < 8 &&	\
			     (__evl_cf & (evl_x86_avx | evl_x86_xmm2)); \
		     __evl_cn++) {					\
			if (__evl_cvec[__evl_cn][0] != __evl_cv) {	\
				__evl_cres = __evl_cvec[__evl_cn][0];	\
				__evl_cbad = __evl_cn + 8;		\
			} else if ((__evl_cf & evl_x86_avx) &&		\
				   __evl_cvec[__evl_cn][2] != __evl_cv) { \
				__evl_cres = __evl_cvec[__evl_cn][2];	\
				__evl_cbad = __evl_cn + 8;		\
			}						\
		}							\
		(__bad) = __evl_cbad;					\
		__evl_cres;						\
	})

#endif /* !_EVL_UAPI_ASM_X86_FPTEST_H */

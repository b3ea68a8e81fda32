// Per-CPU code paths: a function marked JCONV_CLONES is compiled for several x86-64 levels
// and the best one for the running CPU is bound at load time, so the library stays runnable
// on any x86-64 while its hot loops use AVX2/AVX-512 where present.
#ifndef JCONV_SRC_CLONES_H
#define JCONV_SRC_CLONES_H

// -DJCONV_NO_CLONES builds the baseline (SSE2) code only: a way to test the loops a CPU
// without AVX2 would run.
#ifdef JCONV_NO_CLONES
#define JCONV_CLONES
#else
#define JCONV_CLONES __attribute__((target_clones("default", "arch=x86-64-v3", "arch=x86-64-v4")))
#endif
#define JCONV_INLINE inline __attribute__((always_inline))

#endif

#include "litmus_kernels.h"

litmus_isa litmus_best_isa(void) {
    // Asked once: the CPU does not change under a running process (threads that race here store the
    // same value).
    static int best = -1;
    int isa = __atomic_load_n(&best, __ATOMIC_RELAXED);
    if (isa < 0) {
        __builtin_cpu_init();
        isa = __builtin_cpu_supports("avx512f") ? litmus_isa_avx512
            : __builtin_cpu_supports("avx2") ? litmus_isa_avx2 : litmus_isa_baseline;
        __atomic_store_n(&best, isa, __ATOMIC_RELAXED);
    }
    return (litmus_isa)isa;
}

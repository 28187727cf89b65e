#include "litmus_kernels.h"
#include <math.h>

// No contraction of a * b + c into an FMA: every version must round like the others.
#pragma clang fp contract(off)

typedef double lanes8 __attribute__((vector_size(64)));

// The one body, compiled three times: 8 lanes are one AVX-512 register, two AVX2 ones or four SSE2 ones.
#define DISTANCES_BODY                                                                   \
    for (long block = first / 8; block * 8 < last; block++) {                            \
        lanes8 sum = {0, 0, 0, 0, 0, 0, 0, 0};                                           \
        const double *p = packed + block * d * 8;                                        \
        for (long t = 0; t < d; t++) {                                                   \
            lanes8 y;                                                                    \
            __builtin_memcpy(&y, p + t * 8, sizeof y);                                   \
            lanes8 diff = x[t] - y;                                                      \
            sum += diff * diff;                                                          \
        }                                                                                \
        for (int lane = 0; lane < 8; lane++) {                                           \
            long j = block * 8 + lane;                                                   \
            if (j >= first && j < last) out[j - first] = sqrt(sum[lane]);                \
        }                                                                                \
    }

static void distances_baseline(const double *x, const double *packed, long d, long first, long last, double *out) {
    DISTANCES_BODY
}

__attribute__((target("avx2")))
static void distances_avx2(const double *x, const double *packed, long d, long first, long last, double *out) {
    DISTANCES_BODY
}

__attribute__((target("avx512f")))
static void distances_avx512(const double *x, const double *packed, long d, long first, long last, double *out) {
    DISTANCES_BODY
}


void litmus_distances_from_isa(litmus_isa isa, const double *x, const double *packed, long d, long first, long last,
                               double *out) {
    switch (isa) {
    case litmus_isa_avx512: distances_avx512(x, packed, d, first, last, out); break;
    case litmus_isa_avx2: distances_avx2(x, packed, d, first, last, out); break;
    default: distances_baseline(x, packed, d, first, last, out); break;
    }
}

void litmus_distances_from(const double *x, const double *packed, long d, long first, long last, double *out) {
    litmus_distances_from_isa(litmus_best_isa(), x, packed, d, first, last, out);
}

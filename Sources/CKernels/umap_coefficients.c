#include "litmus_kernels.h"

// No contraction into FMAs: the Swift code this mirrors has none.
#pragma clang fp contract(off)

#include "umap_coefficients_body.h"

static void coefficients_baseline(const float *d2, float *coefficients, int used, int tail_first, float a, float b,
                                  float attraction, float repulsion) {
    COEFFICIENTS_BODY
}

__attribute__((target("avx2")))
static void coefficients_avx2(const float *d2, float *coefficients, int used, int tail_first, float a, float b,
                              float attraction, float repulsion) {
    COEFFICIENTS_BODY
}

void litmus_umap_coefficients_isa(litmus_isa isa, const float *d2, float *coefficients, int used, int tail_first, float a,
                                  float b, float attraction, float repulsion) {
    // Eight floats fill one AVX2 register: AVX-512 has nothing to add.
    if (isa >= litmus_isa_avx2) coefficients_avx2(d2, coefficients, used, tail_first, a, b, attraction, repulsion);
    else coefficients_baseline(d2, coefficients, used, tail_first, a, b, attraction, repulsion);
}

void litmus_umap_coefficients(const float *d2, float *coefficients, int used, int tail_first, float a, float b,
                              float attraction, float repulsion) {
    litmus_umap_coefficients_isa(litmus_best_isa(), d2, coefficients, used, tail_first, a, b, attraction, repulsion);
}

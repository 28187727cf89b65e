#include "litmus_kernels.h"

// No contraction into an FMA: every version must round like the others.
#pragma clang fp contract(off)

typedef double lanes8d __attribute__((vector_size(64)));
typedef float lanes8f __attribute__((vector_size(32)));

// values[c] = offsets[c] − 2·products[c] in double, and their minimum. Each value is one exactly rounded
// subtraction in every version, and a minimum does not round: every version gives the same bits.
#define OFFSET_PRODUCTS_BODY                                                                   \
    double smallest = __builtin_inf();                                                         \
    long c = 0;                                                                                \
    lanes8d lane_smallest = {smallest, smallest, smallest, smallest,                           \
                             smallest, smallest, smallest, smallest};                          \
    for (; c + 8 <= count; c += 8) {                                                           \
        lanes8f p;                                                                             \
        lanes8d o;                                                                             \
        __builtin_memcpy(&p, products + c, sizeof p);                                          \
        __builtin_memcpy(&o, offsets + c, sizeof o);                                           \
        lanes8d v = o - 2.0 * __builtin_convertvector(p, lanes8d);                             \
        __builtin_memcpy(values + c, &v, sizeof v);                                            \
        lane_smallest = __builtin_elementwise_min(lane_smallest, v);                           \
    }                                                                                          \
    for (int lane = 0; lane < 8; lane++)                                                       \
        if (lane_smallest[lane] < smallest) smallest = lane_smallest[lane];                    \
    for (; c < count; c++) {                                                                   \
        double v = offsets[c] - 2.0 * (double)products[c];                                     \
        values[c] = v;                                                                         \
        if (v < smallest) smallest = v;                                                        \
    }                                                                                          \
    return smallest;

static double offset_products_baseline(const float *products, const double *offsets, long count, double *values) {
    OFFSET_PRODUCTS_BODY
}

__attribute__((target("avx2")))
static double offset_products_avx2(const float *products, const double *offsets, long count, double *values) {
    OFFSET_PRODUCTS_BODY
}

__attribute__((target("avx512f")))
static double offset_products_avx512(const float *products, const double *offsets, long count, double *values) {
    OFFSET_PRODUCTS_BODY
}

double litmus_offset_products_isa(litmus_isa isa, const float *products, const double *offsets, long count, double *values) {
    switch (isa) {
    case litmus_isa_avx512: return offset_products_avx512(products, offsets, count, values);
    case litmus_isa_avx2: return offset_products_avx2(products, offsets, count, values);
    default: return offset_products_baseline(products, offsets, count, values);
    }
}

double litmus_offset_products(const float *products, const double *offsets, long count, double *values) {
    return litmus_offset_products_isa(litmus_best_isa(), products, offsets, count, values);
}

// The indices c < count with values[c] ≤ limit, ascending, into indices; returns how many. Comparisons
// do not round: every version finds the same.
#define INDICES_AT_MOST_BODY                                                                   \
    long found = 0, c = 0;                                                                     \
    for (; c + 8 <= count; c += 8) {                                                           \
        lanes8d v;                                                                             \
        __builtin_memcpy(&v, values + c, sizeof v);                                            \
        lanes8d bound = {limit, limit, limit, limit, limit, limit, limit, limit};              \
        typedef long lanes8l __attribute__((vector_size(64)));                                 \
        lanes8l below = v <= bound;                                                            \
        long any = 0;                                                                          \
        for (int lane = 0; lane < 8; lane++) any |= below[lane];                               \
        if (any)                                                                               \
            for (int lane = 0; lane < 8; lane++)                                               \
                if (values[c + lane] <= limit) indices[found++] = c + lane;                    \
    }                                                                                          \
    for (; c < count; c++)                                                                     \
        if (values[c] <= limit) indices[found++] = c;                                          \
    return found;

static long indices_at_most_baseline(const double *values, long count, double limit, long *indices) {
    INDICES_AT_MOST_BODY
}

__attribute__((target("avx2")))
static long indices_at_most_avx2(const double *values, long count, double limit, long *indices) {
    INDICES_AT_MOST_BODY
}

__attribute__((target("avx512f")))
static long indices_at_most_avx512(const double *values, long count, double limit, long *indices) {
    INDICES_AT_MOST_BODY
}

long litmus_indices_at_most_isa(litmus_isa isa, const double *values, long count, double limit, long *indices) {
    switch (isa) {
    case litmus_isa_avx512: return indices_at_most_avx512(values, count, limit, indices);
    case litmus_isa_avx2: return indices_at_most_avx2(values, count, limit, indices);
    default: return indices_at_most_baseline(values, count, limit, indices);
    }
}

long litmus_indices_at_most(const double *values, long count, double limit, long *indices) {
    return litmus_indices_at_most_isa(litmus_best_isa(), values, count, limit, indices);
}

#include "litmus_kernels.h"

// No contraction into FMAs: the Swift definition this mirrors (Analysis: TileSweep.referenceSweep) has none.
#pragma clang fp contract(off)

#include "umap_coefficients_body.h"

typedef float floats4 __attribute__((vector_size(16)));
typedef float floats2 __attribute__((vector_size(8)));

#define LANES 8

static inline __attribute__((always_inline)) floats4 load4(const float *p) {
    floats4 v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}
static inline __attribute__((always_inline)) floats8 load8(const float *p) {
    floats8 v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}
static inline __attribute__((always_inline)) void store4(floats4 v, float *p) { __builtin_memcpy(p, &v, sizeof v); }
static inline __attribute__((always_inline)) void store8(floats8 v, float *p) { __builtin_memcpy(p, &v, sizeof v); }

// Swift's min(max(x, -4), 4), comparison for comparison.
static inline __attribute__((always_inline)) float clip1(float x) {
    float high = -4.0f >= x ? -4.0f : x;
    return 4.0f < high ? 4.0f : high;
}
typedef unsigned words4 __attribute__((vector_size(16)));

// Vector clips as Swift's `replacing(with:where:)`: lanes above 4 become 4, then lanes below −4 become −4.
static inline __attribute__((always_inline)) floats4 clip4(floats4 v) {
    const floats4 limit = (floats4){0} + 4.0f;
    words4 above = (words4)(v > limit);
    floats4 high = (floats4)((above & (words4)limit) | (~above & (words4)v));
    words4 below = (words4)(high < -limit);
    return (floats4)((below & (words4)(-limit)) | (~below & (words4)high));
}
static inline __attribute__((always_inline)) floats8 clip8(floats8 v) {
    const floats8 limit = (floats8){0} + 4.0f;
    words8 above = (words8)(v > limit);
    floats8 high = (floats8)((above & (words8)limit) | (~above & (words8)v));
    words8 below = (words8)(high < -limit);
    return (floats8)((below & (words8)(-limit)) | (~below & (words8)high));
}

// taus88 on eight lanes (LaneRandom.next): state[0..7] s0, [8..15] s1, [16..23] s2.
static inline __attribute__((always_inline)) words8 next_words(words8 *s) {
    s[0] = ((s[0] & 0xFFFFFFFEu) << 12) ^ (((s[0] << 13) ^ s[0]) >> 19);
    s[1] = ((s[1] & 0xFFFFFFF8u) << 4) ^ (((s[1] << 2) ^ s[1]) >> 25);
    s[2] = ((s[2] & 0xFFFFFFF0u) << 17) ^ (((s[2] << 3) ^ s[2]) >> 11);
    return s[0] ^ s[1] ^ s[2];
}

// MARK: Rows of the plane (PlaneRows)

static inline __attribute__((always_inline)) float plane_measure(const float *x, const float *y, int lane,
                                                                 litmus_umap_batch *batch) {
    float dx = x[0] - y[0], dy = x[1] - y[1];
    batch->dx[lane] = dx;
    batch->dy[lane] = dy;
    return dx * dx + dy * dy;
}

static inline __attribute__((always_inline)) void plane_move_tail(float *y, litmus_umap_batch *batch, float rate) {
    float c = batch->coefficients[0];
    y[0] -= clip1(c * batch->dx[0]) * rate;
    y[1] -= clip1(c * batch->dy[0]) * rate;
}

static inline __attribute__((always_inline)) float sum8(floats8 v) {
    floats4 half = __builtin_shufflevector(v, v, 0, 1, 2, 3) + __builtin_shufflevector(v, v, 4, 5, 6, 7);
    floats2 quarter = __builtin_shufflevector(half, half, 0, 1) + __builtin_shufflevector(half, half, 2, 3);
    return quarter[0] + quarter[1];
}

static inline __attribute__((always_inline)) void plane_move(float *x, litmus_umap_batch *batch, float rate) {
    floats8 c = load8(batch->coefficients);
    floats8 gx = clip8(c * load8(batch->dx));
    floats8 gy = clip8(c * load8(batch->dy));
    x[0] += sum8(gx) * rate;
    x[1] += sum8(gy) * rate;
}

// MARK: Rows padded to whole four-float vectors (PaddedRows)

// The sum of squares in two four-float accumulators, even and odd vectors of the row, here as the two
// halves of one eight-float vector: lane for lane the same additions.
static inline __attribute__((always_inline)) float padded_measure(const float *x, const float *y, long stride, int lane,
                                                                  litmus_umap_batch *batch) {
    batch->samples[lane] = y;
    floats8 both = (floats8){0};
    long d = 0;
    for (; d + 8 <= stride; d += 8) {
        floats8 u = load8(x + d) - load8(y + d);
        both += u * u;
    }
    floats4 even = __builtin_shufflevector(both, both, 0, 1, 2, 3);
    floats4 odd = __builtin_shufflevector(both, both, 4, 5, 6, 7);
    if (d < stride) {
        floats4 u = load4(x + d) - load4(y + d);
        even += u * u;
    }
    floats4 sum = even + odd;
    return (sum[0] + sum[1]) + (sum[2] + sum[3]);
}

static inline __attribute__((always_inline)) void padded_move_tail(float *y, const float *x, long stride,
                                                                   litmus_umap_batch *batch, float rate) {
    float c = batch->coefficients[0];
    for (long d = 0; d < stride; d += 4) {
        floats4 yd = load4(y + d);
        store4(yd - clip4(c * (load4(x + d) - yd)) * rate, y + d);
    }
}

// Component by component the lanes' steps summed in lane order from zero; eight components at a time
// where the row has them (each component's arithmetic is the same at any width).
static inline __attribute__((always_inline)) void padded_move(float *x, long stride, litmus_umap_batch *batch, int lanes,
                                                              float rate) {
    int clipping = 0;
    for (int lane = 0; lane < lanes; lane++) {
        float c = batch->coefficients[lane];
        clipping = clipping || c * c * batch->distances[lane] > 15.9f;
    }
    long d = 0;
    for (; d + 8 <= stride; d += 8) {
        floats8 xd = load8(x + d), step = (floats8){0};
        if (clipping) {
            for (int lane = 0; lane < lanes; lane++) step += clip8(batch->coefficients[lane] * (xd - load8(batch->samples[lane] + d)));
        } else {
            for (int lane = 0; lane < lanes; lane++) step += batch->coefficients[lane] * (xd - load8(batch->samples[lane] + d));
        }
        store8(xd + step * rate, x + d);
    }
    if (d < stride) {
        floats4 xd = load4(x + d), step = (floats4){0};
        if (clipping) {
            for (int lane = 0; lane < lanes; lane++) step += clip4(batch->coefficients[lane] * (xd - load4(batch->samples[lane] + d)));
        } else {
            for (int lane = 0; lane < lanes; lane++) step += batch->coefficients[lane] * (xd - load4(batch->samples[lane] + d));
        }
        store4(xd + step * rate, x + d);
    }
}

// MARK: The sweep

// TileSweep.referenceSweep, statement for statement; `plane` is a constant in each caller, so the
// compiler keeps one kind of row per loop.
static inline __attribute__((always_inline)) void sweep_body(const litmus_umap_layout *layout, long first, long last,
                                                             double t, float rate, unsigned *random,
                                                             litmus_umap_batch *batch, int plane) {
    const long n = layout->count, stride = layout->stride;
    float *live = layout->live;
    const float *frozen = layout->frozen;
    words8 state[3];
    __builtin_memcpy(state, random, sizeof state);
    for (long e = first; e < last; e++) {
        if (!(layout->next_sample[e] <= t)) continue;
        float *current = live + (long)layout->heads[e] * stride;
        float *tail = live + (long)layout->tails[e] * stride;
        layout->next_sample[e] += layout->per_sample[e];
        long negatives = (long)((t - layout->next_negative[e]) / layout->per_negative[e]);
        if (negatives < 0) negatives = 0;
        layout->next_negative[e] += (double)negatives * layout->per_negative[e];
        long measured = 0;
        while (measured < negatives + 1) {
            int first_batch = measured == 0;
            long left = negatives + 1 - measured;
            int lanes = left < LANES ? (int)left : LANES;
            if (first_batch) {
                if (plane) {
                    batch->distances[0] = plane_measure(current, tail, 0, batch);
                } else {
                    for (long d = 0; d < stride; d += 4) store4(load4(tail + d), batch->tail_copy + d);
                    batch->distances[0] = padded_measure(current, batch->tail_copy, stride, 0, batch);
                }
            }
            words8 words = next_words(state);
            const float *sample[LANES];
            for (int lane = first_batch ? 1 : 0; lane < lanes; lane++) {
                sample[lane] = frozen + (long)(((unsigned long)words[lane] * (unsigned long)n) >> 32) * stride;
                // The rows are scattered: ask for all of them before the first is needed.
                if (!plane) {
                    for (long d = 0; d < stride; d += 16) __builtin_prefetch(sample[lane] + d);
                }
            }
            for (int lane = first_batch ? 1 : 0; lane < lanes; lane++) {
                batch->distances[lane] = plane ? plane_measure(current, sample[lane], lane, batch)
                                               : padded_measure(current, sample[lane], stride, lane, batch);
            }
            umap_coefficients_inline(batch->distances, batch->coefficients, lanes, first_batch, layout->a, layout->b,
                                     layout->attraction, layout->repulsion);
            if (plane) {
                if (first_batch) plane_move_tail(tail, batch, rate);
                plane_move(current, batch, rate);
            } else {
                if (first_batch) padded_move_tail(tail, current, stride, batch, rate);
                padded_move(current, stride, batch, lanes, rate);
            }
            measured += lanes;
        }
    }
    __builtin_memcpy(random, state, sizeof state);
}

#define SWEEP_VERSION(name, target)                                                                               \
    target static void name(const litmus_umap_layout *layout, long first, long last, double t, float rate,         \
                            unsigned *random, litmus_umap_batch *batch) {                                         \
        if (layout->stride == 2) sweep_body(layout, first, last, t, rate, random, batch, 1);                      \
        else sweep_body(layout, first, last, t, rate, random, batch, 0);                                          \
    }

SWEEP_VERSION(sweep_baseline, )
SWEEP_VERSION(sweep_avx2, __attribute__((target("avx2"))))
SWEEP_VERSION(sweep_avx512, __attribute__((target("avx512f,avx512vl"))))

void litmus_umap_sweep_isa(litmus_isa isa, const litmus_umap_layout *layout, long first, long last, double epoch,
                           float rate, unsigned *random, litmus_umap_batch *batch) {
    switch (isa) {
    case litmus_isa_avx512: sweep_avx512(layout, first, last, epoch, rate, random, batch); break;
    case litmus_isa_avx2: sweep_avx2(layout, first, last, epoch, rate, random, batch); break;
    default: sweep_baseline(layout, first, last, epoch, rate, random, batch); break;
    }
}

void litmus_umap_sweep(const litmus_umap_layout *layout, long first, long last, double epoch, float rate,
                       unsigned *random, litmus_umap_batch *batch) {
    litmus_umap_sweep_isa(litmus_best_isa(), layout, first, last, epoch, rate, random, batch);
}

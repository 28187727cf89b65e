// The body of UMAP's layout coefficients, shared by umap_coefficients.c and umap_sweep.c: each includes
// it after `#pragma clang fp contract(off)` and compiles it for the versions it has.
#ifndef LITMUS_UMAP_COEFFICIENTS_BODY_H
#define LITMUS_UMAP_COEFFICIENTS_BODY_H

typedef float floats8 __attribute__((vector_size(32)));
typedef int ints8 __attribute__((vector_size(32)));
typedef unsigned words8 __attribute__((vector_size(32)));

// The one body, compiled for AVX2 (one register) and the baseline (two SSE2 registers).
#define COEFFICIENTS_BODY                                                                                   \
    floats8 x;                                                                                              \
    __builtin_memcpy(&x, d2, sizeof x);                                                                     \
    /* log2: x = m * 2^e with m in [sqrt(1/2), sqrt(2)), log2(1 + u) = u * P(u). */                         \
    const floats8 floor = (floats8){0} + 1.17549435e-38f;                                                   \
    ints8 small = x < floor;                                                                                \
    words8 bits = ((words8)small & (words8)floor) | (~(words8)small & (words8)x);                           \
    floats8 raw = (floats8)((bits & 0x007FFFFFu) | 0x3F800000u);                                            \
    ints8 halve = raw > 1.4142136f;                                                                         \
    floats8 half = raw * 0.5f;                                                                              \
    floats8 mantissa = (floats8)(((words8)halve & (words8)half) | (~(words8)halve & (words8)raw));          \
    ints8 bias = (ints8)(((words8)halve & 126u) | (~(words8)halve & 127u));                                 \
    floats8 exponent = __builtin_convertvector((ints8)(bits >> 23) - bias, floats8);                        \
    floats8 u = mantissa - 1;                                                                               \
    floats8 p = (floats8){0} + -0.20686046f;                                                                \
    p = p * u + 0.31841058f;                                                                                \
    p = p * u - 0.36641372f;                                                                                \
    p = p * u + 0.47979364f;                                                                                \
    p = p * u - 0.72120844f;                                                                                \
    p = p * u + 1.4427018f;                                                                                 \
    floats8 y = b * (exponent + u * p);                                                                     \
    /* exp2: y clamped to [-126, 127], y = k + f; 2^k from the exponent bits, 2^f a polynomial. */          \
    ints8 low = y < -126.0f;                                                                                \
    floats8 lowed = (floats8)(((words8)low & (words8)((floats8){0} - 126.0f)) | (~(words8)low & (words8)y)); \
    ints8 high = lowed > 127.0f;                                                                            \
    floats8 clamped = (floats8)(((words8)high & (words8)((floats8){0} + 127.0f)) | (~(words8)high & (words8)lowed)); \
    floats8 shifted = clamped + 12582912.0f;                                                                \
    floats8 k = shifted - 12582912.0f;                                                                      \
    floats8 f = clamped - k;                                                                                \
    floats8 q = (floats8){0} + 0.009676042f;                                                                \
    q = q * f + 0.055922078f;                                                                               \
    q = q * f + 0.24022107f;                                                                                \
    q = q * f + 0.69312103f;                                                                                \
    q = q * f + 1.0000001f;                                                                                 \
    floats8 scale = (floats8)((((words8)shifted - 0x4B400000u) + 127u) << 23);                              \
    floats8 power = q * scale;                                                                              \
    floats8 result = repulsion / ((0.001f + x) * (a * power + 1));                                          \
    __builtin_memcpy(coefficients, &result, sizeof result);                                                 \
    if (tail_first) {                                                                                       \
        float d0 = x[0], p0 = power[0];                                                                     \
        coefficients[0] = d0 > 0 ? attraction * p0 / (d0 * (a * p0 + 1)) : 0;                              \
    }                                                                                                       \
    for (int lane = used; lane < 8; lane++) coefficients[lane] = 0;

static inline __attribute__((always_inline)) void umap_coefficients_inline(const float *d2, float *coefficients, int used,
                                                                           int tail_first, float a, float b,
                                                                           float attraction, float repulsion) {
    COEFFICIENTS_BODY
}

#endif

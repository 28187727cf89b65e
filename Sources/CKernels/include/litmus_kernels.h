#ifndef LITMUS_KERNELS_H
#define LITMUS_KERNELS_H

/// Vector widths a kernel has a version for.
typedef enum {
    litmus_isa_baseline = 0,  // SSE2: every x86-64
    litmus_isa_avx2 = 1,
    litmus_isa_avx512 = 2,
} litmus_isa;

/// The widest version this CPU runs.
litmus_isa litmus_best_isa(void);

/// The CPUs this process may run on (its affinity mask: taskset, a bound Slurm task, a cpuset); 0 when
/// the mask cannot be read.
int litmus_affinity_cores(void);

/// Euclidean distances from x (d values) to points first..<last of `packed` (points in blocks of 8,
/// feature-major inside a block: packed[(block * d + t) * 8 + lane]), written to out[j - first].
/// Each sum is taken in feature order in double, without fused multiply-adds: every version gives the
/// bits of the baseline one. Runs the widest version the CPU has.
void litmus_distances_from(const double *x, const double *packed, long d, long first, long last, double *out);

/// The same with a chosen version (tests compare them); `isa` must not exceed litmus_best_isa().
void litmus_distances_from_isa(litmus_isa isa, const double *x, const double *packed, long d, long first, long last,
                               double *out);

/// UMAP's layout coefficients for 8 lanes of squared distances d2 (Analysis: SampleBatch): repulsion
/// 2γb / ((0.001 + d²)(a·d²ᵇ + 1)) on every lane, then with `tail_first` the attraction −2ab·d²⁽ᵇ⁻¹⁾ /
/// (a·d²ᵇ + 1) on lane 0 (0 at distance 0), and 0 on lanes from `used` on. xᵇ as 2^(b·log₂x) with the
/// polynomials of FastPower.swift, operation for operation: every version gives the Swift code's bits.
void litmus_umap_coefficients(const float *d2, float *coefficients, int used, int tail_first, float a, float b,
                              float attraction, float repulsion);

void litmus_umap_coefficients_isa(litmus_isa isa, const float *d2, float *coefficients, int used, int tail_first, float a,
                                  float b, float attraction, float repulsion);

/// values[c] = offsets[c] − 2·products[c] in double for c < count, and the smallest of them (+∞ when
/// count is 0; NaNs are not ordered and may be skipped): a distance search's pass over a GEMM tile of
/// single-precision products x·y, with offsets ‖y‖². Every version gives the same bits.
double litmus_offset_products(const float *products, const double *offsets, long count, double *values);

double litmus_offset_products_isa(litmus_isa isa, const float *products, const double *offsets, long count, double *values);

/// The indices c < count with values[c] ≤ limit, ascending, written to indices (room for count); returns
/// how many: the candidates of a distance search's pass. Every version finds the same.
long litmus_indices_at_most(const double *values, long count, double limit, long *indices);

long litmus_indices_at_most_isa(litmus_isa isa, const double *values, long count, double limit, long *indices);

/// What UMAP's layout sweeps over (Analysis: LayoutState, LayoutEdges, LayoutCurve): the rows (`stride`
/// floats each, 2 for the plane, else a multiple of 4 with zeros past the width), the edges with their
/// schedules, and the curve's numbers.
typedef struct {
    float *live;
    const float *frozen;
    long count, stride;
    const int *heads, *tails;
    double *next_sample, *next_negative;
    const double *per_sample, *per_negative;
    float a, b, attraction, repulsion;
} litmus_umap_layout;

/// A sweep's scratch for one batch of samples (Analysis: SampleBatch): 8 lanes each, `tail_copy` of
/// `stride` floats. Kept by the caller between sweeps of one task, as the Swift definition keeps it.
typedef struct {
    float *distances, *coefficients, *dx, *dy;
    const float **samples;
    float *tail_copy;
} litmus_umap_batch;

/// The edges first..<last of one tile due at `epoch`: each pulls its head and tail together and pushes
/// the head from its negative samples, drawn from `random` (taus88 on 8 lanes: s0, s1, s2, 8 words each,
/// updated). Operation for operation TileSweep.referenceSweep: every version gives its bits.
void litmus_umap_sweep(const litmus_umap_layout *layout, long first, long last, double epoch, float rate,
                       unsigned *random, litmus_umap_batch *batch);

void litmus_umap_sweep_isa(litmus_isa isa, const litmus_umap_layout *layout, long first, long last, double epoch,
                           float rate, unsigned *random, litmus_umap_batch *batch);

#endif

// The plan and the algorithm interface.
//
// An algorithm is a table of functions; plan.cc keeps the ordered list the chooser walks, so a
// new algorithm is one new file plus one line there.
#ifndef JCONV_SRC_PLAN_H
#define JCONV_SRC_PLAN_H

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "geometry.h"

namespace jconv {

// 64-byte aligned heap block that owns its memory (plan-time only).
struct AlignedFree {
    void operator()(void* p) const { std::free(p); }
};
using AlignedBlock = std::unique_ptr<void, AlignedFree>;

// Allocates bytes (rounded up to 64, at least 64); empty on failure.
AlignedBlock aligned_block(int64_t bytes);

struct Algorithm;

struct Plan {
    Geometry g;
    const Algorithm* algo = nullptr;
    AlignedBlock weights;    // the kernel, in the order the algorithm wants, in g.dtype
    AlignedBlock bias;       // [O] in g.dtype, or empty
    int64_t tile = 0;        // algorithm-specific block size (im2col: pixels per GEMM)
    int parts = 1;           // im2col+gemm: most parts a run splits into (one tile each in the workspace)
    int64_t kblock = 0;      // im2col+gemm, channels first: input channels per GEMM (K = kblock * taps)
    int64_t workspace = 0;   // bytes the algorithm uses, not counting alignment slack
    AlignedBlock aux;        // algorithm-specific plan-time tables (see the algorithm's file)
    int64_t aux_count = 0;   // entries in aux

    template <class T> const T* w() const { return static_cast<const T*>(weights.get()); }
    template <class T> const T* b() const { return static_cast<const T*>(bias.get()); }
};

struct Algorithm {
    const char* name;
    // True when the algorithm computes this geometry (exactly; it is never a hint).
    bool (*applies)(const Geometry& g);
    // Packs the canonical kernel [O, C/G, k...] into plan.weights and sets tile/workspace.
    // Returns JCONV_OK, JCONV_ERR_NOMEM or JCONV_ERR_OVERFLOW.
    int (*prepare)(Plan& plan, const void* kernel);
    // Arithmetic only. workspace is 64-byte aligned and holds plan.workspace bytes. alone: no
    // other run was in flight when this one started, so it may use a team of threads
    // (pool.h: team_size).
    void (*run_f32)(const Plan& plan, const float* in, float* out, void* workspace, bool alone);
    void (*run_f64)(const Plan& plan, const double* in, double* out, void* workspace, bool alone);
};

extern const Algorithm kDirectImage;
extern const Algorithm kDepthwiseDirect;
extern const Algorithm kGemm1x1;
extern const Algorithm kIm2colGemm;
extern const Algorithm kGemmCol2im;

// Sets every output to its channel's bias (or 0): the GEMM paths then accumulate with
// beta = 1, so the bias costs no extra pass over the output.
template <class T> void fill_bias(const Plan& plan, T* out);

// Copies the canonical kernel unchanged (the order channels-first GEMM and the direct
// channels-first loops read).
int prepare_copy_kernel(Plan& plan, const void* kernel);

// Repacks the canonical kernel [G][Og][Cg][taps] to [G][taps][Cg][Og]: the B operand of the
// channels-last GEMMs (rows (tap, c) match the im2col row order of an NHWC pixel).
int prepare_kernel_tap_major(Plan& plan, const void* kernel);

// Pixels per im2col+GEMM block: as many as fit budget bytes of im2col buffer, at least
// min_pixels, at most all. Tests shrink both to force many blocks with boundaries at odd
// pixels; (0, 0) restores the defaults. Read once per plan creation.
void set_im2col_tiling(int64_t budget_bytes, int64_t min_pixels);
int64_t im2col_tile_pixels(int64_t row_bytes, int64_t total_pixels);
// The same for im2col+gemm, whose GEMM has gemm_rows rows (M): L2-sized blocks when they stay
// wide enough, else up to a large budget (large: whole images, channels first) or the default
// one (plan.cc). The tests' budget, when set, applies as it is.
int64_t gemm_tile_pixels(int64_t row_bytes, int64_t total_pixels, int64_t gemm_rows, bool large);
// Channels per block when the blocks of gemm_tile_pixels would not fit L2 and the GEMM's K may
// be split (channels first): *tile pixels and *channels of the Cg, each block
// channels * taps * elem_bytes * tile bytes. Returns false (no split) otherwise.
bool gemm_k_blocks(int64_t elem_bytes, int64_t Cg, int64_t taps, int64_t total_pixels, int64_t gemm_rows,
                   int64_t* tile, int64_t* channels);

// Tests only: plans created while this is set use the named algorithm when it applies (and
// the usual choice otherwise); nullptr restores the chooser. Read once per plan creation.
void force_algorithm(const char* name);

// Non-finite weights of a kernel, for the algorithms whose GEMM would multiply them by
// zeros that are no products (has_holes): they are zeroed in the packed kernel and added
// back where they really meet a sample or the constant border.
struct WeightEntry {
    int64_t o, c, tap;  // output channel (global), input channel within the group, tap
    double w;
};
// Collects the non-finite entries of the canonical kernel into plan.aux / plan.aux_count.
int collect_nonfinite(Plan& plan, const void* kernel);

// True when output pixel p (flat over the output axes) at tap t (flat over the kernel axes)
// multiplies something: a sample, or the constant border; false over an inserted zero or an
// empty border (kNothing on some axis and kBorder on none).
bool tap_is_product(const Geometry& g, int64_t p, int64_t t);

}  // namespace jconv

struct jconv_plan : jconv::Plan {};

#endif

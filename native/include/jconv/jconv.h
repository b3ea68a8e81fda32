/*
 * jconv.h - the C binding surface of the jconv native core.
 *
 * One canonical convolution (see SEMANTICS.md section 1 and 3.1):
 *
 *   y[n, o, i...] = bias[o] + sum_{c < C/G} sum_{r...}
 *                   x~[n, g*C/G + c, i*stride - pad_before + r*dilation ...] * w[o, c, r...]
 *
 * where x~ is the input dilated by input_dilation, then extended beyond its edges by the border
 * rule (or cropped, by negative pads), and g = o / (O/G). Per axis, with n input samples and
 * L = (n-1)*input_dilation + 1, coordinate p = i*stride + r*dilation - pad_before holds
 *   p outside [0, L)                     the border (border_value for JCONV_BORDER_CONSTANT);
 *   p in [0, L), p % input_dilation != 0 an inserted zero;
 *   otherwise                            x[p / input_dilation].
 * A tap over the constant border is a product like any other (border_value * w: a NaN or Inf
 * weight over a zero border gives NaN, as the forward convolutions of the reference systems).
 * A tap over an inserted zero (or over a JCONV_BORDER_EMPTY border) is NO product: it adds
 * nothing, not 0 * w. This is the scatter form of a transposed convolution, which is how PyTorch,
 * TensorFlow and ONNX Runtime compute it (GEMM + col2im: every input sample is multiplied by
 * every weight and added where it lands, and no zero is ever multiplied), so a NaN or Inf weight
 * poisons exactly the outputs its scatter reaches. Where the weights are finite both readings
 * give the same numbers (0 * w = 0).
 * A tap that is outside on one axis and an inserted zero on another is outside (border).
 * Output size per axis: floor((L + pad_before + pad_after - dk) / stride) + 1 with
 * dk = (kernel-1)*dilation + 1; L + pad_before + pad_after >= dk is required.
 *
 * A transposed convolution (SEMANTICS.md 3.1) with stride s, crop head and output length out
 * is: input_dilation s, stride 1, pads (dk-1-head, out+head-(n-1)s-1) (negative = crop), the
 * kernel flipped and transposed per group to [C_out, C_in/G, k...], and JCONV_BORDER_EMPTY for
 * the exact scatter semantics (JCONV_BORDER_CONSTANT with value 0 gives the same numbers except
 * that a NaN or Inf weight also poisons outputs whose window reaches over the pads).
 *
 * The kernel handed to the core is ALWAYS canonical: [O, C/G, k0, k1, k2] (OIHW for rank 2),
 * already flipped if the user asked for a true convolution. Flips and layout conversions
 * happen once, in Java, when a plan is created; the core only does cross-correlation.
 *
 * Describe, then execute:
 *   jconv_plan_create      validates the descriptor, copies (and may pack) kernel and bias;
 *   jconv_plan_workspace_size   bytes of scratch a run needs (caller owns it, may reuse it);
 *   jconv_plan_run_f32/f64 does arithmetic only: no allocation, no validation beyond null checks.
 * A plan is immutable after creation: several threads may run one plan at once, each with its
 * own workspace. Input and output must not overlap. The workspace may have any alignment (the
 * size jconv_plan_workspace_size reports includes the slack to align it).
 *
 * Every function returns a jconv_status; nothing aborts the process and no input makes the core
 * read or write outside the buffers whose sizes the descriptor implies.
 */
#ifndef JCONV_JCONV_H
#define JCONV_JCONV_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define JCONV_MAX_RANK 3

/* Status codes. */
#define JCONV_OK 0
#define JCONV_ERR_NULL 1          /* a required pointer was NULL */
#define JCONV_ERR_INVALID 2       /* a descriptor field is out of range or inconsistent */
#define JCONV_ERR_OVERFLOW 3      /* a size does not fit in 64-bit / addressable memory */
#define JCONV_ERR_UNSUPPORTED 4   /* valid, but not implemented by this core */
#define JCONV_ERR_NOMEM 5         /* allocation failed at plan creation */
#define JCONV_ERR_WORKSPACE 6     /* workspace too small for this plan */
#define JCONV_ERR_DTYPE 7         /* run_f32 on a float64 plan or the reverse */

/* Element types. */
#define JCONV_F32 0
#define JCONV_F64 1

/* Input/output layouts, for any spatial rank: channels first (NCW, NCHW, NCDHW) or
 * channels last (NWC, NHWC, NDHWC). The output has the input's layout. */
#define JCONV_CHANNELS_FIRST 0
#define JCONV_CHANNELS_LAST 1

/* Border modes (numpy.pad names): how the input is extended by the pads.
 * Pads wider than the input follow numpy.pad exactly (symmetric and circular are periodic,
 * reflect is periodic with period 2(n-1), edge repeats the edge sample). */
#define JCONV_BORDER_CONSTANT 0   /* border_value everywhere outside the input */
#define JCONV_BORDER_REFLECT 1    /* 3 2 | 1 2 3 4 | 3 2   (numpy 'reflect', torch 'reflect') */
#define JCONV_BORDER_SYMMETRIC 2  /* 2 1 | 1 2 3 4 | 4 3   (numpy 'symmetric', scipy 'symm') */
#define JCONV_BORDER_EDGE 3       /* 1 1 | 1 2 3 4 | 4 4   (numpy 'edge', torch 'replicate') */
#define JCONV_BORDER_CIRCULAR 4   /* 3 4 | 1 2 3 4 | 1 2   (numpy 'wrap', scipy 'wrap') */
/* Nothing outside the input: taps there add nothing (no product; border_value is ignored).
 * Numerically a zero border, except that a NaN or Inf weight over it is not 0 * w = NaN.
 * The pads of a transposed convolution in its scatter form. */
#define JCONV_BORDER_EMPTY 5

/* Canonical convolution descriptor. Spatial arrays use entries [0, rank); the rest are ignored.
 * Spatial axis 0 is the outermost (D for rank 3, H for rank 2, W for rank 1). */
typedef struct jconv_desc {
    int32_t rank;            /* spatial rank, 1..3 */
    int32_t dtype;           /* JCONV_F32 or JCONV_F64 */
    int32_t layout;          /* JCONV_CHANNELS_FIRST or JCONV_CHANNELS_LAST */
    int32_t border;          /* JCONV_BORDER_*; input dilation and negative pads need CONSTANT or EMPTY */
    double border_value;     /* value of JCONV_BORDER_CONSTANT (rounded to dtype first) */
    int64_t batch;           /* N >= 1 */
    int64_t in_channels;     /* C >= 1 */
    int64_t out_channels;    /* O >= 1 */
    int64_t groups;          /* G >= 1, divides C and O */
    int64_t in_size[JCONV_MAX_RANK];      /* input spatial sizes >= 1 */
    int64_t kernel_size[JCONV_MAX_RANK];  /* kernel spatial sizes >= 1 */
    int64_t pad_before[JCONV_MAX_RANK];   /* any; < 0 crops the (dilated) input: CONSTANT/EMPTY only */
    int64_t pad_after[JCONV_MAX_RANK];    /* any; < 0 crops the (dilated) input: CONSTANT/EMPTY only */
    int64_t stride[JCONV_MAX_RANK];       /* >= 1 */
    int64_t dilation[JCONV_MAX_RANK];     /* >= 1 */
    int64_t input_dilation[JCONV_MAX_RANK]; /* >= 1; 1 = ordinary convolution, s > 1 inserts s-1
                                               zeros between samples (transposed convolution with
                                               stride s): CONSTANT/EMPTY borders only */
    int32_t has_bias;        /* 0 or 1 */
    int32_t num_threads;     /* threads one run may use, at most the cores; 0 = the OpenBLAS
                                default count (all cores unless changed). A run started while
                                other runs are in flight uses the calling thread only, so many
                                callers at once get about one core each (the GEMMs of a run too
                                small to split, and of a channels-last transposed convolution,
                                keep OpenBLAS's count as before). Results depend on the plan
                                and this count, never on the other runs; the direct algorithms
                                give the same bits at every count. */
} jconv_desc;

typedef struct jconv_plan jconv_plan;

/* Fills every field with a neutral default (rank 2, f32, channels first, constant 0,
 * all sizes 1, pads 0, strides/dilations 1, no bias). */
void jconv_desc_init(jconv_desc* desc);

/* Output spatial size of the descriptor on one axis (floor((L + pads - dk) / stride) + 1, on the
 * input dilated to L samples and padded or cropped), or -1 if the descriptor is invalid there. */
int64_t jconv_output_size(const jconv_desc* desc, int32_t axis);

/* Checks a descriptor without creating anything: JCONV_OK, JCONV_ERR_NULL, JCONV_ERR_INVALID
 * (a field out of range, a negative pad or input dilation with a border other than CONSTANT or
 * EMPTY, a window longer than the padded or cropped input) or JCONV_ERR_OVERFLOW (a size, or
 * L + |pad_before| + |pad_after| + dk on some axis, does not fit in int64). Every invalid field
 * is reported before any overflow. */
int jconv_desc_validate(const jconv_desc* desc);

/* Number of elements of the input (n samples per axis, not the dilated length), kernel, and
 * output buffers a plan for desc expects (0 when the descriptor is invalid). */
int64_t jconv_input_elements(const jconv_desc* desc);
int64_t jconv_kernel_elements(const jconv_desc* desc);
int64_t jconv_output_elements(const jconv_desc* desc);

/* Creates a plan. kernel: canonical [O, C/G, k...] of desc->dtype (float* or double*);
 * bias: [O] of desc->dtype, required iff desc->has_bias. Both are copied: the caller may free
 * them afterwards. On success *plan receives the plan and JCONV_OK is returned. */
int jconv_plan_create(const jconv_desc* desc, const void* kernel, const void* bias, jconv_plan** plan);

/* Bytes of workspace jconv_plan_run_* needs (may be 0). Includes the slack that lets the
 * workspace start at any address (no alignment is required of it). */
int64_t jconv_plan_workspace_size(const jconv_plan* plan);

/* Runs the plan. input: [N, C, spatial...] or [N, spatial..., C] per desc->layout;
 * output likewise with O channels and output spatial sizes; workspace: at least
 * jconv_plan_workspace_size bytes, any alignment (NULL allowed when that is 0). Input and
 * output must not overlap (the output is written while the input is still being read).
 * A run splits its work over up to num_threads threads (see jconv_desc.num_threads): the
 * direct algorithms their output rows or channels, the GEMM-based ones their pixel or channel
 * blocks with one OpenBLAS thread each. The threads besides the caller are OpenBLAS's own
 * workers where OpenBLAS has a thread server (its pthreads build), else jconv's, created once
 * on first use; no run creates a thread. */
int jconv_plan_run_f32(const jconv_plan* plan, const float* input, float* output,
                       void* workspace, int64_t workspace_bytes);
int jconv_plan_run_f64(const jconv_plan* plan, const double* input, double* output,
                       void* workspace, int64_t workspace_bytes);

/* Name of the algorithm the plan chose (static string, e.g. "im2col+gemm", "gemm-1x1",
 * "depthwise-direct", "direct-image", "gemm+col2im"); "none" for a NULL plan. */
const char* jconv_plan_algorithm(const jconv_plan* plan);

void jconv_plan_destroy(jconv_plan* plan);

/* Human-readable text of a status code (static string). */
const char* jconv_status_string(int status);

/* OpenBLAS facts, for diagnostics (static strings / plain ints). */
const char* jconv_blas_config(void);
const char* jconv_blas_corename(void);
int jconv_blas_num_threads(void);
void jconv_blas_set_num_threads(int n);

#ifdef __cplusplus
}
#endif

#endif /* JCONV_JCONV_H */

/*
 * jconv.h - the C binding surface of the jconv native core.
 *
 * One canonical convolution (see SEMANTICS.md section 1 and 3.1):
 *
 *   y[n, o, i...] = bias[o] + sum_{c < C/G} sum_{r...}
 *                   x~[n, g*C/G + c, i*stride - pad_before + r*dilation ...] * w[o, c, r...]
 *
 * where x~ is the input extended beyond its edges by the border rule and g = o / (O/G).
 * The kernel handed to the core is ALWAYS canonical: [O, C/G, k0, k1, k2] (OIHW for rank 2),
 * already flipped if the user asked for a true convolution. Flips and layout conversions
 * happen once, in Java, when a plan is created; the core only does cross-correlation.
 *
 * Describe, then execute:
 *   jconv_plan_create      validates the descriptor, copies (and may pack) kernel and bias;
 *   jconv_plan_workspace_size   bytes of scratch a run needs (caller owns it, may reuse it);
 *   jconv_plan_run_f32/f64 does arithmetic only: no allocation, no validation beyond null checks.
 * A plan is immutable after creation: several threads may run one plan at once, each with its
 * own workspace.
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

/* Canonical convolution descriptor. Spatial arrays use entries [0, rank); the rest are ignored.
 * Spatial axis 0 is the outermost (D for rank 3, H for rank 2, W for rank 1). */
typedef struct jconv_desc {
    int32_t rank;            /* spatial rank, 1..3 */
    int32_t dtype;           /* JCONV_F32 or JCONV_F64 */
    int32_t layout;          /* JCONV_CHANNELS_FIRST or JCONV_CHANNELS_LAST */
    int32_t border;          /* JCONV_BORDER_* */
    double border_value;     /* value of JCONV_BORDER_CONSTANT */
    int64_t batch;           /* N >= 1 */
    int64_t in_channels;     /* C >= 1 */
    int64_t out_channels;    /* O >= 1 */
    int64_t groups;          /* G >= 1, divides C and O */
    int64_t in_size[JCONV_MAX_RANK];      /* input spatial sizes >= 1 */
    int64_t kernel_size[JCONV_MAX_RANK];  /* kernel spatial sizes >= 1 */
    int64_t pad_before[JCONV_MAX_RANK];   /* >= 0 */
    int64_t pad_after[JCONV_MAX_RANK];    /* >= 0 */
    int64_t stride[JCONV_MAX_RANK];       /* >= 1 */
    int64_t dilation[JCONV_MAX_RANK];     /* >= 1 */
    int64_t input_dilation[JCONV_MAX_RANK]; /* 1 = ordinary convolution (>1: transposed; reserved) */
    int32_t has_bias;        /* 0 or 1 */
    int32_t num_threads;     /* threads a run may use; 0 = the library default */
} jconv_desc;

typedef struct jconv_plan jconv_plan;

/* Fills every field with a neutral default (rank 2, f32, channels first, constant 0,
 * all sizes 1, pads 0, strides/dilations 1, no bias). */
void jconv_desc_init(jconv_desc* desc);

/* Output spatial size of the descriptor on one axis, or -1 if the descriptor is invalid there. */
int64_t jconv_output_size(const jconv_desc* desc, int32_t axis);

/* Checks a descriptor without creating anything. */
int jconv_desc_validate(const jconv_desc* desc);

/* Number of elements of the input, kernel, and output buffers a plan for desc expects
 * (0 when the descriptor is invalid). */
int64_t jconv_input_elements(const jconv_desc* desc);
int64_t jconv_kernel_elements(const jconv_desc* desc);
int64_t jconv_output_elements(const jconv_desc* desc);

/* Creates a plan. kernel: canonical [O, C/G, k...] of desc->dtype (float* or double*);
 * bias: [O] of desc->dtype, required iff desc->has_bias. Both are copied: the caller may free
 * them afterwards. On success *plan receives the plan and JCONV_OK is returned. */
int jconv_plan_create(const jconv_desc* desc, const void* kernel, const void* bias, jconv_plan** plan);

/* Bytes of workspace jconv_plan_run_* needs (may be 0). */
int64_t jconv_plan_workspace_size(const jconv_plan* plan);

/* Runs the plan. input: [N, C, spatial...] or [N, spatial..., C] per desc->layout;
 * output likewise with O channels and output spatial sizes; workspace: at least
 * jconv_plan_workspace_size bytes (NULL allowed when that is 0). */
int jconv_plan_run_f32(const jconv_plan* plan, const float* input, float* output,
                       void* workspace, int64_t workspace_bytes);
int jconv_plan_run_f64(const jconv_plan* plan, const double* input, double* output,
                       void* workspace, int64_t workspace_bytes);

/* Name of the algorithm the plan chose (static string, e.g. "im2col+gemm", "gemm-1x1",
 * "depthwise-direct", "direct-image"). */
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

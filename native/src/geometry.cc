#include "geometry.h"

namespace jconv {
namespace {

bool zero_border(int border) { return border == JCONV_BORDER_CONSTANT || border == JCONV_BORDER_EMPTY; }

// Per-axis facts shared by jconv_output_size and the full validation.
// Returns JCONV_OK and the output size, or an error status.
int check_axis(const jconv_desc* d, int i, int64_t* out) {
    const int64_t n = d->in_size[i], k = d->kernel_size[i];
    const int64_t pb = d->pad_before[i], pa = d->pad_after[i];
    const int64_t s = d->stride[i], dil = d->dilation[i], idil = d->input_dilation[i];
    if (n < 1 || k < 1 || s < 1 || dil < 1 || idil < 1) return JCONV_ERR_INVALID;
    // Crops and inserted zeros exist on the (zero) constant borders only: what a mirrored or
    // wrapped border of a dilated or cropped input means is nobody's definition.
    if ((pb < 0 || pa < 0 || idil > 1) && !zero_border(d->border)) return JCONV_ERR_INVALID;
    // The input dilated by idil has (n-1)*idil + 1 samples. Bound every coordinate an algorithm
    // computes: |i*s + r*d - pb| and the interior bounds stay below len + |pb| + |pa| + extent.
    int64_t len, extent, bound;
    if (!mul_ok(n - 1, idil, &len) || !add_ok(len, 1, &len)) return JCONV_ERR_OVERFLOW;
    if (!mul_ok(k - 1, dil, &extent) || !add_ok(extent, 1, &extent)) return JCONV_ERR_OVERFLOW;
    if (pb == INT64_MIN || pa == INT64_MIN) return JCONV_ERR_OVERFLOW;
    if (!add_ok(len, pb < 0 ? -pb : pb, &bound) || !add_ok(bound, pa < 0 ? -pa : pa, &bound) ||
        !add_ok(bound, extent, &bound) || !add_ok(bound, s, &bound))
        return JCONV_ERR_OVERFLOW;
    const int64_t padded = len + pb + pa;  // |padded| <= bound
    if (extent > padded) return JCONV_ERR_INVALID;  // a crop (or no pad) leaving no window
    *out = (padded - extent) / s + 1;
    return JCONV_OK;
}

}  // namespace

int64_t axis_output_size(const jconv_desc* d, int axis) {
    if (!d || d->rank < 1 || d->rank > JCONV_MAX_RANK || axis < 0 || axis >= d->rank) return -1;
    int64_t out;
    return check_axis(d, axis, &out) == JCONV_OK ? out : -1;
}

int build_geometry(const jconv_desc* d, Geometry* g) {
    if (!d || !g) return JCONV_ERR_NULL;
    if (d->rank < 1 || d->rank > JCONV_MAX_RANK) return JCONV_ERR_INVALID;
    if (d->dtype != JCONV_F32 && d->dtype != JCONV_F64) return JCONV_ERR_INVALID;
    if (d->layout != JCONV_CHANNELS_FIRST && d->layout != JCONV_CHANNELS_LAST) return JCONV_ERR_INVALID;
    if (d->border < JCONV_BORDER_CONSTANT || d->border > JCONV_BORDER_EMPTY) return JCONV_ERR_INVALID;
    if (d->has_bias != 0 && d->has_bias != 1) return JCONV_ERR_INVALID;
    if (d->num_threads < 0) return JCONV_ERR_INVALID;
    if (d->batch < 1 || d->in_channels < 1 || d->out_channels < 1 || d->groups < 1) return JCONV_ERR_INVALID;
    if (d->in_channels % d->groups != 0 || d->out_channels % d->groups != 0) return JCONV_ERR_INVALID;

    // Every invalid field is reported before any overflow.
    int status = JCONV_OK;
    int64_t outs[JCONV_MAX_RANK];
    for (int i = 0; i < d->rank; ++i) {
        int st = check_axis(d, i, &outs[i]);
        if (st == JCONV_ERR_INVALID) return st;
        if (st != JCONV_OK) status = st;
    }
    if (status != JCONV_OK) return status;

    g->rank = d->rank;
    g->dtype = d->dtype;
    g->layout = d->layout;
    g->border = d->border;
    g->border_value = d->border == JCONV_BORDER_EMPTY ? 0.0 : d->border_value;
    g->N = d->batch;
    g->C = d->in_channels;
    g->O = d->out_channels;
    g->G = d->groups;
    g->Cg = g->C / g->G;
    g->Og = g->O / g->G;
    g->has_bias = d->has_bias == 1;
    g->threads = d->num_threads;
    g->elem_bytes = d->dtype == JCONV_F32 ? 4 : 8;

    const int lift = kAxes - d->rank;
    for (int a = 0; a < kAxes; ++a) {
        Axis& ax = g->ax[a];
        if (a < lift) {
            ax = Axis{1, 1, 0, 1, 1, 1, 1};
        } else {
            const int i = a - lift;
            ax = Axis{d->in_size[i], d->kernel_size[i], d->pad_before[i], d->stride[i], d->dilation[i], outs[i],
                      d->input_dilation[i]};
        }
    }

    // Element counts, then byte counts, of every buffer the caller hands over.
    bool ok = true;
    int64_t in_sp = 1, k_sp = 1, out_sp = 1;
    for (int a = 0; a < kAxes; ++a) {
        ok = ok && mul_ok(in_sp, g->ax[a].n, &in_sp) && mul_ok(k_sp, g->ax[a].k, &k_sp) &&
             mul_ok(out_sp, g->ax[a].out, &out_sp);
    }
    int64_t in_e = 0, k_e = 0, out_e = 0, bytes = 0;
    ok = ok && mul_ok(g->N, g->C, &in_e) && mul_ok(in_e, in_sp, &in_e);
    ok = ok && mul_ok(g->O, g->Cg, &k_e) && mul_ok(k_e, k_sp, &k_e);
    ok = ok && mul_ok(g->N, g->O, &out_e) && mul_ok(out_e, out_sp, &out_e);
    ok = ok && mul_ok(in_e, g->elem_bytes, &bytes) && mul_ok(k_e, g->elem_bytes, &bytes) &&
         mul_ok(out_e, g->elem_bytes, &bytes) && mul_ok(g->O, g->elem_bytes, &bytes);
    if (!ok) return JCONV_ERR_OVERFLOW;
    g->in_sp = in_sp;
    g->k_sp = k_sp;
    g->out_sp = out_sp;
    g->in_elems = in_e;
    g->kernel_elems = k_e;
    g->out_elems = out_e;
    g->bias_elems = g->has_bias ? g->O : 0;

    return JCONV_OK;
}

bool input_dilated(const Geometry& g) {
    for (const Axis& a : g.ax)
        if (a.id > 1) return true;
    return false;
}

bool has_holes(const Geometry& g) {
    if (input_dilated(g)) return true;
    if (g.border != JCONV_BORDER_EMPTY) return false;
    // With no positive pad every tap reads inside the input: an empty border is never reached.
    for (const Axis& a : g.ax)
        if (a.pb > 0 || (a.out - 1) * a.s + (a.k - 1) * a.d - a.pb >= a.n) return true;
    return false;
}

}  // namespace jconv

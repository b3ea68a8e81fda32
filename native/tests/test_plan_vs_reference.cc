// Every algorithm against the naive oracle on a randomized grid of small specs: rank 1/2/3,
// every border mode with pads up to twice the input, asymmetric pads, crops (negative pads),
// odd and even kernels, strides, dilations, groups (depthwise and multipliers), batch, both
// dtypes and layouts, bias on/off, BLAS thread counts, im2col blocks from one pixel to all,
// and transposed convolutions (input dilation 1..3 with the pads of a transposed convolution's
// crop and output length, or arbitrary ones), each of those run by gemm+col2im run again
// through the generic input-dilated im2col+gemm. Outputs start as NaN,
// workspaces as garbage (sometimes misaligned), guards surround every buffer, the caller's
// kernel is destroyed after plan creation, and each plan runs twice on a dirty workspace.
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "plan.h"
#include "test_common.h"

namespace {

using Rng = std::mt19937_64;

int64_t uni(Rng& rng, int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); }

enum Target { kImage, kDepthwise, kOneByOne, kGeneral, kAny, kTransposed, kTargets };

bool zero_border(int border) { return border == JCONV_BORDER_CONSTANT || border == JCONV_BORDER_EMPTY; }

// Input dilation and the pads of a transposed convolution (SEMANTICS.md 3.1: crop head and
// output length out give pads (dk-1-head, out+head-(n-1)s-1)), or arbitrary pads, crops
// included. Stride 1 mostly (gemm+col2im), sometimes more (the generic path).
void make_transposed(Rng& rng, jconv_desc& d) {
    d.border = uni(rng, 0, 1) ? JCONV_BORDER_EMPTY : JCONV_BORDER_CONSTANT;
    for (int a = 0; a < d.rank; ++a) {
        const int64_t n = d.in_size[a], s = uni(rng, 1, 3);
        d.input_dilation[a] = s;
        d.stride[a] = uni(rng, 0, 4) == 0 ? uni(rng, 2, 3) : 1;
        const int64_t dk = d.dilation[a] * (d.kernel_size[a] - 1) + 1, L = (n - 1) * s + 1;
        if (uni(rng, 0, 2) > 0) {
            const int64_t full = L - 1 + dk;  // the scatter's length
            const int64_t head = uni(rng, 0, 3) == 0 ? 0 : uni(rng, 0, full - 1);
            const int64_t out = uni(rng, 1, std::max<int64_t>(1, full - head + 2 * s));
            d.pad_before[a] = dk - 1 - head;
            d.pad_after[a] = out + head - L;
        } else {
            d.pad_before[a] = uni(rng, -L, dk + 1);
            d.pad_after[a] = uni(rng, -L, dk + 1);
        }
    }
    if (uni(rng, 0, 5) == 0) d.input_dilation[uni(rng, 0, d.rank - 1)] = 1;  // mixed axes
}

jconv_desc random_desc(Rng& rng, Target target) {
    jconv_desc d;
    jconv_desc_init(&d);
    static const int ranks[] = {1, 2, 2, 2, 3};
    d.rank = ranks[uni(rng, 0, 4)];
    d.dtype = static_cast<int32_t>(uni(rng, 0, 1));
    d.layout = static_cast<int32_t>(uni(rng, 0, 1));
    d.border = static_cast<int32_t>(uni(rng, 0, 5));
    static const double values[] = {0.0, 0.0, 1.5, -2.25};
    d.border_value = values[uni(rng, 0, 3)];
    d.batch = uni(rng, 1, 2);
    d.has_bias = static_cast<int32_t>(uni(rng, 0, 1));
    d.num_threads = static_cast<int32_t>(uni(rng, 0, 2));

    // Occasionally a long innermost axis, so the direct loops' vector blocks are reached.
    const bool wide = uni(rng, 0, 4) == 0 && (target == kImage || target == kDepthwise || target == kAny);
    const int64_t max_n = d.rank == 3 ? 4 : d.rank == 2 ? 7 : 12;
    for (int a = 0; a < d.rank; ++a) {
        const bool inner = a == d.rank - 1;
        d.in_size[a] = (wide && inner) ? uni(rng, 60, 200) : uni(rng, 1, wide ? 3 : max_n);
        d.kernel_size[a] = uni(rng, 1, (d.rank == 1 || (wide && inner)) ? 6 : 4);
        d.dilation[a] = uni(rng, 0, 3) == 0 ? uni(rng, 2, 3) : 1;
        d.stride[a] = uni(rng, 0, 2) == 0 ? uni(rng, 2, 3) : 1;
        for (int64_t* pad : {&d.pad_before[a], &d.pad_after[a]}) {
            const int64_t kind = uni(rng, 0, 9);
            *pad = kind < 4 ? 0 : kind < 8 ? uni(rng, 1, d.kernel_size[a]) : uni(rng, d.in_size[a], 2 * d.in_size[a] + 3);
            // A crop, where the border allows it.
            if (kind == 3 && zero_border(d.border)) *pad = -uni(rng, 1, d.in_size[a]);
        }
    }
    switch (target) {
        case kImage:
            d.in_channels = d.out_channels = d.groups = 1;
            break;
        case kDepthwise: {
            const int64_t C = uni(rng, 1, 5), M = uni(rng, C == 1 ? 2 : 1, 3);
            d.in_channels = d.groups = C;
            d.out_channels = C * M;
            break;
        }
        case kOneByOne:
            for (int a = 0; a < d.rank; ++a) {
                d.kernel_size[a] = d.stride[a] = 1;
                d.pad_before[a] = d.pad_after[a] = 0;
            }
            [[fallthrough]];
        case kGeneral:
        case kAny:
        case kTransposed: {
            const int64_t G = uni(rng, 1, 3), Cg = uni(rng, target == kGeneral ? 2 : 1, 3), Og = uni(rng, 1, 3);
            d.groups = G;
            d.in_channels = G * Cg;
            d.out_channels = G * Og;
            break;
        }
        default:
            break;
    }
    if (target == kGeneral && d.in_channels == 1 && d.out_channels == 1) d.out_channels = d.groups = 1;
    if (target == kTransposed) make_transposed(rng, d);
    // Make the kernel fit the padded input (the core refuses it otherwise).
    for (int a = 0; a < d.rank; ++a) {
        const int64_t extent = d.dilation[a] * (d.kernel_size[a] - 1) + 1;
        const int64_t padded = ref::dilated_size(d, a) + d.pad_before[a] + d.pad_after[a];
        if (extent > padded) d.pad_after[a] += extent - padded;
    }
    return d;
}

template <class T>
void fill_random(Rng& rng, T* p, int64_t n) {
    std::uniform_real_distribution<double> dist(-1.0, 1.0);
    for (int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(dist(rng));
}

struct Stats {
    int64_t cases = 0, failures = 0, outputs = 0;
    std::map<std::string, int64_t> per_algo;
    std::map<std::string, int64_t> per_algo_crop;  // cases with a negative pad
    std::string last_algo;  // of the last case run
};

// forced: the algorithm to force (jconv::force_algorithm), or nullptr for the chooser's.
template <class T>
bool run_case(Rng& rng, const jconv_desc& d, Stats& st, const char* forced = nullptr) {
    const std::string spec = tst::describe(d);
    if (jconv_desc_validate(&d) != JCONV_OK) {
        std::printf("FAIL: generator produced an invalid spec (%d): %s\n", jconv_desc_validate(&d), spec.c_str());
        return false;
    }
    const int64_t ni = jconv_input_elements(&d), nk = jconv_kernel_elements(&d), no = jconv_output_elements(&d);
    const T nan = std::numeric_limits<T>::quiet_NaN();
    tst::Guarded<T> x(ni, nan), w(nk, nan), b(d.out_channels, nan), y(no, T(12345.0));
    fill_random(rng, x.data(), ni);
    fill_random(rng, w.data(), nk);
    fill_random(rng, b.data(), d.out_channels);
    for (int64_t i = 0; i < no; ++i) y[i] = nan;

    // Blocks from a single pixel up to the default size.
    const int64_t budget_kind = uni(rng, 0, 2);
    jconv::set_im2col_tiling(budget_kind == 0 ? 0 : budget_kind == 1 ? 1 : uni(rng, 64, 2048), budget_kind == 0 ? 0 : 1);
    jconv_plan* plan = nullptr;
    jconv::force_algorithm(forced);
    int status = jconv_plan_create(&d, w.data(), d.has_bias ? b.data() : nullptr, &plan);
    jconv::force_algorithm(nullptr);
    jconv::set_im2col_tiling(0, 0);
    st.last_algo.clear();
    if (status != JCONV_OK || !plan) {
        std::printf("FAIL: plan_create -> %d (%s) for %s\n", status, jconv_status_string(status), spec.c_str());
        return false;
    }
    const ref::Result want = ref::conv<T>(d, x.data(), w.data(), b.data());
    // The plan owns copies: the caller's kernel and bias may go away.
    for (int64_t i = 0; i < nk; ++i) w[i] = nan;
    for (int64_t i = 0; i < d.out_channels; ++i) b[i] = nan;

    st.last_algo = jconv_plan_algorithm(plan);
    const std::string algo = st.last_algo + (forced ? " (forced)" : "");
    if (forced && algo != std::string(forced) + " (forced)") {
        std::printf("FAIL: forcing %s gave %s for %s\n", forced, jconv_plan_algorithm(plan), spec.c_str());
        jconv_plan_destroy(plan);
        ++st.failures;
        return false;
    }
    const int64_t wsb = jconv_plan_workspace_size(plan);
    tst::Workspace ws(wsb, uni(rng, 0, 1) ? 0 : 8 * uni(rng, 1, 7));
    bool ok = true;
    for (int rep = 0; rep < 2 && ok; ++rep) {
        if (std::is_same<T, float>::value) {
            status = jconv_plan_run_f32(plan, (const float*)x.data(), (float*)y.data(), ws.data(), wsb);
        } else {
            status = jconv_plan_run_f64(plan, (const double*)x.data(), (double*)y.data(), ws.data(), wsb);
        }
        if (status != JCONV_OK) {
            std::printf("FAIL: run -> %d for %s [%s]\n", status, spec.c_str(), algo.c_str());
            ok = false;
            break;
        }
        const int64_t bad = tst::compare(d, y.data(), want);
        if (bad) {
            std::printf("FAIL: %lld of %lld outputs wrong [%s, run %d]\n", (long long)bad, (long long)no, algo.c_str(), rep);
            ok = false;
        }
        if (!y.guards_intact() || !x.guards_intact() || !ws.guard_intact()) {
            std::printf("FAIL: write outside a buffer [%s]: %s\n", algo.c_str(), spec.c_str());
            ok = false;
        }
        for (int64_t i = 0; i < no; ++i) y[i] = nan;
    }
    jconv_plan_destroy(plan);
    ++st.cases;
    st.outputs += no;
    ++st.per_algo[algo];
    bool crop = false;
    for (int a = 0; a < d.rank; ++a) crop = crop || d.pad_before[a] < 0 || d.pad_after[a] < 0;
    if (crop) ++st.per_algo_crop[algo];
    if (!ok) ++st.failures;
    return ok;
}

// Scaled-down benchmark shapes (shared/bench/suite.json): realistic widths and channel
// counts for the vector blocks and GEMM blocking, every layout and dtype.
std::vector<jconv_desc> medium_descs() {
    struct M {
        int64_t C, O, G, H, W, k, stride, pad_lo, pad_hi, dil;
        int border;
    };
    const M shapes[] = {
        {1, 1, 1, 40, 150, 7, 1, 3, 3, 1, JCONV_BORDER_SYMMETRIC},  // img1024_k7
        {1, 1, 1, 20, 45, 31, 1, 30, 30, 1, JCONV_BORDER_CONSTANT},  // img512_k31, 'full'
        {1, 1, 1, 8, 8, 3, 1, 1, 1, 1, JCONV_BORDER_CONSTANT},      // seed8x8
        {3, 16, 1, 30, 31, 7, 2, 3, 3, 1, JCONV_BORDER_CONSTANT},   // r50_conv1
        {16, 24, 1, 19, 23, 3, 1, 1, 1, 1, JCONV_BORDER_REFLECT},   // r50_3x3
        {32, 16, 1, 9, 13, 1, 1, 0, 0, 1, JCONV_BORDER_CONSTANT},   // r50_1x1
        {24, 24, 24, 20, 57, 3, 1, 1, 1, 1, JCONV_BORDER_EDGE},     // mbv2_dw
        {16, 16, 1, 16, 16, 3, 1, 2, 2, 2, JCONV_BORDER_CIRCULAR},  // dilated_3x3
    };
    std::vector<jconv_desc> out;
    // Transposed: conv_transpose2d(16 -> 12, k4, s2, p1) on 9x13 (head 1, out 2n), channels
    // grouped by 2, and a 3-D one (8 -> 4, k3, s2, p1, output_padding 1) on 3x4x5.
    for (int dtype : {JCONV_F32, JCONV_F64})
        for (int layout : {JCONV_CHANNELS_FIRST, JCONV_CHANNELS_LAST})
            for (int rank : {2, 3}) {
                jconv_desc d;
                jconv_desc_init(&d);
                d.rank = rank;
                d.dtype = dtype;
                d.layout = layout;
                d.border = rank == 2 ? JCONV_BORDER_EMPTY : JCONV_BORDER_CONSTANT;
                d.batch = 2;
                d.in_channels = rank == 2 ? 16 : 8;
                d.out_channels = rank == 2 ? 12 : 4;
                d.groups = rank == 2 ? 2 : 1;
                d.has_bias = 1;
                const int64_t n2[2] = {9, 13}, n3[3] = {3, 4, 5};
                for (int a = 0; a < rank; ++a) {
                    const int64_t n = rank == 2 ? n2[a] : n3[a], k = rank == 2 ? 4 : 3, s = 2, head = 1;
                    const int64_t out = (n - 1) * s - 2 * head + k + (rank == 3 ? 1 : 0);
                    d.in_size[a] = n;
                    d.kernel_size[a] = k;
                    d.input_dilation[a] = s;
                    d.pad_before[a] = k - 1 - head;
                    d.pad_after[a] = out + head - (n - 1) * s - 1;
                }
                out.push_back(d);
            }
    for (const M& m : shapes)
        for (int dtype : {JCONV_F32, JCONV_F64})
            for (int layout : {JCONV_CHANNELS_FIRST, JCONV_CHANNELS_LAST}) {
                jconv_desc d;
                jconv_desc_init(&d);
                d.dtype = dtype;
                d.layout = layout;
                d.border = m.border;
                d.batch = 2;
                d.in_channels = m.C;
                d.out_channels = m.O;
                d.groups = m.G;
                d.has_bias = 1;
                d.in_size[0] = m.H;
                d.in_size[1] = m.W;
                for (int a = 0; a < 2; ++a) {
                    d.kernel_size[a] = m.k;
                    d.stride[a] = m.stride;
                    d.dilation[a] = m.dil;
                    d.pad_before[a] = m.pad_lo;
                    d.pad_after[a] = m.pad_hi;
                }
                out.push_back(d);
            }
    return out;
}

// Strided rows of every length around the vector widths: im2col's stride-2 gather handles
// whole vectors, then the last few outputs as one vector overlapping the previous one, and
// runs of at most one vector element by element; stride 3 takes the element loop. Widths
// 1..40 with k 7 / pad 3 (r50_conv1's row shape) and k 3 / pad 1, every border, both dtypes.
std::vector<jconv_desc> strided_row_descs() {
    std::vector<jconv_desc> out;
    const int borders[] = {JCONV_BORDER_CONSTANT, JCONV_BORDER_REFLECT, JCONV_BORDER_SYMMETRIC, JCONV_BORDER_EDGE,
                           JCONV_BORDER_CIRCULAR};
    for (int dtype : {JCONV_F32, JCONV_F64})
        for (int64_t stride : {2, 3})
            for (int64_t k : {3, 7})
                for (int64_t w = 1; w <= 40; ++w) {
                    jconv_desc d;
                    jconv_desc_init(&d);
                    d.dtype = dtype;
                    d.border = borders[(w + k + stride) % 5];
                    d.in_channels = 2;
                    d.out_channels = 3;
                    d.in_size[0] = 5;
                    d.in_size[1] = w + k;  // reflect needs pad < n
                    for (int a = 0; a < 2; ++a) {
                        d.kernel_size[a] = k;
                        d.stride[a] = stride;
                        d.pad_before[a] = d.pad_after[a] = k / 2;
                    }
                    out.push_back(d);
                }
    return out;
}


// Runs d with the chooser's algorithm; a gemm+col2im case runs once more through the generic
// input-dilated im2col+gemm. Returns the number of cases run.
int64_t run_both(Rng& rng, const jconv_desc& d, Stats& st) {
    const bool f32 = d.dtype == JCONV_F32;
    f32 ? run_case<float>(rng, d, st) : run_case<double>(rng, d, st);
    if (st.last_algo != "gemm+col2im") return 1;
    f32 ? run_case<float>(rng, d, st, "im2col+gemm") : run_case<double>(rng, d, st, "im2col+gemm");
    return 2;
}

}  // namespace

int main() {
    Rng rng(20240611);
    Stats st;
    const int kRandom = 24000;
    const std::vector<jconv_desc> medium = medium_descs();
    int64_t expected = 0;
    for (int i = 0; i < kRandom; ++i) {
        const Target target = static_cast<Target>(i % kTargets);
        const jconv_desc d = random_desc(rng, target);
        expected += run_both(rng, d, st);
        if (st.failures >= 20) break;
    }
    for (const jconv_desc& d : medium) {
        if (st.failures >= 20) break;
        expected += run_both(rng, d, st);
    }
    const std::vector<jconv_desc> strided = strided_row_descs();
    for (const jconv_desc& d : strided) {
        if (st.failures >= 20) break;
        expected += run_both(rng, d, st);
    }
    if (st.failures >= 20) std::printf("too many failures, stopped early\n");
    bool pass = st.failures == 0 && st.cases == expected && expected >= kRandom + (int64_t)(medium.size() + strided.size());
    std::printf("per algorithm:");
    for (const auto& kv : st.per_algo) std::printf(" %s=%lld", kv.first.c_str(), (long long)kv.second);
    std::printf("\nwith crops (negative pads):");
    for (const auto& kv : st.per_algo_crop) std::printf(" %s=%lld", kv.first.c_str(), (long long)kv.second);
    std::printf("\n");
    const std::pair<const char*, int64_t> minimum[] = {
        {"im2col+gemm", 2000}, {"gemm-1x1", 2000}, {"depthwise-direct", 2000}, {"direct-image", 2000},
        {"gemm+col2im", 1000}, {"im2col+gemm (forced)", 1000}};
    for (const auto& m : minimum) {
        if (st.per_algo[m.first] < m.second) {
            std::printf("FAIL: only %lld cases reached %s\n", (long long)st.per_algo[m.first], m.first);
            pass = false;
        }
        // gemm-1x1 takes no pads at all, crops included.
        if (std::string(m.first) != "gemm-1x1" && st.per_algo_crop[m.first] < m.second / 20) {
            std::printf("FAIL: only %lld cases with crops reached %s\n", (long long)st.per_algo_crop[m.first], m.first);
            pass = false;
        }
    }
    std::printf("test_plan_vs_reference: %s, %lld cases checked (%lld outputs), %lld failures\n",
                pass ? "PASS" : "FAIL", (long long)st.cases, (long long)st.outputs, (long long)st.failures);
    return pass ? 0 : 1;
}

// Border modes against numpy.pad: a table of numpy's own results (SEMANTICS.md 1.2 and pads
// wider than the input), an independent iterative construction of the padded array for every
// small size and asymmetric pad, the interior ranges the fast loops rely on, and one 2-D
// convolution per mode whose expected output is built from the explicitly padded image.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "border.h"
#include "jconv/jconv.h"

namespace {

int g_checks = 0, g_failures = 0;

void expect(bool ok, const std::string& what) {
    ++g_checks;
    if (!ok) {
        ++g_failures;
        if (g_failures <= 20) std::printf("FAIL: %s\n", what.c_str());
    }
}

int mode_of(const std::string& name) {
    if (name == "constant") return JCONV_BORDER_CONSTANT;
    if (name == "reflect") return JCONV_BORDER_REFLECT;
    if (name == "symmetric") return JCONV_BORDER_SYMMETRIC;
    if (name == "edge") return JCONV_BORDER_EDGE;
    return JCONV_BORDER_CIRCULAR;  // numpy 'wrap'
}
const char* name_of(int mode) {
    static const char* names[] = {"constant", "reflect", "symmetric", "edge", "circular"};
    return names[mode];
}

// np.pad(np.arange(1, n+1), (pb, pa), mode), printed by numpy 2.4.6 (the closed forms were
// also checked there for n <= 6 and every pad pair below 20).
struct NumpyCase {
    int n, pb, pa;
    const char* mode;
    std::vector<int> padded;
};
const NumpyCase kNumpy[] = {
    {4, 2, 2, "constant", {0, 0, 1, 2, 3, 4, 0, 0}},
    {4, 2, 2, "reflect", {3, 2, 1, 2, 3, 4, 3, 2}},
    {4, 2, 2, "symmetric", {2, 1, 1, 2, 3, 4, 4, 3}},
    {4, 2, 2, "edge", {1, 1, 1, 2, 3, 4, 4, 4}},
    {4, 2, 2, "wrap", {3, 4, 1, 2, 3, 4, 1, 2}},
    {3, 7, 7, "constant", {0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0}},
    {3, 7, 7, "reflect", {2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2}},
    {3, 7, 7, "symmetric", {1, 1, 2, 3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1, 2, 3, 3}},
    {3, 7, 7, "edge", {1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3}},
    {3, 7, 7, "wrap", {3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1}},
    {1, 3, 4, "constant", {0, 0, 0, 1, 0, 0, 0, 0}},
    {1, 3, 4, "reflect", {1, 1, 1, 1, 1, 1, 1, 1}},
    {1, 3, 4, "symmetric", {1, 1, 1, 1, 1, 1, 1, 1}},
    {1, 3, 4, "edge", {1, 1, 1, 1, 1, 1, 1, 1}},
    {1, 3, 4, "wrap", {1, 1, 1, 1, 1, 1, 1, 1}},
    {2, 5, 1, "constant", {0, 0, 0, 0, 0, 1, 2, 0}},
    {2, 5, 1, "reflect", {2, 1, 2, 1, 2, 1, 2, 1}},
    {2, 5, 1, "symmetric", {1, 1, 2, 2, 1, 1, 2, 2}},
    {2, 5, 1, "edge", {1, 1, 1, 1, 1, 1, 2, 2}},
    {2, 5, 1, "wrap", {2, 1, 2, 1, 2, 1, 2, 1}},
    {5, 9, 3, "constant", {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 0, 0, 0}},
    {5, 9, 3, "reflect", {2, 1, 2, 3, 4, 5, 4, 3, 2, 1, 2, 3, 4, 5, 4, 3, 2}},
    {5, 9, 3, "symmetric", {2, 3, 4, 5, 5, 4, 3, 2, 1, 1, 2, 3, 4, 5, 5, 4, 3}},
    {5, 9, 3, "edge", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5}},
    {5, 9, 3, "wrap", {2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3}},
    {3, 0, 8, "constant", {1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0}},
    {3, 0, 8, "reflect", {1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3}},
    {3, 0, 8, "symmetric", {1, 2, 3, 3, 2, 1, 1, 2, 3, 3, 2}},
    {3, 0, 8, "edge", {1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3}},
    {3, 0, 8, "wrap", {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2}},
    {4, 11, 0, "constant", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4}},
    {4, 11, 0, "reflect", {2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4}},
    {4, 11, 0, "symmetric", {3, 2, 1, 1, 2, 3, 4, 4, 3, 2, 1, 1, 2, 3, 4}},
    {4, 11, 0, "edge", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4}},
    {4, 11, 0, "wrap", {2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4}},
};

// The core's mapping applied to [1..n]: 0 stands for the constant.
std::vector<int> pad_with_core(int n, int pb, int pa, int mode) {
    std::vector<int> out;
    for (int p = -pb; p < n + pa; ++p) {
        const int64_t idx = jconv::border_index(p, n, mode);
        out.push_back(idx < 0 ? 0 : static_cast<int>(idx) + 1);
    }
    return out;
}

// numpy's way: grow the array a chunk at a time, each chunk copied (mirrored, wrapped or
// repeated) from what is already there. A chunk never exceeds one period, so each mirror is
// taken about an edge of a complete period -- which is what makes the result periodic.
std::vector<int> pad_iteratively(int n, int pb, int pa, int mode) {
    std::vector<int> v;
    for (int i = 1; i <= n; ++i) v.push_back(i);
    int left = pb, right = pa;
    const int chunk_max = mode == JCONV_BORDER_REFLECT ? std::max(n - 1, 1) : n;
    while (left > 0 || right > 0) {
        if (left > 0) {
            const int c = std::min(left, chunk_max);
            std::vector<int> add(c);
            for (int j = 0; j < c; ++j) {  // add[c-1-j] lands at position -1-j
                int val;
                switch (mode) {
                    case JCONV_BORDER_CONSTANT: val = 0; break;
                    case JCONV_BORDER_EDGE: val = v.front(); break;
                    case JCONV_BORDER_SYMMETRIC: val = v[j]; break;
                    case JCONV_BORDER_REFLECT: val = n == 1 ? v[0] : v[j + 1]; break;
                    default: val = v[n - 1 - j]; break;  // circular: one period back
                }
                add[c - 1 - j] = val;
            }
            v.insert(v.begin(), add.begin(), add.end());
            left -= c;
        }
        if (right > 0) {
            const int c = std::min(right, chunk_max);
            const int len = static_cast<int>(v.size());
            std::vector<int> add(c);
            for (int j = 0; j < c; ++j) {  // add[j] lands at position len + j
                switch (mode) {
                    case JCONV_BORDER_CONSTANT: add[j] = 0; break;
                    case JCONV_BORDER_EDGE: add[j] = v.back(); break;
                    case JCONV_BORDER_SYMMETRIC: add[j] = v[len - 1 - j]; break;
                    case JCONV_BORDER_REFLECT: add[j] = n == 1 ? v[len - 1] : v[len - 2 - j]; break;
                    default: add[j] = v[len - n + j]; break;
                }
            }
            v.insert(v.end(), add.begin(), add.end());
            right -= c;
        }
    }
    return v;
}

std::string show(const std::vector<int>& v) {
    std::string s;
    for (int x : v) s += std::to_string(x) + " ";
    return s;
}

void check_numpy_table() {
    for (const NumpyCase& c : kNumpy) {
        const int mode = mode_of(c.mode);
        const std::vector<int> got = pad_with_core(c.n, c.pb, c.pa, mode);
        expect(got == c.padded, std::string("numpy table ") + c.mode + " n=" + std::to_string(c.n) + " pads " +
                                    std::to_string(c.pb) + "," + std::to_string(c.pa) + ": got " + show(got) +
                                    "want " + show(c.padded));
        expect(pad_iteratively(c.n, c.pb, c.pa, mode) == c.padded,
               std::string("iterative construction disagrees with numpy for ") + c.mode);
    }
}

void check_iterative() {
    for (int mode = 0; mode <= 4; ++mode)
        for (int n = 1; n <= 9; ++n)
            for (int pb = 0; pb <= 30; ++pb)
                for (int pa = 0; pa <= 30; pa += (pa < 5 ? 1 : 7)) {
                    const auto want = pad_iteratively(n, pb, pa, mode);
                    const auto got = pad_with_core(n, pb, pa, mode);
                    expect(got == want, std::string(name_of(mode)) + " n=" + std::to_string(n) + " pads " +
                                            std::to_string(pb) + "," + std::to_string(pa) + ": got " + show(got) +
                                            "want " + show(want));
                }
    // Far from the input the closed forms must still land inside it.
    for (int mode = 1; mode <= 4; ++mode)
        for (int64_t n : {1, 2, 3, 1000}) {
            for (int64_t p : {-(int64_t(1) << 40), (int64_t(1) << 40) + 3, -n - 1, 2 * n + 5}) {
                const int64_t i = jconv::border_index(p, n, mode);
                expect(i >= 0 && i < n, std::string("far index in range for ") + name_of(mode));
            }
        }
}

// interior_range against brute force: [lo, hi) are exactly the outputs reading inside.
void check_interior_ranges() {
    std::mt19937 rng(7);
    for (int t = 0; t < 20000; ++t) {
        jconv::Axis a;
        a.n = 1 + rng() % 9;
        a.k = 1 + rng() % 5;
        a.d = 1 + rng() % 3;
        a.s = 1 + rng() % 3;
        a.pb = static_cast<int64_t>(rng() % 18) - 6;  // crops included
        const int64_t pa = static_cast<int64_t>(rng() % 18) - 6;
        const int64_t extent = a.d * (a.k - 1) + 1, padded = a.n + a.pb + pa;
        if (extent > padded) continue;
        a.out = (padded - extent) / a.s + 1;
        const int64_t off = (rng() % a.k) * a.d;
        int64_t lo, hi;
        jconv::interior_range(a, off, &lo, &hi);
        bool ok = 0 <= lo && lo <= hi && hi <= a.out;
        for (int64_t i = 0; i < a.out && ok; ++i) {
            const int64_t p = i * a.s + off - a.pb;
            ok = (p >= 0 && p < a.n) == (i >= lo && i < hi);
        }
        expect(ok, "interior_range n=" + std::to_string(a.n) + " off=" + std::to_string(off));
    }
}

// sample_index against an explicitly dilated axis: [x0, 0, 0, x1, 0, 0, x2] for id = 3,
// with the border (constant) or nothing (empty) around it.
void check_sample_index() {
    for (int64_t n = 1; n <= 5; ++n)
        for (int64_t id = 1; id <= 4; ++id)
            for (int mode : {JCONV_BORDER_CONSTANT, JCONV_BORDER_EMPTY}) {
                std::vector<int64_t> dilated;  // sample index or kNothing
                for (int64_t m = 0; m < n; ++m) {
                    if (m) dilated.insert(dilated.end(), static_cast<size_t>(id - 1), jconv::kNothing);
                    dilated.push_back(m);
                }
                jconv::Axis a{n, 1, 0, 1, 1, 1, id};
                expect(a.dilated_length() == static_cast<int64_t>(dilated.size()), "dilated length");
                for (int64_t p = -7; p < static_cast<int64_t>(dilated.size()) + 7; ++p) {
                    int64_t want = mode == JCONV_BORDER_EMPTY ? jconv::kNothing : jconv::kBorder;
                    if (p >= 0 && p < static_cast<int64_t>(dilated.size())) want = dilated[static_cast<size_t>(p)];
                    expect(jconv::sample_index(a, p, mode) == want,
                           "sample_index n=" + std::to_string(n) + " id=" + std::to_string(id) + " p=" + std::to_string(p));
                }
            }
}

// 2-D, every mode, pads wider than the image: the core against a correlation of the
// explicitly padded image (built with the iterative construction on each axis).
void check_conv_against_padded_image() {
    const int H = 3, W = 4, R = 3, S = 2;
    const int pt = 5, pbm = 2, pl = 1, pr = 9;
    float img[H * W], ker[R * S];
    for (int i = 0; i < H * W; ++i) img[i] = static_cast<float>(i * i % 7) - 2.5f;
    for (int i = 0; i < R * S; ++i) ker[i] = static_cast<float>(i) * 0.5f - 1.0f;
    for (int mode = 0; mode <= 4; ++mode) {
        // Pad rows by index, then columns: numpy.pad does the axes one after the other.
        const auto rows = pad_iteratively(H, pt, pbm, mode), cols = pad_iteratively(W, pl, pr, mode);
        const int PH = H + pt + pbm, PW = W + pl + pr;
        const float bv = 0.75f;
        std::vector<float> padded(PH * PW);
        for (int i = 0; i < PH; ++i)
            for (int j = 0; j < PW; ++j)
                padded[i * PW + j] = (rows[i] == 0 || cols[j] == 0) ? bv : img[(rows[i] - 1) * W + cols[j] - 1];
        const int OH = PH - R + 1, OW = PW - S + 1;

        jconv_desc d;
        jconv_desc_init(&d);
        d.border = mode;
        d.border_value = bv;
        d.in_size[0] = H;
        d.in_size[1] = W;
        d.kernel_size[0] = R;
        d.kernel_size[1] = S;
        d.pad_before[0] = pt;
        d.pad_after[0] = pbm;
        d.pad_before[1] = pl;
        d.pad_after[1] = pr;
        jconv_plan* plan = nullptr;
        expect(jconv_plan_create(&d, ker, nullptr, &plan) == JCONV_OK, "create 2-D border plan");
        if (!plan) continue;
        std::vector<float> y(OH * OW, -1e30f);
        expect(jconv_output_elements(&d) == OH * OW, "2-D output size");
        expect(jconv_plan_run_f32(plan, img, y.data(), nullptr, 0) == JCONV_OK, "run 2-D border plan");
        for (int i = 0; i < OH; ++i)
            for (int j = 0; j < OW; ++j) {
                double acc = 0;
                for (int r = 0; r < R; ++r)
                    for (int s = 0; s < S; ++s) acc += double(padded[(i + r) * PW + j + s]) * ker[r * S + s];
                expect(std::abs(acc - y[i * OW + j]) <= 1e-5 * (1 + std::abs(acc)),
                       std::string("2-D ") + name_of(mode) + " at (" + std::to_string(i) + "," + std::to_string(j) +
                           ") got " + std::to_string(y[i * OW + j]) + " want " + std::to_string(acc));
            }
        jconv_plan_destroy(plan);
    }
}

}  // namespace

int main() {
    check_numpy_table();
    check_iterative();
    check_interior_ranges();
    check_sample_index();
    check_conv_against_padded_image();
    const bool pass = g_failures == 0;
    std::printf("test_border: %s, %d checks, %d failures\n", pass ? "PASS" : "FAIL", g_checks, g_failures);
    return pass ? 0 : 1;
}

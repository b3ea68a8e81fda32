// Invalid descriptors get the right status (and never crash), sizes overflow-checked, null
// pointers, workspace and dtype checks in run, algorithm choice on the benchmark shapes,
// and the small helpers.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "jconv/jconv.h"

namespace {

int g_checks = 0, g_failures = 0;

void expect(bool ok, const std::string& what) {
    ++g_checks;
    if (!ok) {
        ++g_failures;
        std::printf("FAIL: %s\n", what.c_str());
    }
}

jconv_desc base2d() {
    jconv_desc d;
    jconv_desc_init(&d);
    d.in_channels = 4;
    d.out_channels = 6;
    d.groups = 2;
    d.in_size[0] = 8;
    d.in_size[1] = 9;
    d.kernel_size[0] = 3;
    d.kernel_size[1] = 2;
    return d;
}

// The descriptor after mutate must validate to want, and create must refuse it the same way.
void expect_status(const char* what, int want, const std::function<void(jconv_desc&)>& mutate) {
    jconv_desc d = base2d();
    mutate(d);
    const int got = jconv_desc_validate(&d);
    expect(got == want, std::string(what) + ": validate -> " + std::to_string(got) + ", want " + std::to_string(want));
    if (want != JCONV_OK) {
        // A kernel buffer of one element: create must reject before reading it.
        float k = 0, b = 0;
        jconv_plan* plan = reinterpret_cast<jconv_plan*>(&k);
        const int st = jconv_plan_create(&d, &k, &b, &plan);
        expect(st == want && plan == nullptr, std::string(what) + ": create -> " + std::to_string(st));
        if (want != JCONV_ERR_UNSUPPORTED) {
            expect(jconv_input_elements(&d) == 0 && jconv_output_elements(&d) == 0 && jconv_kernel_elements(&d) == 0,
                   std::string(what) + ": element counts are 0");
        }
    }
}

void check_descriptors() {
    const int64_t big = int64_t(1) << 40;
    expect_status("base", JCONV_OK, [](jconv_desc&) {});
    expect_status("rank 0", JCONV_ERR_INVALID, [](jconv_desc& d) { d.rank = 0; });
    expect_status("rank 4", JCONV_ERR_INVALID, [](jconv_desc& d) { d.rank = 4; });
    expect_status("dtype 2", JCONV_ERR_INVALID, [](jconv_desc& d) { d.dtype = 2; });
    expect_status("layout -1", JCONV_ERR_INVALID, [](jconv_desc& d) { d.layout = -1; });
    expect_status("border 6", JCONV_ERR_INVALID, [](jconv_desc& d) { d.border = 6; });
    expect_status("border empty", JCONV_OK, [](jconv_desc& d) { d.border = JCONV_BORDER_EMPTY; d.pad_before[0] = 2; });
    expect_status("border -1", JCONV_ERR_INVALID, [](jconv_desc& d) { d.border = -1; });
    expect_status("batch 0", JCONV_ERR_INVALID, [](jconv_desc& d) { d.batch = 0; });
    expect_status("channels 0", JCONV_ERR_INVALID, [](jconv_desc& d) { d.in_channels = 0; });
    expect_status("out channels -3", JCONV_ERR_INVALID, [](jconv_desc& d) { d.out_channels = -3; });
    expect_status("groups 0", JCONV_ERR_INVALID, [](jconv_desc& d) { d.groups = 0; });
    expect_status("groups not dividing C", JCONV_ERR_INVALID, [](jconv_desc& d) { d.groups = 3; });
    expect_status("groups not dividing O", JCONV_ERR_INVALID, [](jconv_desc& d) { d.in_channels = 4; d.groups = 4; });
    expect_status("in size 0", JCONV_ERR_INVALID, [](jconv_desc& d) { d.in_size[1] = 0; });
    expect_status("kernel 0", JCONV_ERR_INVALID, [](jconv_desc& d) { d.kernel_size[0] = 0; });
    // Negative pads crop the input: constant and empty borders only.
    expect_status("pad -1 (a crop)", JCONV_OK, [](jconv_desc& d) { d.pad_after[1] = -1; });
    expect_status("pad -1, empty border", JCONV_OK, [](jconv_desc& d) { d.pad_before[0] = -1; d.border = JCONV_BORDER_EMPTY; });
    for (int mode : {JCONV_BORDER_REFLECT, JCONV_BORDER_SYMMETRIC, JCONV_BORDER_EDGE, JCONV_BORDER_CIRCULAR}) {
        expect_status(("pad -1 with border " + std::to_string(mode)).c_str(), JCONV_ERR_INVALID,
                      [mode](jconv_desc& d) { d.pad_before[1] = -1; d.border = mode; });
        expect_status(("input dilation 2 with border " + std::to_string(mode)).c_str(), JCONV_ERR_INVALID,
                      [mode](jconv_desc& d) { d.input_dilation[0] = 2; d.border = mode; });
    }
    // The crop may eat the whole window (in 9 columns, kernel 2): 9 - 4 - 3 = 2 is the least.
    expect_status("crop leaving one window", JCONV_OK, [](jconv_desc& d) { d.pad_before[1] = -4; d.pad_after[1] = -3; });
    expect_status("crop leaving nothing", JCONV_ERR_INVALID, [](jconv_desc& d) { d.pad_before[1] = -5; d.pad_after[1] = -3; });
    expect_status("crop of a dilated input leaving nothing", JCONV_ERR_INVALID, [](jconv_desc& d) {
        d.input_dilation[0] = 3;  // 8 rows -> 22
        d.pad_before[0] = -10; d.pad_after[0] = -11;
    });
    expect_status("crop of a dilated input leaving a window", JCONV_OK, [](jconv_desc& d) {
        d.input_dilation[0] = 3; d.pad_before[0] = -10; d.pad_after[0] = -9;
    });
    // Cropped past the whole input, padded after: every window reads the border. Defined.
    expect_status("crop past the input, pad after", JCONV_OK, [](jconv_desc& d) { d.pad_before[1] = -12; d.pad_after[1] = 6; });
    expect_status("stride 0", JCONV_ERR_INVALID, [](jconv_desc& d) { d.stride[0] = 0; });
    expect_status("dilation 0", JCONV_ERR_INVALID, [](jconv_desc& d) { d.dilation[1] = 0; });
    expect_status("input dilation 0", JCONV_ERR_INVALID, [](jconv_desc& d) { d.input_dilation[0] = 0; });
    expect_status("has_bias 2", JCONV_ERR_INVALID, [](jconv_desc& d) { d.has_bias = 2; });
    expect_status("threads -1", JCONV_ERR_INVALID, [](jconv_desc& d) { d.num_threads = -1; });
    expect_status("kernel longer than input", JCONV_ERR_INVALID, [](jconv_desc& d) { d.kernel_size[1] = 10; });
    expect_status("dilated kernel longer than input", JCONV_ERR_INVALID, [](jconv_desc& d) { d.dilation[0] = 4; });
    expect_status("dilated kernel fits the pads", JCONV_OK, [](jconv_desc& d) { d.dilation[0] = 4; d.pad_after[0] = 1; });
    expect_status("kernel fits only with pads", JCONV_OK, [](jconv_desc& d) { d.kernel_size[1] = 12; d.pad_before[1] = 3; });
    expect_status("axes beyond rank ignored", JCONV_OK, [](jconv_desc& d) {
        d.in_size[2] = -5; d.kernel_size[2] = 0; d.stride[2] = 0; d.pad_before[2] = -1; d.input_dilation[2] = 9;
    });
    expect_status("input dilation 2", JCONV_OK, [](jconv_desc& d) { d.input_dilation[1] = 2; });
    expect_status("input dilation 3, stride 2", JCONV_OK, [](jconv_desc& d) { d.input_dilation[0] = 3; d.stride[0] = 2; });
    expect_status("input dilation -1", JCONV_ERR_INVALID, [](jconv_desc& d) { d.input_dilation[1] = -1; });

    // Overflow: 2^40 in and out channels -> a kernel of 2^80 elements.
    expect_status("2^40 channels", JCONV_ERR_OVERFLOW, [&](jconv_desc& d) {
        d.in_channels = d.out_channels = big; d.groups = 1;
    });
    expect_status("2^40 channels grouped", JCONV_ERR_OVERFLOW, [&](jconv_desc& d) {
        d.in_channels = d.out_channels = big; d.groups = 2; d.in_size[0] = big;
    });
    expect_status("input elements", JCONV_ERR_OVERFLOW, [&](jconv_desc& d) {
        d.rank = 3; d.in_size[0] = d.in_size[1] = d.in_size[2] = int64_t(1) << 22;
        d.kernel_size[2] = 1; d.in_channels = 2; d.out_channels = 2; d.groups = 1;
    });
    expect_status("padded length", JCONV_ERR_OVERFLOW, [](jconv_desc& d) {
        d.in_size[0] = INT64_MAX - 3; d.pad_before[0] = 2; d.pad_after[0] = 2;
    });
    expect_status("dilated kernel length", JCONV_ERR_OVERFLOW, [](jconv_desc& d) {
        d.dilation[0] = int64_t(1) << 62; d.kernel_size[0] = 5;
    });
    expect_status("output bytes", JCONV_ERR_OVERFLOW, [&](jconv_desc& d) {
        // 2^61 output elements fit int64 but their 2^64 bytes do not.
        d.dtype = JCONV_F64; d.in_channels = 1; d.out_channels = int64_t(1) << 41; d.groups = 1;
        d.kernel_size[0] = d.kernel_size[1] = 1; d.in_size[0] = d.in_size[1] = int64_t(1) << 10;
    });
    expect_status("dilated input length", JCONV_ERR_OVERFLOW, [](jconv_desc& d) {
        d.input_dilation[0] = int64_t(1) << 61;  // 7 gaps of 2^61
    });
    expect_status("invalid wins over overflow", JCONV_ERR_INVALID, [](jconv_desc& d) {
        d.input_dilation[0] = int64_t(1) << 61; d.stride[1] = 0;
    });
    expect_status("pad INT64_MIN", JCONV_ERR_OVERFLOW, [](jconv_desc& d) { d.pad_before[0] = INT64_MIN; });
    expect_status("pad INT64_MIN after", JCONV_ERR_OVERFLOW, [](jconv_desc& d) { d.pad_after[1] = INT64_MIN; });
    // Crop and pad that cancel out still bound every coordinate.
    expect_status("huge crop and pad", JCONV_ERR_OVERFLOW, [](jconv_desc& d) {
        d.pad_before[0] = -(int64_t(1) << 62); d.pad_after[0] = int64_t(1) << 62;
    });
    expect_status("large crop and pad that fit", JCONV_OK, [](jconv_desc& d) {
        d.pad_before[0] = -(int64_t(1) << 60); d.pad_after[0] = int64_t(1) << 60;
    });

    expect(jconv_desc_validate(nullptr) == JCONV_ERR_NULL, "validate(NULL)");
    expect(jconv_input_elements(nullptr) == 0 && jconv_output_size(nullptr, 0) == -1, "sizes of NULL");
}

void check_sizes() {
    jconv_desc d;
    jconv_desc_init(&d);
    expect(d.rank == 2 && d.dtype == JCONV_F32 && d.layout == JCONV_CHANNELS_FIRST && d.border == JCONV_BORDER_CONSTANT &&
               d.batch == 1 && d.in_channels == 1 && d.groups == 1 && d.stride[2] == 1 && d.input_dilation[0] == 1 &&
               d.kernel_size[1] == 1 && d.pad_after[0] == 0 && d.has_bias == 0 && d.num_threads == 0,
           "desc_init defaults");
    jconv_desc_init(nullptr);  // must not crash

    // r50_conv1: 224x224, k7, s2, pad 3 -> 112x112.
    d.batch = 2;
    d.in_channels = 3;
    d.out_channels = 64;
    d.in_size[0] = d.in_size[1] = 224;
    d.kernel_size[0] = d.kernel_size[1] = 7;
    d.stride[0] = d.stride[1] = 2;
    d.pad_before[0] = d.pad_after[0] = d.pad_before[1] = d.pad_after[1] = 3;
    expect(jconv_output_size(&d, 0) == 112 && jconv_output_size(&d, 1) == 112, "r50_conv1 output size");
    expect(jconv_output_size(&d, 2) == -1 && jconv_output_size(&d, -1) == -1, "axis outside rank");
    expect(jconv_input_elements(&d) == 2 * 3 * 224 * 224, "input elements");
    expect(jconv_kernel_elements(&d) == 64 * 3 * 49, "kernel elements");
    expect(jconv_output_elements(&d) == 2 * 64 * 112 * 112, "output elements");
    d.kernel_size[1] = 400;
    expect(jconv_output_size(&d, 1) == -1 && jconv_output_size(&d, 0) == 112, "output size per axis");
    d.kernel_size[1] = 7;
    // Asymmetric pads, dilation: (10 + 1 + 2 - 2*(3-1) - 1) / 3 + 1 = 3.
    d.in_size[1] = 10;
    d.pad_before[1] = 1;
    d.pad_after[1] = 2;
    d.kernel_size[1] = 3;
    d.dilation[1] = 2;
    d.stride[1] = 3;
    expect(jconv_output_size(&d, 1) == 3, "asymmetric pads, dilation, stride");
    // Transposed (input dilation 2): 10 samples become 19.
    d.input_dilation[1] = 2;
    expect(jconv_output_size(&d, 1) == 6 && jconv_input_elements(&d) == 2 * 3 * 224 * 10,
           "input dilation sizes are reported");
    // conv_transpose1d(n=5, k=3, s=2, p=1, output_padding=1): out (5-1)*2 - 2 + 3 + 1 = 10;
    // canonical pads (dk-1-head, out+head-(n-1)s-1) = (1, 2) on 9 dilated samples.
    jconv_desc t;
    jconv_desc_init(&t);
    t.rank = 1;
    t.in_size[0] = 5;
    t.kernel_size[0] = 3;
    t.input_dilation[0] = 2;
    t.pad_before[0] = 1;
    t.pad_after[0] = 2;
    expect(jconv_output_size(&t, 0) == 10 && jconv_output_elements(&t) == 10 && jconv_input_elements(&t) == 5,
           "conv_transpose1d sizes");
    // A crop: head 4 of the 11-long scatter, out 3 -> pads (-2, -2): (9 - 4 - 3) / 1 + 1 = 3.
    t.pad_before[0] = t.pad_after[0] = -2;
    expect(jconv_output_size(&t, 0) == 3, "cropped transposed size");
    t.pad_before[0] = -4;
    expect(jconv_output_size(&t, 0) == 1, "cropped to one output");
    t.pad_before[0] = -5;
    expect(jconv_output_size(&t, 0) == -1 && jconv_output_elements(&t) == 0, "cropped to nothing");
    t.input_dilation[0] = 1;
    t.pad_before[0] = t.pad_after[0] = -1;
    expect(jconv_output_size(&t, 0) == 1, "crop without input dilation");
    t.border = JCONV_BORDER_REFLECT;
    expect(jconv_output_size(&t, 0) == -1, "crop with reflect border");

    std::set<std::string> texts;
    for (int s = 0; s <= 7; ++s) {
        const char* t = jconv_status_string(s);
        expect(t && *t, "status string " + std::to_string(s));
        if (t) texts.insert(t);
    }
    expect(texts.size() == 8, "status strings distinct");
    expect(jconv_status_string(99) && jconv_status_string(-1), "unknown status string");
}

void check_create_and_run() {
    jconv_desc d = base2d();
    d.has_bias = 1;
    std::vector<float> k(jconv_kernel_elements(&d), 0.5f), b(6, 1.0f);
    jconv_plan* plan = nullptr;
    expect(jconv_plan_create(nullptr, k.data(), b.data(), &plan) == JCONV_ERR_NULL, "create NULL desc");
    expect(jconv_plan_create(&d, nullptr, b.data(), &plan) == JCONV_ERR_NULL, "create NULL kernel");
    expect(jconv_plan_create(&d, k.data(), b.data(), nullptr) == JCONV_ERR_NULL, "create NULL plan pointer");
    expect(jconv_plan_create(&d, k.data(), nullptr, &plan) == JCONV_ERR_NULL && !plan, "create NULL bias with has_bias");
    expect(jconv_plan_create(&d, k.data(), b.data(), &plan) == JCONV_OK && plan, "create");
    if (!plan) return;
    const int64_t ws = jconv_plan_workspace_size(plan);
    expect(ws > 0, "general plan has a workspace");
    std::vector<float> x(jconv_input_elements(&d), 1.0f), y(jconv_output_elements(&d));
    std::vector<double> xd(x.size()), yd(y.size());
    std::vector<unsigned char> w(ws);
    expect(jconv_plan_run_f32(nullptr, x.data(), y.data(), w.data(), ws) == JCONV_ERR_NULL, "run NULL plan");
    expect(jconv_plan_run_f32(plan, nullptr, y.data(), w.data(), ws) == JCONV_ERR_NULL, "run NULL input");
    expect(jconv_plan_run_f32(plan, x.data(), nullptr, w.data(), ws) == JCONV_ERR_NULL, "run NULL output");
    expect(jconv_plan_run_f32(plan, x.data(), y.data(), nullptr, ws) == JCONV_ERR_NULL, "run NULL workspace");
    expect(jconv_plan_run_f32(plan, x.data(), y.data(), w.data(), ws - 1) == JCONV_ERR_WORKSPACE, "run small workspace");
    expect(jconv_plan_run_f32(plan, x.data(), y.data(), w.data(), -5) == JCONV_ERR_WORKSPACE, "run negative workspace");
    expect(jconv_plan_run_f64(plan, xd.data(), yd.data(), w.data(), ws) == JCONV_ERR_DTYPE, "run f64 on f32 plan");
    expect(jconv_plan_run_f32(plan, x.data(), y.data(), w.data(), ws) == JCONV_OK, "run");
    // Interior output: bias 1 + 2 channels * 6 taps * 0.5.
    expect(y[1 * 7 + 1] == 7.0f, "run result " + std::to_string(y[8]));
    expect(std::string(jconv_plan_algorithm(plan)) == "im2col+gemm", "algorithm of a grouped 3x2 conv");
    jconv_plan_destroy(plan);
    jconv_plan_destroy(nullptr);
    expect(jconv_plan_workspace_size(nullptr) == 0 && std::string(jconv_plan_algorithm(nullptr)) == "none",
           "NULL plan helpers");

    // No workspace needed: NULL is fine; the f64 run checks dtype the other way.
    d = base2d();
    d.dtype = JCONV_F64;
    d.in_channels = d.out_channels = d.groups = 4;
    std::vector<double> kd(jconv_kernel_elements(&d), 1.0);
    plan = nullptr;
    expect(jconv_plan_create(&d, kd.data(), nullptr, &plan) == JCONV_OK && plan, "create depthwise f64");
    if (!plan) return;
    expect(jconv_plan_workspace_size(plan) == 0, "depthwise needs no workspace");
    std::vector<double> xd4(jconv_input_elements(&d), 1.0), yd4(jconv_output_elements(&d));
    expect(jconv_plan_run_f64(plan, xd4.data(), yd4.data(), nullptr, 0) == JCONV_OK, "run without workspace");
    expect(jconv_plan_run_f32(plan, x.data(), y.data(), nullptr, 0) == JCONV_ERR_DTYPE, "run f32 on f64 plan");
    jconv_plan_destroy(plan);
}

// Pads far beyond the input (2^60 crop before, 2^60 pad after): every window reads only the
// border, so each output is bias + border_value * (sum of its weights), on every algorithm
// that takes it, without any coordinate overflowing.
void check_extreme_pads() {
    struct Case {
        int64_t C, O, G;
        int border, layout;
        int64_t idil;
    };
    const Case cases[] = {
        {1, 1, 1, JCONV_BORDER_CONSTANT, JCONV_CHANNELS_FIRST, 1},  // direct-image
        {3, 3, 3, JCONV_BORDER_CONSTANT, JCONV_CHANNELS_LAST, 1},   // depthwise-direct
        {4, 6, 2, JCONV_BORDER_CONSTANT, JCONV_CHANNELS_FIRST, 1},  // im2col+gemm
        {4, 6, 2, JCONV_BORDER_EMPTY, JCONV_CHANNELS_LAST, 1},      // im2col+gemm
        {4, 6, 2, JCONV_BORDER_CONSTANT, JCONV_CHANNELS_FIRST, 3},  // gemm+col2im
        {4, 6, 2, JCONV_BORDER_EMPTY, JCONV_CHANNELS_LAST, 3},      // gemm+col2im
    };
    const int64_t far = int64_t(1) << 60;
    for (const Case& c : cases) {
        jconv_desc d = base2d();
        d.in_channels = c.C;
        d.out_channels = c.O;
        d.groups = c.G;
        d.border = c.border;
        d.border_value = 0.5;
        d.layout = c.layout;
        d.has_bias = 1;
        d.input_dilation[0] = d.input_dilation[1] = c.idil;
        d.pad_before[1] = -far;
        d.pad_after[1] = far;
        d.pad_before[0] = far;
        d.pad_after[0] = -far + 2;
        std::vector<float> k(jconv_kernel_elements(&d)), b(d.out_channels);
        for (size_t i = 0; i < k.size(); ++i) k[i] = 0.25f * float(i % 5) - 0.5f;
        for (size_t i = 0; i < b.size(); ++i) b[i] = float(i);
        jconv_plan* plan = nullptr;
        const int st = jconv_plan_create(&d, k.data(), b.data(), &plan);
        expect(st == JCONV_OK && plan, "create with extreme pads -> " + std::to_string(st));
        if (!plan) continue;
        const std::string what = std::string("extreme pads [") + jconv_plan_algorithm(plan) + "]";
        const int64_t osp = jconv_output_size(&d, 0) * jconv_output_size(&d, 1);
        std::vector<float> x(jconv_input_elements(&d), 1.0f), y(jconv_output_elements(&d), -1e30f);
        std::vector<unsigned char> ws(jconv_plan_workspace_size(plan));
        expect(jconv_plan_run_f32(plan, x.data(), y.data(), ws.data(), (int64_t)ws.size()) == JCONV_OK, what + ": run");
        const int64_t per_o = k.size() / d.out_channels;
        bool ok = osp > 0;
        for (int64_t o = 0; o < d.out_channels; ++o) {
            double sum = 0;
            for (int64_t i = 0; i < per_o; ++i) sum += k[o * per_o + i];
            const double want = b[o] + (c.border == JCONV_BORDER_EMPTY ? 0.0 : 0.5 * sum);
            for (int64_t p = 0; p < osp; ++p) {
                const float got = c.layout == JCONV_CHANNELS_FIRST ? y[o * osp + p] : y[p * d.out_channels + o];
                ok = ok && std::fabs(got - want) < 1e-5;
            }
        }
        expect(ok, what + ": outputs are bias + border");
        jconv_plan_destroy(plan);
    }
}

// The benchmark shapes (shared/bench/suite.json) land on the intended algorithms.
void check_choice() {
    struct Shape {
        const char* id;
        int64_t N, C, H, W, K, R, S, stride, pad, dil, groups;
        int dtype;
        const char* algo;
        int64_t input_dilation = 1;
        int border = JCONV_BORDER_CONSTANT;
    };
    const Shape shapes[] = {
        {"seed8x8", 1, 1, 8, 8, 1, 3, 3, 1, 1, 1, 1, JCONV_F32, "direct-image"},
        {"img512_k31_f64", 1, 1, 512, 512, 1, 31, 31, 1, 30, 1, 1, JCONV_F64, "direct-image"},
        {"r50_conv1", 1, 3, 224, 224, 64, 7, 7, 2, 3, 1, 1, JCONV_F32, "im2col+gemm"},
        {"r50_3x3_56", 1, 64, 56, 56, 64, 3, 3, 1, 1, 1, 1, JCONV_F32, "im2col+gemm"},
        {"r50_1x1_56", 1, 256, 56, 56, 64, 1, 1, 1, 0, 1, 1, JCONV_F32, "gemm-1x1"},
        {"mbv2_dw_56", 1, 144, 56, 56, 144, 3, 3, 1, 1, 1, 144, JCONV_F32, "depthwise-direct"},
        {"dilated_3x3", 1, 128, 64, 64, 128, 3, 3, 1, 2, 2, 1, JCONV_F32, "im2col+gemm"},
        // Transposed (input dilation 2, the canonical pads of k4 s2 p1): GEMM + col2im; with a
        // stride as well the generic path; crops alone change nothing for the direct loops.
        {"convT_k4s2", 1, 64, 28, 28, 32, 4, 4, 1, 2, 1, 1, JCONV_F32, "gemm+col2im", 2},
        {"convT_image", 1, 1, 28, 28, 1, 4, 4, 1, 2, 1, 1, JCONV_F64, "gemm+col2im", 2},
        {"convT_depthwise", 1, 8, 28, 28, 8, 4, 4, 1, 2, 1, 8, JCONV_F32, "gemm+col2im", 2},
        {"input_dilated_strided", 1, 8, 28, 28, 8, 3, 3, 2, 2, 1, 1, JCONV_F32, "im2col+gemm", 2},
        {"crop_image", 1, 1, 28, 28, 1, 3, 3, 1, -2, 1, 1, JCONV_F32, "direct-image"},
        {"crop_depthwise", 1, 8, 28, 28, 8, 3, 3, 1, -1, 1, 8, JCONV_F32, "depthwise-direct"},
        {"crop_3x3", 1, 8, 28, 28, 8, 3, 3, 1, -1, 1, 1, JCONV_F32, "im2col+gemm"},
        {"empty_border_image", 1, 1, 28, 28, 1, 3, 3, 1, 1, 1, 1, JCONV_F32, "direct-image", 1, JCONV_BORDER_EMPTY},
        {"empty_border_depthwise", 1, 8, 28, 28, 8, 3, 3, 1, 1, 1, 8, JCONV_F32, "depthwise-direct", 1, JCONV_BORDER_EMPTY},
        {"empty_border_3x3", 1, 8, 28, 28, 8, 3, 3, 1, 1, 1, 1, JCONV_F64, "im2col+gemm", 1, JCONV_BORDER_EMPTY},
    };
    for (const Shape& s : shapes) {
        for (int layout : {JCONV_CHANNELS_FIRST, JCONV_CHANNELS_LAST}) {
            jconv_desc d;
            jconv_desc_init(&d);
            d.dtype = s.dtype;
            d.layout = layout;
            d.batch = s.N;
            d.in_channels = s.C;
            d.out_channels = s.K;
            d.groups = s.groups;
            d.in_size[0] = s.H;
            d.in_size[1] = s.W;
            d.kernel_size[0] = s.R;
            d.kernel_size[1] = s.S;
            d.border = s.border;
            for (int a = 0; a < 2; ++a) {
                d.stride[a] = s.stride;
                d.dilation[a] = s.dil;
                d.pad_before[a] = d.pad_after[a] = s.pad;
                d.input_dilation[a] = s.input_dilation;
            }
            const size_t elem = s.dtype == JCONV_F32 ? 4 : 8;
            std::vector<unsigned char> k(jconv_kernel_elements(&d) * elem);
            jconv_plan* plan = nullptr;
            const int st = jconv_plan_create(&d, k.data(), nullptr, &plan);
            expect(st == JCONV_OK && plan && std::string(jconv_plan_algorithm(plan)) == s.algo,
                   std::string(s.id) + ": chose " + (plan ? jconv_plan_algorithm(plan) : "nothing") + ", want " + s.algo);
            jconv_plan_destroy(plan);
        }
    }
}

void check_blas() {
    const char* cfg = jconv_blas_config();
    const char* core = jconv_blas_corename();
    expect(cfg && std::strstr(cfg, "OpenBLAS"), std::string("blas config: ") + (cfg ? cfg : "NULL"));
    expect(core && *core, "blas core name");
    const int n0 = jconv_blas_num_threads();
    expect(n0 >= 1, "blas threads >= 1");
    jconv_blas_set_num_threads(1);
    expect(jconv_blas_num_threads() == 1, "set blas threads to 1");
    jconv_blas_set_num_threads(n0);
    expect(jconv_blas_num_threads() == n0, "restore blas threads");
    std::printf("OpenBLAS: %s (core %s, %d threads)\n", cfg ? cfg : "?", core ? core : "?", n0);
}

}  // namespace

int main() {
    check_descriptors();
    check_sizes();
    check_create_and_run();
    check_choice();
    check_extreme_pads();
    check_blas();
    const bool pass = g_failures == 0;
    std::printf("test_validation: %s, %d checks, %d failures\n", pass ? "PASS" : "FAIL", g_checks, g_failures);
    return pass ? 0 : 1;
}

// Shared test helpers: guarded buffers, spec printing, result comparison.
#ifndef JCONV_TESTS_TEST_COMMON_H
#define JCONV_TESTS_TEST_COMMON_H

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "jconv/jconv.h"
#include "reference_conv.h"

namespace tst {

// A buffer with guard zones on both sides, filled with a sentinel before use. Writes past
// either end show up as changed guards; reads of input guards (filled with NaN) show up as
// NaN outputs.
template <class T>
class Guarded {
public:
    static constexpr int64_t kGuard = 67;  // odd: the payload does not start on a round address

    Guarded(int64_t n, T guard) : n_(n), buf_(static_cast<size_t>(n + 2 * kGuard)) {
        for (auto& v : buf_) v = guard;
        std::memcpy(&guard_, &guard, sizeof(T));
    }
    T* data() { return buf_.data() + kGuard; }
    const T* data() const { return buf_.data() + kGuard; }
    int64_t size() const { return n_; }
    T& operator[](int64_t i) { return data()[i]; }
    bool guards_intact() const {
        for (int64_t i = 0; i < kGuard; ++i) {
            if (std::memcmp(&buf_[static_cast<size_t>(i)], &guard_, sizeof(T)) != 0) return false;
            if (std::memcmp(&buf_[static_cast<size_t>(n_ + kGuard + i)], &guard_, sizeof(T)) != 0) return false;
        }
        return true;
    }

private:
    int64_t n_;
    std::vector<T> buf_;
    T guard_;
};

// Raw bytes for the workspace: garbage (0xFF bytes are NaN as float and double) plus a guard.
class Workspace {
public:
    explicit Workspace(int64_t bytes, int64_t misalign = 0)
        : bytes_(bytes), misalign_(misalign), buf_(static_cast<size_t>(bytes + misalign + 2 * 64), 0xFF) {
        for (int i = 0; i < 64; ++i) buf_[static_cast<size_t>(misalign + 64 + bytes + i)] = 0x5A;
    }
    void* data() { return bytes_ ? buf_.data() + 64 + misalign_ : nullptr; }
    bool guard_intact() const {
        for (int i = 0; i < 64; ++i)
            if (buf_[static_cast<size_t>(misalign_ + 64 + bytes_ + i)] != 0x5A) return false;
        return true;
    }

private:
    int64_t bytes_, misalign_;
    std::vector<unsigned char> buf_;
};

inline std::string describe(const jconv_desc& d) {
    static const char* modes[] = {"constant", "reflect", "symmetric", "edge", "circular", "empty"};
    char buf[1024];
    int len = std::snprintf(buf, sizeof buf, "rank=%d %s %s border=%s(%g) N=%lld C=%lld O=%lld G=%lld bias=%d threads=%d",
                            d.rank, d.dtype == JCONV_F32 ? "f32" : "f64", d.layout == JCONV_CHANNELS_FIRST ? "CF" : "CL",
                            (d.border >= 0 && d.border <= 5) ? modes[d.border] : "?", d.border_value,
                            (long long)d.batch, (long long)d.in_channels, (long long)d.out_channels,
                            (long long)d.groups, d.has_bias, d.num_threads);
    for (int a = 0; a < d.rank && len > 0 && len < (int)sizeof buf; ++a) {
        len += std::snprintf(buf + len, sizeof buf - len, " | ax%d n=%lld k=%lld pad=(%lld,%lld) s=%lld d=%lld id=%lld", a,
                             (long long)d.in_size[a], (long long)d.kernel_size[a], (long long)d.pad_before[a],
                             (long long)d.pad_after[a], (long long)d.stride[a], (long long)d.dilation[a],
                             (long long)d.input_dilation[a]);
    }
    return buf;
}

// Output coordinates of flat output index i, for failure messages.
inline std::string coords(const jconv_desc& d, int64_t i) {
    int64_t out[3], sp = 1;
    for (int a = 0; a < d.rank; ++a) {
        out[a] = ref::out_size(d, a);
        sp *= out[a];
    }
    int64_t n, o, p;
    if (d.layout == JCONV_CHANNELS_FIRST) {
        p = i % sp;
        o = (i / sp) % d.out_channels;
        n = i / sp / d.out_channels;
    } else {
        o = i % d.out_channels;
        p = (i / d.out_channels) % sp;
        n = i / d.out_channels / sp;
    }
    std::string s = "n=" + std::to_string(n) + " o=" + std::to_string(o) + " at (";
    int64_t idx[3];
    for (int a = d.rank - 1; a >= 0; --a) {
        idx[a] = p % out[a];
        p /= out[a];
    }
    for (int a = 0; a < d.rank; ++a) s += (a ? "," : "") + std::to_string(idx[a]);
    return s + ")";
}

// Compares y with the reference. NaN must match NaN, infinities must match exactly, finite
// values within 16 u sqrt(taps + 1) times the magnitude of the sum (u = unit roundoff of T).
// Prints the first few mismatches; returns their number.
template <class T>
int64_t compare(const jconv_desc& d, const T* y, const ref::Result& r, int max_print = 3) {
    const double u = std::numeric_limits<T>::epsilon() / 2;
    const double scale = 16.0 * u * std::sqrt(static_cast<double>(r.taps + 1));
    int64_t bad = 0;
    for (size_t i = 0; i < r.y.size(); ++i) {
        const double got = static_cast<double>(y[i]), want = r.y[i];
        bool ok;
        double tol = 0;
        if (std::isnan(want)) {
            ok = std::isnan(got);
        } else if (std::isinf(want)) {
            ok = got == want;
        } else if (std::isinf(static_cast<double>(static_cast<T>(want)))) {
            ok = true;  // the reference overflows T: nothing meaningful to compare
        } else {
            tol = scale * r.mag[i];
            ok = std::fabs(got - want) <= tol;
        }
        if (!ok) {
            if (bad < max_print) {
                std::printf("  MISMATCH %s: %s got %.17g want %.17g (tol %.3g)\n    spec: %s\n", "", coords(d, (int64_t)i).c_str(),
                            got, want, tol, describe(d).c_str());
            }
            ++bad;
        }
    }
    return bad;
}

}  // namespace tst

#endif

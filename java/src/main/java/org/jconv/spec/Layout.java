package org.jconv.spec;

/**
 * Axis order of input and output tensors, for any spatial rank: channels first
 * (NCW, NCHW, NCDHW: PyTorch, ONNX, Theano, Keras 'channels_first') or channels last
 * (NWC, NHWC, NDHWC: TensorFlow and Keras default 'channels_last'). The output of a convolution
 * has the input's layout.
 */
public enum Layout {
    /** Channels first: {@code [N, C, spatial...]}. */
    NCHW,
    /** Channels last: {@code [N, spatial..., C]}. */
    NHWC;

    /** The layout's name for a spatial rank: NCW/NCHW/NCDHW or NWC/NHWC/NDHWC. */
    public String name(int rank) {
        String sp = spatialLetters(rank);
        return this == NCHW ? "NC" + sp : "N" + sp + "C";
    }

    static String spatialLetters(int rank) {
        switch (rank) {
            case 1: return "W";
            case 2: return "HW";
            case 3: return "DHW";
            default: throw new IllegalArgumentException("rank must be 1, 2 or 3, got " + rank);
        }
    }
}

package org.alrao4j.dl4j.units;

import org.alrao4j.core.UnitLayout;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;

/** Units of convolution layers: one per output channel (filter); the flat layout puts the bias first. */
final class ConvolutionUnits {

    private ConvolutionUnits() {
    }

    /** Convolution 1D/2D: bias {@code [nOut]}, then {@code W [nOut, nIn, kH(, kW)]} in C order. */
    static UnitPlan convolution(ConvolutionLayer layer) {
        long nOut = layer.getNOut();
        long weights = layer.getNIn() * kernelVolume(layer) * nOut;
        return biasThen(layer, nOut, UnitLayout.builder(), b -> b.segment(0, nOut, weights / nOut, 1));
    }

    /** Deconvolution 2D: bias {@code [nOut]}, then {@code W [nIn, nOut, kH, kW]} in C order. */
    static UnitPlan deconvolution(Deconvolution2D layer) {
        long nOut = layer.getNOut();
        return biasThen(layer, nOut, UnitLayout.builder(),
                b -> b.segment(0, nOut, kernelVolume(layer), layer.getNIn()));
    }

    /**
     * Depthwise 2D: bias {@code [nIn*m]}, then {@code W [kH, kW, nIn, m]} in C order; output channel
     * {@code i*m + c} is the unit, which is the fastest-varying pair of W's axes.
     */
    static UnitPlan depthwise(DepthwiseConvolution2D layer) {
        long channels = layer.getNIn() * layer.getDepthMultiplier();
        return biasThen(layer, channels, UnitLayout.builder(),
                b -> b.segment(0, channels, 1, kernelVolume(layer)));
    }

    /**
     * Separable 2D: bias {@code [nOut]}, depthwise {@code W [m, nIn, kH, kW]}, pointwise
     * {@code pW [nOut, nIn*m, 1, 1]}, all C order. Units: the nOut output channels (pointwise filters and
     * bias) first, then the {@code m*nIn} depthwise channels, each its own unit.
     */
    static UnitPlan separable(SeparableConvolution2D layer) {
        long nOut = layer.getNOut();
        long depthChannels = layer.getNIn() * layer.getDepthMultiplier();
        long kernel = kernelVolume(layer);
        return biasThen(layer, nOut + depthChannels, UnitLayout.builder(), b -> b
                .segment(nOut, depthChannels, kernel, 1)
                .segment(0, nOut, depthChannels, 1));
    }

    private static UnitPlan biasThen(ConvolutionLayer layer, long numUnits, UnitLayout.Builder b,
                                     java.util.function.Consumer<UnitLayout.Builder> weights) {
        if (layer.hasBias()) {
            b.segment(0, biasUnits(layer), 1, 1);
        }
        weights.accept(b);
        return new UnitPlan(numUnits, b.build());
    }

    private static long biasUnits(ConvolutionLayer layer) {
        if (layer instanceof DepthwiseConvolution2D) {
            return layer.getNIn() * ((DepthwiseConvolution2D) layer).getDepthMultiplier();
        }
        return layer.getNOut();
    }

    private static long kernelVolume(ConvolutionLayer layer) {
        if (layer instanceof Convolution1DLayer) {
            // 1D layers keep a square kernelSize array, but the weight is [nOut, nIn, k]
            return layer.getKernelSize()[0];
        }
        long v = 1;
        for (int k : layer.getKernelSize()) {
            v *= k;
        }
        return v;
    }
}

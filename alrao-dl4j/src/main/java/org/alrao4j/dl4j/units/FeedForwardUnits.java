package org.alrao4j.dl4j.units;

import org.alrao4j.core.UnitLayout;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;

/** Units of dense-like layers (dense, output, RNN output, embeddings) and of batch normalization. */
final class FeedForwardUnits {

    private FeedForwardUnits() {
    }

    /**
     * Dense-like layers: {@code W [nIn, nOut]} in F order (a unit's column is a contiguous run of nIn), then
     * the bias {@code [nOut]}, then the layer-norm gain {@code [nOut]}; one unit per output (for embeddings:
     * per embedding dimension, as in the reference).
     */
    static UnitPlan denseLike(FeedForwardLayer layer) {
        long nIn = layer.getNIn();
        long nOut = layer.getNOut();
        UnitLayout.Builder b = UnitLayout.builder().segment(0, nOut, nIn, 1);
        for (String key : layer.initializer().paramKeys(layer)) {
            if (key.equals(DefaultParamInitializer.BIAS_KEY) || key.equals(DefaultParamInitializer.GAIN_KEY)) {
                b.segment(0, nOut, 1, 1);
            }
        }
        return new UnitPlan(nOut, b.build());
    }

    /**
     * Batch normalization: gamma then beta, each element with its own rate (the reference's default
     * generator); the running mean and variance follow in the flat array but are not trained, so they get no
     * Alrao updater ({@code BatchNormalization.getUpdaterByParam} gives them {@code NoOp}).
     *
     * @return the plan, or {@code null} when gamma and beta are locked (nothing trainable)
     */
    static UnitPlan batchNorm(BatchNormalization layer) {
        if (layer.isLockGammaBeta()) {
            return null;
        }
        long n = layer.getNOut();
        return new UnitPlan(2 * n, UnitLayout.builder().segment(0, n, 1, 1).segment(n, n, 1, 1).build());
    }
}

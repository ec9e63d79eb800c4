package org.alrao4j.core.hypergradient;

import java.util.Collections;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Applies {@link SgdHd}: the direction is the gradient itself, {@code d_t = g_t}. */
public final class SgdHdUpdater extends HypergradientGradientUpdater<SgdHd> {

    /** @param config the SGD-HD configuration */
    public SgdHdUpdater(SgdHd config) {
        super(config);
    }

    @Override
    protected void layoutBaseState(long n) {
        // plain SGD has no state of its own
    }

    @Override
    protected void computeDirection(INDArray gradient, int iteration, int epoch) {
        // d_t = g_t (Algorithm 1: grad_alpha u_t = -g_t)
    }

    @Override
    protected Map<String, INDArray> baseState() {
        return Collections.emptyMap();
    }
}

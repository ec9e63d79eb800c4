package org.alrao4j.core.hypergradient;

import java.util.Collections;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Applies {@link SgdnHd}: {@code v := mu v + g}, {@code d := g + mu v}, with {@code v} in the state view. */
public final class SgdnHdUpdater extends HypergradientGradientUpdater<SgdnHd> {

    /** State key of the momentum buffer {@code v}. */
    public static final String V_STATE = "V";

    private INDArray v;

    /** @param config the SGDN-HD configuration */
    public SgdnHdUpdater(SgdnHd config) {
        super(config);
    }

    @Override
    protected void layoutBaseState(long n) {
        v = slot(1, n);
    }

    @Override
    protected void computeDirection(INDArray gradient, int iteration, int epoch) {
        double mu = getConfig().momentum();
        v.muli(mu).addi(gradient);          // v_t = mu v_{t-1} + g_t
        gradient.addi(v.mul(mu));           // d_t = g_t + mu v_t  (Algorithm 2: grad_alpha u_t = -(g_t + mu v_t))
    }

    @Override
    protected Map<String, INDArray> baseState() {
        return Collections.singletonMap(V_STATE, v);
    }
}

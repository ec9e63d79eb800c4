package org.alrao4j.core.hypergradient;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Applies {@link AdamHd}: ND4J's native Adam op at rate 1 gives {@code d_t}; {@code m}, {@code v} in the state. */
public final class AdamHdUpdater extends HypergradientGradientUpdater<AdamHd> {

    /** State key of the first moment, as ND4J's {@code AdamUpdater}. */
    public static final String M_STATE = "M";
    /** State key of the second moment, as ND4J's {@code AdamUpdater}. */
    public static final String V_STATE = "V";

    private INDArray m;
    private INDArray v;

    /** @param config the Adam-HD configuration */
    public AdamHdUpdater(AdamHd config) {
        super(config);
    }

    @Override
    protected void layoutBaseState(long n) {
        m = slot(1, n);
        v = slot(2, n);
    }

    @Override
    protected void computeDirection(INDArray gradient, int iteration, int epoch) {
        AdamHd c = getConfig();
        // in place: m, v updated; gradient := sqrt(1-b2^t)/(1-b1^t) m/(sqrt(v)+eps), t = iteration + 1
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater(gradient, v, m, 1.0, c.beta1(), c.beta2(),
                c.epsilon(), iteration));
    }

    @Override
    protected Map<String, INDArray> baseState() {
        Map<String, INDArray> map = new LinkedHashMap<>();
        map.put(M_STATE, m);
        map.put(V_STATE, v);
        return map;
    }
}

package org.alrao4j.core;

import java.util.HashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * Applies {@link AlraoAdam}: ND4J's native Adam step with rate 1, then multiplied by the unit rates.
 * State: the moments {@code m} and {@code v}, as views of DL4J's updater state (so they are saved,
 * restored and continued like a built-in {@code Adam}'s).
 */
public final class AlraoAdamUpdater implements GradientUpdater<AlraoAdam> {

    /** State key of the first moment, as ND4J's {@code AdamUpdater}. */
    public static final String M_STATE = "M";
    /** State key of the second moment, as ND4J's {@code AdamUpdater}. */
    public static final String V_STATE = "V";

    private final AlraoAdam config;
    private final UnitRateScaler scaler;
    private INDArray m;
    private INDArray v;

    /** @param config the layer's Alrao-Adam configuration */
    public AlraoAdamUpdater(AlraoAdam config) {
        this.config = config;
        this.scaler = new UnitRateScaler(config);
    }

    @Override
    public AlraoAdam getConfig() {
        return config;
    }

    /** {@inheritDoc} Expects exactly the keys {@value #M_STATE} and {@value #V_STATE}. */
    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        if (stateMap == null || !stateMap.containsKey(M_STATE) || !stateMap.containsKey(V_STATE)
                || stateMap.size() != 2) {
            throw new IllegalStateException("Alrao-Adam state must have exactly the keys [" + M_STATE + ", " + V_STATE
                    + "], got " + (stateMap == null ? null : stateMap.keySet()));
        }
        m = stateMap.get(M_STATE);
        v = stateMap.get(V_STATE);
        if (initialize) {
            m.assign(0);
            v.assign(0);
        }
    }

    @Override
    public Map<String, INDArray> getState() {
        Map<String, INDArray> state = new HashMap<>();
        state.put(M_STATE, m);
        state.put(V_STATE, v);
        return state;
    }

    /** {@inheritDoc} The view holds {@code m} then {@code v}, each as long as the gradient. */
    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (viewArray == null || viewArray.length() % 2 != 0) {
            throw new IllegalStateException("Alrao-Adam needs a state view of even length (m then v), got "
                    + (viewArray == null ? "null" : "length " + viewArray.length()));
        }
        INDArray flat = viewArray.reshape(viewArray.length());
        if (initialize) {
            flat.assign(0);
        }
        long half = flat.length() / 2;
        m = cOrder(flat.get(NDArrayIndex.interval(0, half)));
        v = cOrder(flat.get(NDArrayIndex.interval(half, flat.length())));
    }

    /**
     * A 1-D interval view comes flagged F-order; DL4J's gradient is C-order, and libnd4j's Adam kernel takes its
     * vectorised path only when all arrays share one order (2.7x slower otherwise, docs/benchmarks.md). Same
     * memory, only the order flag changes, as ND4J's own {@code AdamUpdater} does.
     */
    private static INDArray cOrder(INDArray view) {
        INDArray c = Shape.newShapeNoCopy(view, new long[] {view.length()}, false);
        if (c == null) {
            throw new IllegalStateException("cannot view Adam moments of length " + view.length() + " in C order");
        }
        return c;
    }

    /** {@inheritDoc} Alrao spec 4.2: the unit rate multiplies the Adam step. */
    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (m == null || v == null) {
            throw new IllegalStateException("Alrao-Adam updater of '" + config.tag()
                    + "' has not been initialized with view state");
        }
        INDArray flat = gradient.rank() == 1 ? gradient : gradient.reshape(gradient.length());
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater(flat, v, m, 1.0, config.beta1(),
                config.beta2(), config.epsilon(), iteration));
        scaler.scale(flat, config.multiplierAt(iteration, epoch));
    }
}

package org.alrao4j.core;

import java.util.Collections;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/** Applies {@link AlraoSgd}: turns the gradient into the step {@code Lambda (.) g}, in place. Stateless. */
public final class AlraoSgdUpdater implements GradientUpdater<AlraoSgd> {

    private final AlraoSgd config;
    private final UnitRateScaler scaler;

    /** @param config the layer's Alrao-SGD configuration */
    public AlraoSgdUpdater(AlraoSgd config) {
        this.config = config;
        this.scaler = new UnitRateScaler(config);
    }

    @Override
    public AlraoSgd getConfig() {
        return config;
    }

    /** {@inheritDoc} SGD has no state: only an empty (or null) map is accepted. */
    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        if (stateMap != null && !stateMap.isEmpty()) {
            throw new IllegalStateException("Alrao-SGD keeps no state, got state keys " + stateMap.keySet());
        }
    }

    @Override
    public Map<String, INDArray> getState() {
        return Collections.emptyMap();
    }

    /** {@inheritDoc} SGD has no state view: only {@code null} is accepted. */
    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (viewArray != null) {
            throw new IllegalStateException("Alrao-SGD keeps no state, but was given a state view of length "
                    + viewArray.length());
        }
    }

    /** {@inheritDoc} {@code gradient <- Lambda (.) gradient}; DL4J then does {@code params -= gradient}. */
    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        scaler.scale(gradient, config.multiplierAt(iteration, epoch));
    }
}

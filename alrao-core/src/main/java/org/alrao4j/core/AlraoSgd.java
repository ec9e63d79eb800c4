package org.alrao4j.core;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Alrao with SGD as the base optimizer: {@code p <- p - Lambda (.) g}, where {@code Lambda} holds each
 * element's unit rate (Alrao spec section 1.4, reference {@code SGDSpec.step} with momentum 0 and no
 * weight decay, the settings of all the paper's experiments). No optimizer state.
 */
public final class AlraoSgd extends AlraoUpdater {

    private static final long serialVersionUID = 1L;

    /**
     * @param unitLearningRates one rate per unit
     * @param layout            flat gradient layout of the layer
     * @param tag               the layer this updater serves
     * @param lrMultiplier      optional schedule multiplying all rates, or {@code null}
     */
    @JsonCreator
    public AlraoSgd(@JsonProperty("unitLearningRates") double[] unitLearningRates,
                    @JsonProperty("layout") UnitLayout layout, @JsonProperty("tag") String tag,
                    @JsonProperty("lrMultiplier") ISchedule lrMultiplier) {
        super(unitLearningRates, layout, tag, lrMultiplier);
    }

    /** {@inheritDoc} SGD keeps no state. */
    @Override
    public long stateSize(long numParams) {
        return 0;
    }

    /** {@inheritDoc} */
    @Override
    public GradientUpdater<AlraoSgd> instantiate(INDArray viewArray, boolean initializeViewArray) {
        AlraoSgdUpdater updater = new AlraoSgdUpdater(this);
        updater.setStateViewArray(viewArray, null, 'c', initializeViewArray);
        return updater;
    }

    /** {@inheritDoc} */
    @Override
    public GradientUpdater<AlraoSgd> instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        AlraoSgdUpdater updater = new AlraoSgdUpdater(this);
        updater.setState(updaterState, initializeStateArrays);
        return updater;
    }

    @Override
    public AlraoSgd clone() {
        return new AlraoSgd(unitLearningRates(), layout(), tag(), lrMultiplier() == null ? null : lrMultiplier().clone());
    }

    @Override
    public String toString() {
        return "AlraoSgd(" + describe() + ")";
    }
}

package org.alrao4j.core;

import java.util.Map;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Alrao with Adam as the base optimizer (Alrao spec section 4.2, reference {@code AdamSpec.step}):
 * <pre>
 *   m <- beta1 m + (1 - beta1) g          v <- beta2 v + (1 - beta2) g^2
 *   p <- p - sqrt(1 - beta2^t) / (1 - beta1^t) * (Lambda (.) m) / (sqrt(v) + eps)
 * </pre>
 * This is the PyTorch 0.4 variant the reference used: epsilon is added to the <em>uncorrected</em>
 * {@code sqrt(v)}, and the bias corrections are folded into the step size. ND4J's own {@code Adam} uses
 * the same formula, so the applier runs ND4J's native Adam op with rate 1 and then multiplies by the unit
 * rates; with all unit rates equal to {@code eta} it matches {@code new Adam(eta)} up to float rounding.
 */
public final class AlraoAdam extends AlraoUpdater {

    private static final long serialVersionUID = 1L;
    /** Default first-moment decay, as PyTorch and ND4J. */
    public static final double DEFAULT_BETA1 = AdamParameters.DEFAULT_BETA1;
    /** Default second-moment decay, as PyTorch and ND4J. */
    public static final double DEFAULT_BETA2 = AdamParameters.DEFAULT_BETA2;
    /** Default epsilon, as PyTorch and ND4J. */
    public static final double DEFAULT_EPSILON = AdamParameters.DEFAULT_EPSILON;

    @JsonProperty("beta1")
    private final double beta1;
    @JsonProperty("beta2")
    private final double beta2;
    @JsonProperty("epsilon")
    private final double epsilon;

    /**
     * @param unitLearningRates one rate per unit
     * @param layout            flat gradient layout of the layer
     * @param tag               the layer this updater serves
     * @param lrMultiplier      optional schedule multiplying all rates, or {@code null}
     * @param beta1             first-moment decay in [0, 1)
     * @param beta2             second-moment decay in [0, 1)
     * @param epsilon           denominator offset, {@code > 0}
     */
    @JsonCreator
    public AlraoAdam(@JsonProperty("unitLearningRates") double[] unitLearningRates,
                     @JsonProperty("layout") UnitLayout layout, @JsonProperty("tag") String tag,
                     @JsonProperty("lrMultiplier") ISchedule lrMultiplier, @JsonProperty("beta1") double beta1,
                     @JsonProperty("beta2") double beta2, @JsonProperty("epsilon") double epsilon) {
        super(unitLearningRates, layout, tag, lrMultiplier);
        AdamParameters.validate(beta1, beta2, epsilon);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /** @return first-moment decay */
    public double beta1() {
        return beta1;
    }

    /** @return second-moment decay */
    public double beta2() {
        return beta2;
    }

    /** @return denominator offset */
    public double epsilon() {
        return epsilon;
    }

    /** {@inheritDoc} Two moments per parameter, as ND4J's {@code Adam}. */
    @Override
    public long stateSize(long numParams) {
        return 2 * numParams;
    }

    /** {@inheritDoc} */
    @Override
    public GradientUpdater<AlraoAdam> instantiate(INDArray viewArray, boolean initializeViewArray) {
        AlraoAdamUpdater updater = new AlraoAdamUpdater(this);
        updater.setStateViewArray(viewArray, null, 'c', initializeViewArray);
        return updater;
    }

    /** {@inheritDoc} */
    @Override
    public GradientUpdater<AlraoAdam> instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        AlraoAdamUpdater updater = new AlraoAdamUpdater(this);
        updater.setState(updaterState, initializeStateArrays);
        return updater;
    }

    @Override
    public AlraoAdam clone() {
        return new AlraoAdam(unitLearningRates(), layout(), tag(),
                lrMultiplier() == null ? null : lrMultiplier().clone(), beta1, beta2, epsilon);
    }

    @Override
    public boolean equals(Object o) {
        if (!super.equals(o)) {
            return false;
        }
        AlraoAdam other = (AlraoAdam) o;
        return beta1 == other.beta1 && beta2 == other.beta2 && epsilon == other.epsilon;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), beta1, beta2, epsilon);
    }

    @Override
    public String toString() {
        return "AlraoAdam(" + describe() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon + ")";
    }
}

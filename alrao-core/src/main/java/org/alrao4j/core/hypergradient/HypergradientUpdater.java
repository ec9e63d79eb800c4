package org.alrao4j.core.hypergradient;

import java.util.Map;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Common configuration of the hypergradient-descent updaters {@link SgdHd}, {@link SgdnHd} and {@link AdamHd}.
 * <pre>
 * A. G. Baydin, R. Cornish, D. Martinez Rubio, M. Schmidt, F. Wood. "Online Learning Rate Adaptation with
 * Hypergradient Descent". ICLR 2018, arXiv:1703.04782, Algorithms 1-6:
 *   h_t     = g_t . grad_alpha u_{t-1}          (hypergradient; grad_alpha u_{t-1} = -d_{t-1})
 *   alpha_t = alpha_{t-1} - beta h_t = alpha_{t-1} + beta (g_t . d_{t-1})
 *   u_t     = -alpha_t d_t                      (DL4J then does params -= alpha_t d_t)
 * </pre>
 * where {@code d_t} is the base optimizer's update direction at rate 1. The learning rate {@code alpha} and
 * the previous direction {@code d_{t-1}} live in DL4J's updater state view (slot 0 and slots {@code 1..N} of
 * each updater block's state), so {@code ModelSerializer} saves and restores them and a restored network
 * continues exactly. {@code alpha} is not clipped: as in the reference, it may become slightly negative late
 * in training ("unlearning", poster; reference issue #1).
 *
 * <p><b>Granularity</b> ({@link HypergradientMode}): {@code PER_BLOCK} learns one alpha per DL4J updater block
 * (per layer when each layer has its own {@link #tag()}); {@code GLOBAL} learns the paper's single alpha from
 * the dot product over all blocks of the network (see the package documentation for how blocks coordinate).
 *
 * <p>Instances are immutable, compare by value (which decides DL4J's block merging) and round-trip through
 * DL4J's configuration JSON. {@link #getLearningRate} reports {@code alpha0}: the live alpha is state, not
 * configuration. DL4J scales {@code WeightDecay} (applied after the updater) by that nominal rate; use
 * {@code l2(...)} (applied to the gradient before the updater, as the reference's {@code weight_decay}) instead.
 */
public abstract class HypergradientUpdater implements IUpdater {

    private static final long serialVersionUID = 1L;
    /** Default initial learning rate {@code alpha_0}, as the reference's {@code --alpha_0}. */
    public static final double DEFAULT_ALPHA0 = 1e-3;

    @JsonProperty("alpha0")
    private final double alpha0;
    @JsonProperty("hypergradLr")
    private final double hypergradLr;
    @JsonProperty("mode")
    private final HypergradientMode mode;
    @JsonProperty("tag")
    private final String tag;

    /**
     * @param alpha0      initial learning rate, finite and {@code >= 0} (the paper: even 0 works)
     * @param hypergradLr hypergradient learning rate {@code beta}, finite and {@code >= 0} (0 = the base optimizer)
     * @param mode        one alpha per block or one for the network; {@code null} means {@code PER_BLOCK}
     * @param tag         optional name of the layer or group (keeps equal-looking layers in separate blocks)
     */
    protected HypergradientUpdater(double alpha0, double hypergradLr, HypergradientMode mode, String tag) {
        if (!(alpha0 >= 0) || !Double.isFinite(alpha0)) {
            throw new IllegalArgumentException("alpha0 must be finite and >= 0, got alpha0=" + alpha0
                    + "; use a small initial learning rate such as " + DEFAULT_ALPHA0 + " (even 0 works)");
        }
        if (!(hypergradLr >= 0) || !Double.isFinite(hypergradLr)) {
            throw new IllegalArgumentException("hypergradLr must be finite and >= 0, got hypergradLr=" + hypergradLr
                    + "; use the reference defaults (1e-6 for SGD/SGDN, 1e-8 for Adam) or 0 to keep alpha fixed");
        }
        this.alpha0 = alpha0;
        this.hypergradLr = hypergradLr;
        this.mode = mode == null ? HypergradientMode.PER_BLOCK : mode;
        this.tag = tag;
    }

    /** @return the initial learning rate {@code alpha_0} */
    public double alpha0() {
        return alpha0;
    }

    /** @return the hypergradient learning rate {@code beta} */
    public double hypergradLr() {
        return hypergradLr;
    }

    /** @return whether alpha is learned per updater block or once for the whole network */
    public HypergradientMode mode() {
        return mode;
    }

    /** @return the layer or group this configuration is meant for, or {@code null} */
    public String tag() {
        return tag;
    }

    /**
     * @param newTag the layer or group name; {@code null} for none
     * @return a copy with the given tag
     */
    public abstract HypergradientUpdater withTag(String newTag);

    /**
     * @param newMode the granularity of alpha
     * @return a copy with the given mode
     */
    public abstract HypergradientUpdater withMode(HypergradientMode newMode);

    /**
     * Number of direction-sized state arrays: 1 (previous direction) plus the base optimizer's own.
     *
     * @return the number of state slots of length {@code numParams} per variable
     */
    protected abstract int stateSlots();

    /** {@inheritDoc} {@code stateSlots() * n + 1}: alpha, the previous direction and the base optimizer's state. */
    @Override
    public long stateSize(long numParams) {
        return stateSlots() * numParams + 1;
    }

    /**
     * Creates the applier; used by {@link #instantiate(INDArray, boolean)}.
     *
     * @return a new, uninitialized applier
     */
    protected abstract HypergradientGradientUpdater<?> newApplier();

    /** {@inheritDoc} */
    @Override
    public HypergradientGradientUpdater<?> instantiate(INDArray viewArray, boolean initializeViewArray) {
        HypergradientGradientUpdater<?> updater = newApplier();
        updater.setStateViewArray(viewArray, null, 'c', initializeViewArray);
        return updater;
    }

    /**
     * Not supported: hypergradient state needs one contiguous view per updater block (the DL4J
     * {@code MultiLayerNetwork} / {@code ComputationGraph} path); SameDiff's per-variable state maps are not.
     */
    @Override
    public GradientUpdater<?> instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " needs a contiguous state view"
                + " (MultiLayerNetwork or ComputationGraph); SameDiff state maps are not supported. Train with a"
                + " MultiLayerNetwork or ComputationGraph, or use a built-in updater for SameDiff.fit.");
    }

    /** {@inheritDoc} The initial rate {@code alpha0}; the live alpha is in the updater state. */
    @Override
    public double getLearningRate(int iteration, int epoch) {
        return alpha0;
    }

    /** {@inheritDoc} */
    @Override
    public boolean hasLearningRate() {
        return true;
    }

    /** Always throws: the learning rate is learned online from alpha0; a schedule would fight it. */
    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " learns its learning rate online;"
                + " setLearningRate(" + lr + ") cannot change it. Configure alpha0 (the initial rate) instead.");
    }

    @Override
    public abstract HypergradientUpdater clone();

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        HypergradientUpdater other = (HypergradientUpdater) o;
        return Double.compare(alpha0, other.alpha0) == 0 && Double.compare(hypergradLr, other.hypergradLr) == 0
                && mode == other.mode && Objects.equals(tag, other.tag);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), alpha0, hypergradLr, mode, tag);
    }

    /** @return the common fields for {@code toString} */
    protected String describe() {
        return "alpha0=" + alpha0 + ", hypergradLr=" + hypergradLr + ", mode=" + mode + (tag == null ? "" : ", tag="
                + tag);
    }
}

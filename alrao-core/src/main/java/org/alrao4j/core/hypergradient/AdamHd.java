package org.alrao4j.core.hypergradient;

import org.alrao4j.core.AdamParameters;

import java.util.Objects;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Adam with hypergradient descent (Adam-HD; Baydin et al., arXiv:1703.04782, Algorithm 3 / poster Algorithm 6):
 * <pre>
 *   m_t = beta1 m_{t-1} + (1 - beta1) g_t        v_t = beta2 v_{t-1} + (1 - beta2) g_t^2
 *   d_t = sqrt(1 - beta2^t) / (1 - beta1^t) * m_t / (sqrt(v_t) + eps)
 *   alpha_t = alpha_{t-1} + beta g_t . d_{t-1}        theta_t = theta_{t-1} - alpha_t d_t
 * </pre>
 * {@code d_t} is ND4J's (and PyTorch's) Adam step at rate 1, with {@code eps} added to the uncorrected
 * {@code sqrt(v)}; so {@code g_t . d_{t-1}} is exactly the reference {@code AdamHD}'s hypergradient
 * {@code g . m/(sqrt(v)+eps) * sqrt(1-beta2^{t-1})/(1-beta1^{t-1})} (lr-methods.md 3.2). Bias correction uses
 * {@code t = iteration + 1}, as ND4J's {@code Adam}. State per block: {@code [alpha, d_{t-1}, m, v]},
 * {@code 3n + 1} values per variable.
 */
public final class AdamHd extends HypergradientUpdater {

    private static final long serialVersionUID = 1L;
    /** Default hypergradient learning rate {@code beta}, as the reference's {@code hypergrad_lr} for AdamHD. */
    public static final double DEFAULT_HYPERGRAD_LR = 1e-8;
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

    /** Adam-HD with {@link #DEFAULT_ALPHA0}, {@link #DEFAULT_HYPERGRAD_LR} and the default Adam constants. */
    public AdamHd() {
        this(DEFAULT_ALPHA0, DEFAULT_HYPERGRAD_LR);
    }

    /**
     * @param alpha0      initial learning rate, finite and {@code >= 0}
     * @param hypergradLr hypergradient learning rate {@code beta}, finite and {@code >= 0}
     */
    public AdamHd(double alpha0, double hypergradLr) {
        this(alpha0, hypergradLr, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, HypergradientMode.PER_BLOCK, null);
    }

    /**
     * @param alpha0      initial learning rate, finite and {@code >= 0}
     * @param hypergradLr hypergradient learning rate {@code beta}, finite and {@code >= 0}
     * @param beta1       first-moment decay in {@code [0, 1)}
     * @param beta2       second-moment decay in {@code [0, 1)}
     * @param epsilon     denominator offset, finite and {@code > 0}
     * @param mode        one alpha per updater block or one per network ({@code null}: per block)
     * @param tag         optional layer or group name, or {@code null}
     */
    @JsonCreator
    public AdamHd(@JsonProperty("alpha0") double alpha0, @JsonProperty("hypergradLr") double hypergradLr,
                  @JsonProperty("beta1") double beta1, @JsonProperty("beta2") double beta2,
                  @JsonProperty("epsilon") double epsilon, @JsonProperty("mode") HypergradientMode mode,
                  @JsonProperty("tag") String tag) {
        super(alpha0, hypergradLr, mode, tag);
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

    @Override
    protected int stateSlots() {
        return 3;
    }

    @Override
    protected HypergradientGradientUpdater<?> newApplier() {
        return new AdamHdUpdater(this);
    }

    @Override
    public AdamHd withTag(String newTag) {
        return new AdamHd(alpha0(), hypergradLr(), beta1, beta2, epsilon, mode(), newTag);
    }

    @Override
    public AdamHd withMode(HypergradientMode newMode) {
        return new AdamHd(alpha0(), hypergradLr(), beta1, beta2, epsilon, newMode, tag());
    }

    @Override
    public AdamHd clone() {
        return new AdamHd(alpha0(), hypergradLr(), beta1, beta2, epsilon, mode(), tag());
    }

    @Override
    public boolean equals(Object o) {
        if (!super.equals(o)) {
            return false;
        }
        AdamHd other = (AdamHd) o;
        return Double.compare(beta1, other.beta1) == 0 && Double.compare(beta2, other.beta2) == 0
                && Double.compare(epsilon, other.epsilon) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), beta1, beta2, epsilon);
    }

    @Override
    public String toString() {
        return "AdamHd(" + describe() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon + ")";
    }
}

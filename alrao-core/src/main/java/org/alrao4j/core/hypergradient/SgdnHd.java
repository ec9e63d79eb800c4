package org.alrao4j.core.hypergradient;

import java.util.Objects;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * SGD with Nesterov momentum and hypergradient descent (SGDN-HD; Baydin et al., arXiv:1703.04782, Algorithm 2),
 * with the PyTorch momentum recursion of the paper and the reference {@code SGDHD(nesterov=True)}:
 * <pre>
 *   v_t = mu v_{t-1} + g_t            d_t = g_t + mu v_t
 *   alpha_t = alpha_{t-1} + beta g_t . d_{t-1}        theta_t = theta_{t-1} - alpha_t d_t
 * </pre>
 * This is deliberately not DL4J's {@code Nesterovs}, whose cs231n recursion has {@code du/dalpha = -(1 + mu) g_t}
 * (lr-methods.md 3.7). State per block: {@code [alpha, d_{t-1}, v]}, {@code 2n + 1} values per variable.
 */
public final class SgdnHd extends HypergradientUpdater {

    private static final long serialVersionUID = 1L;
    /** Default hypergradient learning rate {@code beta}, as the reference's {@code hypergrad_lr}. */
    public static final double DEFAULT_HYPERGRAD_LR = 1e-6;
    /** Default momentum, as the reference's {@code --mu}. */
    public static final double DEFAULT_MOMENTUM = 0.9;

    @JsonProperty("momentum")
    private final double momentum;

    /** SGDN-HD with {@link #DEFAULT_ALPHA0}, {@link #DEFAULT_HYPERGRAD_LR} and {@link #DEFAULT_MOMENTUM}. */
    public SgdnHd() {
        this(DEFAULT_ALPHA0, DEFAULT_HYPERGRAD_LR, DEFAULT_MOMENTUM);
    }

    /**
     * @param alpha0      initial learning rate, finite and {@code >= 0}
     * @param hypergradLr hypergradient learning rate {@code beta}, finite and {@code >= 0}
     * @param momentum    momentum {@code mu} in {@code [0, 1)}
     */
    public SgdnHd(double alpha0, double hypergradLr, double momentum) {
        this(alpha0, hypergradLr, momentum, HypergradientMode.PER_BLOCK, null);
    }

    /**
     * @param alpha0      initial learning rate, finite and {@code >= 0}
     * @param hypergradLr hypergradient learning rate {@code beta}, finite and {@code >= 0}
     * @param momentum    momentum {@code mu} in {@code [0, 1)}
     * @param mode        one alpha per updater block or one per network ({@code null}: per block)
     * @param tag         optional layer or group name, or {@code null}
     */
    @JsonCreator
    public SgdnHd(@JsonProperty("alpha0") double alpha0, @JsonProperty("hypergradLr") double hypergradLr,
                  @JsonProperty("momentum") double momentum, @JsonProperty("mode") HypergradientMode mode,
                  @JsonProperty("tag") String tag) {
        super(alpha0, hypergradLr, mode, tag);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got momentum=" + momentum
                    + "; use the reference default " + DEFAULT_MOMENTUM + ", or SgdHd for no momentum");
        }
        this.momentum = momentum;
    }

    /** @return the momentum {@code mu} */
    public double momentum() {
        return momentum;
    }

    @Override
    protected int stateSlots() {
        return 2;
    }

    @Override
    protected HypergradientGradientUpdater<?> newApplier() {
        return new SgdnHdUpdater(this);
    }

    @Override
    public SgdnHd withTag(String newTag) {
        return new SgdnHd(alpha0(), hypergradLr(), momentum, mode(), newTag);
    }

    @Override
    public SgdnHd withMode(HypergradientMode newMode) {
        return new SgdnHd(alpha0(), hypergradLr(), momentum, newMode, tag());
    }

    @Override
    public SgdnHd clone() {
        return new SgdnHd(alpha0(), hypergradLr(), momentum, mode(), tag());
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && Double.compare(momentum, ((SgdnHd) o).momentum) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), momentum);
    }

    @Override
    public String toString() {
        return "SgdnHd(" + describe() + ", momentum=" + momentum + ")";
    }
}

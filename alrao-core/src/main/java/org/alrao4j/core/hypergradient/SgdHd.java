package org.alrao4j.core.hypergradient;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * SGD with hypergradient descent (SGD-HD; Baydin et al., arXiv:1703.04782, Algorithm 1 / eq. 3):
 * <pre>
 *   alpha_t = alpha_{t-1} + beta g_t . g_{t-1}        theta_t = theta_{t-1} - alpha_t g_t
 * </pre>
 * matching {@code SGDHD} of the reference {@code gbaydin/hypergradient-descent} with momentum 0 (the learning
 * rate is updated before the step). State per block: {@code [alpha, g_{t-1}]}, {@code n + 1} values per variable.
 */
public final class SgdHd extends HypergradientUpdater {

    private static final long serialVersionUID = 1L;
    /** Default hypergradient learning rate {@code beta}, as the reference's {@code hypergrad_lr}. */
    public static final double DEFAULT_HYPERGRAD_LR = 1e-6;

    /** SGD-HD with {@link #DEFAULT_ALPHA0}, {@link #DEFAULT_HYPERGRAD_LR}, per-block alpha and no tag. */
    public SgdHd() {
        this(DEFAULT_ALPHA0, DEFAULT_HYPERGRAD_LR);
    }

    /**
     * @param alpha0      initial learning rate, finite and {@code >= 0}
     * @param hypergradLr hypergradient learning rate {@code beta}, finite and {@code >= 0}
     */
    public SgdHd(double alpha0, double hypergradLr) {
        this(alpha0, hypergradLr, HypergradientMode.PER_BLOCK, null);
    }

    /**
     * @param alpha0      initial learning rate, finite and {@code >= 0}
     * @param hypergradLr hypergradient learning rate {@code beta}, finite and {@code >= 0}
     * @param mode        one alpha per updater block or one per network ({@code null}: per block)
     * @param tag         optional layer or group name, or {@code null}
     */
    @JsonCreator
    public SgdHd(@JsonProperty("alpha0") double alpha0, @JsonProperty("hypergradLr") double hypergradLr,
                 @JsonProperty("mode") HypergradientMode mode, @JsonProperty("tag") String tag) {
        super(alpha0, hypergradLr, mode, tag);
    }

    @Override
    protected int stateSlots() {
        return 1;
    }

    @Override
    protected HypergradientGradientUpdater<?> newApplier() {
        return new SgdHdUpdater(this);
    }

    @Override
    public SgdHd withTag(String newTag) {
        return new SgdHd(alpha0(), hypergradLr(), mode(), newTag);
    }

    @Override
    public SgdHd withMode(HypergradientMode newMode) {
        return new SgdHd(alpha0(), hypergradLr(), newMode, tag());
    }

    @Override
    public SgdHd clone() {
        return new SgdHd(alpha0(), hypergradLr(), mode(), tag());
    }

    @Override
    public String toString() {
        return "SgdHd(" + describe() + ")";
    }
}

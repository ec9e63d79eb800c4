package org.alrao4j.examples;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.alrao4j.core.BaseOptimizer;
import org.alrao4j.core.hypergradient.AdamHd;
import org.alrao4j.core.hypergradient.HypergradientUpdater;
import org.alrao4j.core.hypergradient.SgdHd;
import org.alrao4j.core.hypergradient.SgdnHd;

/**
 * The values of {@code --optimizer}: plain SGD and Adam (Alrao's base optimizers, or the baseline's), and the
 * hypergradient-descent variants of the baseline (Baydin et al., arXiv:1703.04782), which learn one global
 * learning rate alpha from {@code alpha0 = --lr}.
 */
public enum OptimizerChoice {
    /** Plain SGD. */
    SGD("SGD", BaseOptimizer.SGD, Double.NaN),
    /** Adam. */
    ADAM("Adam", BaseOptimizer.ADAM, Double.NaN),
    /** SGD with hypergradient descent on alpha. */
    SGD_HD("SGD-HD", BaseOptimizer.SGD, SgdHd.DEFAULT_HYPERGRAD_LR),
    /** SGD with Nesterov momentum and hypergradient descent. */
    SGDN_HD("SGDN-HD", BaseOptimizer.SGD, SgdnHd.DEFAULT_HYPERGRAD_LR),
    /** Adam with hypergradient descent. */
    ADAM_HD("Adam-HD", BaseOptimizer.ADAM, AdamHd.DEFAULT_HYPERGRAD_LR);

    private final String displayName;
    private final BaseOptimizer base;
    private final double defaultHypergradLr;

    OptimizerChoice(String displayName, BaseOptimizer base, double defaultHypergradLr) {
        this.displayName = displayName;
        this.base = base;
        this.defaultHypergradLr = defaultHypergradLr;
    }

    /**
     * @param value the option value, case-insensitive ({@code SGD}, {@code Adam}, {@code SGD-HD},
     *              {@code SGDN-HD}, {@code Adam-HD})
     * @return the choice
     * @throws BadInputException naming the accepted values
     */
    public static OptimizerChoice parse(String value) {
        for (OptimizerChoice c : values()) {
            if (c.displayName.equalsIgnoreCase(value == null ? "" : value.trim())) {
                return c;
            }
        }
        throw new BadInputException("--optimizer " + value + " is not supported; pass one of " + names()
                + " (the -HD variants only without --use_alrao)");
    }

    /** @return the accepted values, comma-separated */
    public static String names() {
        return Arrays.stream(values()).map(c -> c.displayName).collect(Collectors.joining(", "));
    }

    /** @return the name shown in results and on the console, e.g. "SGD-HD" */
    public String displayName() {
        return displayName;
    }

    /** @return the plain optimizer underneath: SGD for SGD, SGD-HD and SGDN-HD; Adam otherwise */
    public BaseOptimizer base() {
        return base;
    }

    /** @return whether alpha is learned by hypergradient descent */
    public boolean hypergradient() {
        return !Double.isNaN(defaultHypergradLr);
    }

    /** @return the reference's {@code hypergrad_lr}: 1e-6 for SGD-HD and SGDN-HD, 1e-8 for Adam-HD; NaN otherwise */
    public double defaultHypergradLr() {
        return defaultHypergradLr;
    }

    /**
     * @param alpha0      initial learning rate
     * @param hypergradLr hypergradient learning rate beta
     * @param momentum    Nesterov momentum of SGDN-HD ({@code 0}: the reference's 0.9)
     * @return the hypergradient updater template (installed in GLOBAL mode)
     * @throws IllegalStateException for SGD and Adam
     */
    public HypergradientUpdater updater(double alpha0, double hypergradLr, double momentum) {
        return switch (this) {
            case SGD_HD -> new SgdHd(alpha0, hypergradLr);
            case SGDN_HD -> new SgdnHd(alpha0, hypergradLr, momentum > 0 ? momentum : SgdnHd.DEFAULT_MOMENTUM);
            case ADAM_HD -> new AdamHd(alpha0, hypergradLr);
            default -> throw new IllegalStateException(displayName + " has no hypergradient updater");
        };
    }
}

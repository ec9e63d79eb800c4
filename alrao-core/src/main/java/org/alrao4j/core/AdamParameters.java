package org.alrao4j.core;

/** Adam's hyper-parameters: the defaults (PyTorch's and ND4J's) and their validation, shared by every Adam variant. */
public final class AdamParameters {

    /** Default first-moment decay. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** Default second-moment decay. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** Default epsilon. */
    public static final double DEFAULT_EPSILON = 1e-8;

    private AdamParameters() {
    }

    /**
     * @throws IllegalArgumentException unless {@code beta1, beta2} are in [0, 1) and {@code epsilon} is finite and
     *     {@code > 0}, naming the offending value and the defaults
     */
    public static void validate(double beta1, double beta2, double epsilon) {
        checkDecay("beta1", beta1);
        checkDecay("beta2", beta2);
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, got epsilon=" + epsilon
                    + "; the default is " + DEFAULT_EPSILON);
        }
    }

    private static void checkDecay(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + name + "=" + value
                    + "; the defaults are beta1=" + DEFAULT_BETA1 + ", beta2=" + DEFAULT_BETA2);
        }
    }
}

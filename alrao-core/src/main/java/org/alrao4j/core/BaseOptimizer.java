package org.alrao4j.core;

/** The optimizer whose step Alrao scales per unit (Alrao spec section 4.2). */
public enum BaseOptimizer {
    /** {@code p <- p - Lambda (.) g}: the paper's main setting. */
    SGD,
    /** PyTorch-0.4 Adam with the unit rate multiplying the step; the paper finds it less reliable. */
    ADAM
}

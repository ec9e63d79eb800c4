package org.alrao4j.core.hypergradient;

/** How many learning rates a network's hypergradient updaters learn. */
public enum HypergradientMode {
    /**
     * One alpha per DL4J updater block, from that block's dot product {@code g_t . d_{t-1}}. Consecutive
     * parameters with equal configurations share a block, so give each layer its own {@code tag} for a
     * deterministic per-layer alpha (like the reference's per-tensor Adam-HD, issue #9).
     */
    PER_BLOCK,
    /**
     * The paper's single alpha: {@code alpha_t = alpha_{t-1} + beta * sum over blocks of g_t . d_{t-1}}, applied
     * to every block in the same step. Every stateful updater block of the network must then be a
     * hypergradient block of the same kind in {@code GLOBAL} mode (stateless ones such as batch-norm's
     * {@code NoOp} statistics are fine).
     */
    GLOBAL
}

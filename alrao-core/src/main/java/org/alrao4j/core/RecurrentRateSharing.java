package org.alrao4j.core;

/**
 * How recurrent layers (LSTM, SimpleRnn) share unit learning rates (Alrao spec section 1.2, DISCREPANCY).
 */
public enum RecurrentRateSharing {
    /**
     * The reference code: every gate row gets its own rate, drawn independently for the input weights and
     * for the recurrent weights (the bias follows the input weights' rates). Default.
     */
    PER_GATE_ROW,
    /**
     * The paper's text: one rate per LSTM unit, shared by its four gates and by its input and recurrent
     * weights.
     */
    PER_UNIT
}

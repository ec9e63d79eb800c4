package org.alrao4j.examples.train;

/**
 * One row of {@code iterations.csv}: the learning rate an update applied and, for hypergradient optimizers,
 * the learned alpha.
 *
 * @param iteration    0-based update index
 * @param epoch        0-based epoch the update belongs to
 * @param learningRate the rate the update applied (for Alrao, the multiplier of every unit and classifier rate;
 *                     for a hypergradient optimizer, alpha)
 * @param alpha        the hypergradient optimizer's global alpha after the update, NaN for other optimizers
 */
public record IterationPoint(long iteration, int epoch, double learningRate, double alpha) {

    /** Header of {@code iterations.csv}, in field order. */
    public static final String CSV_HEADER = "iteration,epoch,learningRate,alpha";

    /** @return this row in {@code iterations.csv} format (an absent alpha is an empty cell) */
    public String csvRow() {
        return iteration + "," + epoch + "," + learningRate + "," + (Double.isNaN(alpha) ? "" : alpha);
    }
}

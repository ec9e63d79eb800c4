package org.alrao4j.examples.train;

/**
 * Loss and accuracy of a model on one split.
 *
 * @param loss     mean negative log-likelihood per prediction, in nats
 * @param accuracy fraction of argmax predictions equal to the label
 * @param count    number of predictions averaged
 */
public record Metrics(double loss, double accuracy, long count) {

    /** Metrics of a split that does not exist (reported as NaN). */
    public static final Metrics NONE = new Metrics(Double.NaN, Double.NaN, 0);

    /** @return the loss in bits (nats / ln 2), e.g. bits per character for a character-level model */
    public double bits() {
        return loss / Math.log(2);
    }
}

package org.alrao4j.examples.train;

import java.util.List;

/**
 * What a {@link TrainingLoop} run produced.
 *
 * @param epochs         one row per trained epoch
 * @param best           the selected epoch: lowest validation loss (the last epoch without validation)
 * @param posteriors     the Switch posterior sampled over training (empty for a baseline)
 * @param msPerIteration mean wall-clock milliseconds of one training update (fit time only)
 * @param stoppedEarly   whether early stopping ended training
 */
public record TrainingHistory(List<EpochMetrics> epochs, EpochMetrics best, List<PosteriorPoint> posteriors,
                              double msPerIteration, boolean stoppedEarly) {

    /**
     * The posterior after a number of updates.
     *
     * @param iteration updates done
     * @param posterior one probability per classifier
     */
    public record PosteriorPoint(long iteration, double[] posterior) {
    }
}

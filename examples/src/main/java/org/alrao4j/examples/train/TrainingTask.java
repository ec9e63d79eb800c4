package org.alrao4j.examples.train;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What the {@link TrainingLoop} needs from a task (image classification, language modelling).
 *
 * <p>Order of use: {@link #iterationsPerEpoch()} sizes the progress bar, {@link #fitEpoch} trains one pass
 * over the training split (the loop's listener sees every iteration), then {@link #evaluate} runs on each
 * split.
 */
public interface TrainingTask {

    /** The three splits of the paper's protocol. */
    enum Split {
        /** a sample of the training data */
        TRAIN,
        /** held-out data for model selection and early stopping */
        VALID,
        /** reported data */
        TEST
    }

    /** @return the number of parameter updates in one epoch */
    long iterationsPerEpoch();

    /**
     * Trains one epoch.
     *
     * @param net   the network (its listeners are already set)
     * @param epoch 0-based epoch, e.g. to reseed shuffling
     */
    void fitEpoch(ComputationGraph net, int epoch);

    /**
     * @param score the network's minibatch score
     * @return the mean per-prediction loss it stands for (DL4J sums a plain sequence output's loss over time)
     */
    default double lossOfScore(double score) {
        return score;
    }

    /** @return mean NLL and accuracy of the network's (mixture) predictions on a split, or {@link Metrics#NONE} */
    Metrics evaluate(ComputationGraph net, Split split);
}

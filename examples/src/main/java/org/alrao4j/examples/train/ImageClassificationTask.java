package org.alrao4j.examples.train;

import org.alrao4j.dl4j.data.LabeledImages;
import org.alrao4j.dl4j.data.ShufflingDataSetIterator;
import org.alrao4j.examples.data.ImageSplits;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Image classification: shuffled minibatches of the training split (optionally augmented), evaluation of
 * the network's output probabilities (for Alrao, the posterior-weighted mixture of the classifiers) by mean
 * NLL and accuracy. Training accuracy is measured after each epoch on the first {@value #TRAIN_SAMPLE}
 * training images, without augmentation.
 */
public final class ImageClassificationTask implements TrainingTask {

    /** Training images evaluated after each epoch for the training accuracy. */
    public static final int TRAIN_SAMPLE = 2_000;
    /**
     * Probabilities below this count as this in the NLL, so one confidently wrong prediction costs at most
     * {@code -ln(1e-30)} = 69.08 nats. A NaN output also lands here: a split's mean loss at that ceiling means
     * every prediction was at the floor, i.e. the network's outputs are not finite.
     */
    public static final double PROBABILITY_FLOOR = 1e-30;
    private static final int EVAL_BATCH = 200;

    private final ImageSplits data;
    private final DataSet train;
    private final int batchSize;
    private final DataSetPreProcessor augmentation;
    private final long seed;

    /**
     * @param data         the splits
     * @param batchSize    training minibatch size, {@code >= 1}
     * @param augmentation per-minibatch augmentation of training batches, or {@code null}
     * @param seed         seed of the shuffling (epoch e uses {@code seed + e})
     */
    public ImageClassificationTask(ImageSplits data, int batchSize, DataSetPreProcessor augmentation, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch_size must be >= 1, got " + batchSize);
        }
        this.data = data;
        this.train = data.train().toDataSet(data.numClasses());
        this.batchSize = batchSize;
        this.augmentation = augmentation;
        this.seed = seed;
    }

    @Override
    public long iterationsPerEpoch() {
        return (data.train().size() + batchSize - 1) / batchSize;
    }

    @Override
    public void fitEpoch(ComputationGraph net, int epoch) {
        ShufflingDataSetIterator it = new ShufflingDataSetIterator(train, batchSize, true, seed + epoch);
        if (augmentation != null) {
            it.setPreProcessor(augmentation);
        }
        net.fit(it);
    }

    @Override
    public Metrics evaluate(ComputationGraph net, Split split) {
        LabeledImages images = switch (split) {
            case TRAIN -> data.train().slice(0, Math.min(TRAIN_SAMPLE, data.train().size()));
            case VALID -> data.valid();
            case TEST -> data.test();
        };
        return images.size() == 0 ? Metrics.NONE : evaluate(net, images.toDataSet(data.numClasses()));
    }

    /** @return mean NLL and accuracy of {@code net}'s probabilities on {@code ds} */
    static Metrics evaluate(ComputationGraph net, DataSet ds) {
        ShufflingDataSetIterator it = new ShufflingDataSetIterator(ds, EVAL_BATCH, false, 0);
        double nll = 0;
        long correct = 0;
        long count = 0;
        while (it.hasNext()) {
            DataSet batch = it.next();
            INDArray probs = net.output(false, batch.getFeatures())[0];
            nll += sumNll(probs, batch.getLabels(), 1);
            correct += Nd4j.argMax(probs, 1).eq(Nd4j.argMax(batch.getLabels(), 1)).castTo(
                    org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
            count += batch.numExamples();
        }
        return new Metrics(nll / count, (double) correct / count, count);
    }

    /** @return {@code -sum log p[label]} over all predictions; probabilities below the floor count as the floor */
    static double sumNll(INDArray probs, INDArray oneHot, int classDim) {
        INDArray p = probs.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .mul(oneHot.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)).sum(classDim);
        return -Transforms.log(Transforms.max(p, PROBABILITY_FLOOR), false).sumNumber().doubleValue();
    }
}

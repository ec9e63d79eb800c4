package org.alrao4j.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Small seeded batches for network-level tests. */
final class TinyData {

    private TinyData() {
    }

    /** @return a batch of {@code batch} examples of the given feature shape with one-hot labels */
    static DataSet classification(long seed, int batch, int numClasses, long... featureShape) {
        Nd4j.getRandom().setSeed(seed);
        long[] shape = new long[featureShape.length + 1];
        shape[0] = batch;
        System.arraycopy(featureShape, 0, shape, 1, featureShape.length);
        INDArray features = Nd4j.rand(shape).subi(0.5);
        INDArray labels = Nd4j.zeros(batch, numClasses);
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, i % numClasses, 1.0);
        }
        return new DataSet(features, labels);
    }

    /** @return a sequence batch: features [batch, nIn, t], one-hot labels [batch, numClasses, t] */
    static DataSet sequences(long seed, int batch, int nIn, int numClasses, int t) {
        Nd4j.getRandom().setSeed(seed);
        INDArray features = Nd4j.rand(batch, nIn, t).subi(0.5);
        INDArray labels = Nd4j.zeros(batch, numClasses, t);
        for (int i = 0; i < batch; i++) {
            for (int s = 0; s < t; s++) {
                labels.putScalar(new int[] {i, (i + s) % numClasses, s}, 1.0);
            }
        }
        return new DataSet(features, labels);
    }
}

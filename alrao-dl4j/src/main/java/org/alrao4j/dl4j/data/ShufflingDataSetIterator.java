package org.alrao4j.dl4j.data;

import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches of an in-memory {@link DataSet}, reshuffled at every {@link #reset()} from a seeded
 * {@link Random}, so epoch k always sees the same order for the same seed. The last batch may be smaller.
 */
public final class ShufflingDataSetIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final DataSet data;
    private final INDArray flatFeatures;
    private final int batchSize;
    private final boolean shuffle;
    private final Random rng;
    private int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    /**
     * @param data      the examples
     * @param batchSize examples per minibatch, {@code >= 1}
     * @param shuffle   whether to shuffle (false: fixed order, for evaluation)
     * @param seed      seed of the shuffling
     */
    public ShufflingDataSetIterator(DataSet data, int batchSize, boolean shuffle, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got batchSize=" + batchSize);
        }
        this.data = data;
        long n = data.getFeatures().size(0);
        this.flatFeatures = data.getFeatures().reshape('c', n, data.getFeatures().length() / n);
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.rng = new Random(seed);
        reset();
    }

    @Override
    public DataSet next(int num) {
        int end = Math.min(cursor + num, order.length);
        int[] rows = java.util.Arrays.copyOfRange(order, cursor, end);
        cursor = end;
        INDArray f = Nd4j.pullRows(flatFeatures, 1, rows);
        INDArray l = Nd4j.pullRows(data.getLabels(), 1, rows);
        if (data.getFeatures().rank() > 2) {
            long[] shape = data.getFeatures().shape().clone();
            shape[0] = rows.length;
            f = f.reshape('c', shape);
        }
        DataSet batch = new DataSet(f, l);
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    @Override
    public int inputColumns() {
        return (int) (data.getFeatures().length() / data.numExamples());
    }

    @Override
    public int totalOutcomes() {
        return (int) data.getLabels().size(1);
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        int n = data.numExamples();
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        cursor = 0;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }
}

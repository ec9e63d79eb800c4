package org.alrao4j.examples.train;

import org.alrao4j.examples.data.TextCorpus;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Language modelling as the reference's {@code main_rnn.py}: the token stream is cut into {@code batch}
 * parallel streams ({@code batchify}); training runs truncated BPTT over windows of {@code bptt} steps with the
 * hidden state carried from window to window (DL4J's {@code BackpropType.TruncatedBPTT} inside one
 * {@code fit} of a long sequence). One-hot labels of the whole stream can be too large, so the stream is fed in
 * chunks of at most {@value #LABEL_BUDGET_BYTES} bytes of labels; the state is reset between chunks (for the
 * embedded corpus at character level this is about once per epoch). Evaluation uses 10 streams, carries
 * the state across windows with {@code rnnTimeStep}, and reports per-token NLL in nats.
 */
public final class LanguageModelTask implements TrainingTask {

    /** Budget of one chunk's one-hot labels. */
    public static final long LABEL_BUDGET_BYTES = 128L << 20;
    /** Number of streams in evaluation, as the reference's eval batch size. */
    public static final int EVAL_STREAMS = 10;
    /** Training tokens evaluated after each epoch for the training accuracy. */
    public static final int TRAIN_SAMPLE = 20_000;

    private final TextCorpus corpus;
    private final int[][] trainStreams;
    private final int bptt;
    private final int chunk;
    private final boolean summedScore;

    /**
     * @param corpus  the corpus
     * @param streams number of parallel training streams (the reference's {@code --batch_size})
     * @param bptt        truncated-BPTT window length
     * @param summedScore whether the network's score sums the loss over the window's steps (a plain DL4J
     *                    output layer; the Alrao head already averages over steps)
     */
    public LanguageModelTask(TextCorpus corpus, int streams, int bptt, boolean summedScore) {
        this.corpus = corpus;
        this.summedScore = summedScore;
        this.trainStreams = batchify(corpus.train(), streams);
        this.bptt = bptt;
        long perStep = 4L * streams * corpus.vocabularySize();
        this.chunk = (int) Math.max(bptt, LABEL_BUDGET_BYTES / perStep / bptt * bptt);
    }

    /** @return {@code data} cut into {@code n} equal streams; the remainder is dropped, as the reference does */
    static int[][] batchify(int[] data, int n) {
        int len = data.length / n;
        int[][] streams = new int[n][len];
        for (int b = 0; b < n; b++) {
            System.arraycopy(data, b * len, streams[b], 0, len);
        }
        return streams;
    }

    /** Approximate for the epoch's last, shorter window. */
    @Override
    public double lossOfScore(double score) {
        return summedScore ? score / bptt : score;
    }

    @Override
    public long iterationsPerEpoch() {
        long steps = Math.max(0, trainStreams[0].length - 1);
        long iterations = 0;
        for (long s = 0; s < steps; s += chunk) {
            long t = Math.min(chunk, steps - s);
            iterations += (t + bptt - 1) / bptt;
        }
        return iterations;
    }

    @Override
    public void fitEpoch(ComputationGraph net, int epoch) {
        int steps = trainStreams[0].length - 1;
        for (int s = 0; s < steps; s += chunk) {
            net.fit(window(trainStreams, s, Math.min(chunk, steps - s)));
        }
    }

    /** @return features {@code [B, 1, T]} (token ids) and one-hot labels {@code [B, V, T]} of the next tokens */
    private DataSet window(int[][] streams, int start, int length) {
        int b = streams.length;
        int v = corpus.vocabularySize();
        float[] features = new float[b * length];
        float[] labels = new float[b * v * length];
        for (int i = 0; i < b; i++) {
            for (int t = 0; t < length; t++) {
                features[i * length + t] = streams[i][start + t];
                labels[(i * v + streams[i][start + t + 1]) * length + t] = 1f;
            }
        }
        return new DataSet(Nd4j.create(features, new long[] {b, 1, length}, 'c'),
                Nd4j.create(labels, new long[] {b, v, length}, 'c'));
    }

    @Override
    public Metrics evaluate(ComputationGraph net, Split split) {
        int[] data = switch (split) {
            case TRAIN -> java.util.Arrays.copyOf(corpus.train(), Math.min(TRAIN_SAMPLE, corpus.train().length));
            case VALID -> corpus.valid();
            case TEST -> corpus.test();
        };
        if (data.length < 2 * EVAL_STREAMS) {
            return Metrics.NONE;
        }
        int[][] streams = batchify(data, EVAL_STREAMS);
        int steps = streams[0].length - 1;
        double nll = 0;
        long correct = 0;
        net.rnnClearPreviousState();
        try {
            for (int s = 0; s < steps; s += bptt) {
                DataSet w = window(streams, s, Math.min(bptt, steps - s));
                INDArray probs = net.rnnTimeStep(w.getFeatures())[0];
                nll += ImageClassificationTask.sumNll(probs, w.getLabels(), 1);
                correct += Nd4j.argMax(probs, 1).eq(Nd4j.argMax(w.getLabels(), 1)).castTo(DataType.INT)
                        .sumNumber().longValue();
            }
        } finally {
            net.rnnClearPreviousState();
        }
        long count = (long) EVAL_STREAMS * steps;
        return new Metrics(nll / count, (double) correct / count, count);
    }
}

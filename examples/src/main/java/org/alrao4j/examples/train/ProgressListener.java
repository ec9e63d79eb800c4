package org.alrao4j.examples.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.alrao4j.dl4j.AlraoHeadListener;
import org.alrao4j.dl4j.head.AlraoOutputLayerRuntime;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Steps a per-epoch progress bar, averages the training loss and samples the Alrao posterior during
 * training.
 */
final class ProgressListener extends BaseTrainingListener {

    /** The Switch posterior after a given number of updates. */
    record PosteriorSample(long iteration, double[] posterior) {
    }

    private final PrintStream out;
    private final boolean showBar;
    private final List<PosteriorSample> posteriors = new ArrayList<>();
    private ProgressBar bar;
    private long sampleEvery = 1;
    private long iterations;
    private double lossSum;
    private long lossCount;

    private final java.util.function.DoubleUnaryOperator toLoss;

    ProgressListener(PrintStream out, boolean showBar, java.util.function.DoubleUnaryOperator toLoss) {
        this.out = out;
        this.toLoss = toLoss;
        this.showBar = showBar;
    }

    /** Opens the bar of one epoch and resets the loss average. */
    void startEpoch(int epoch, int epochs, long max) {
        lossSum = 0;
        lossCount = 0;
        sampleEvery = Math.max(1, max / 50);
        if (showBar) {
            bar = new ProgressBarBuilder().setTaskName(String.format("epoch %d/%d", epoch, epochs)).setInitialMax(max)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000)
                    .setConsumer(new ConsoleProgressBarConsumer(out, 100)).build();
        }
    }

    /** Closes the epoch's bar. */
    void endEpoch() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        iterations++;
        double score = toLoss.applyAsDouble(model.score());
        if (Double.isFinite(score)) {
            lossSum += score;
            lossCount++;
        }
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(String.format(" loss %.4f", meanLoss()));
        }
        if (iterations % sampleEvery == 0) {
            samplePosterior(model);
        }
    }

    void samplePosterior(Model model) {
        List<AlraoOutputLayerRuntime> heads = AlraoHeadListener.heads(model);
        if (!heads.isEmpty()) {
            posteriors.add(new PosteriorSample(iterations, heads.get(0).posterior()));
        }
    }

    /** @return mean finite minibatch loss since the epoch started */
    double meanLoss() {
        return lossCount == 0 ? Double.NaN : lossSum / lossCount;
    }

    /** @return total parameter updates so far */
    long iterations() {
        return iterations;
    }

    List<PosteriorSample> posteriors() {
        return posteriors;
    }
}

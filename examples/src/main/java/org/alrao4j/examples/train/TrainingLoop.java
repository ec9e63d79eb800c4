package org.alrao4j.examples.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.alrao4j.dl4j.AlraoHeadListener;
import org.alrao4j.dl4j.head.AlraoOutputLayerRuntime;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * The reference's epoch loop ({@code main_cnn.py}, {@code main_rnn.py}): train one epoch, evaluate on
 * validation then test, print one summary line and the Alrao posterior, optionally stop early on the
 * validation loss. The best epoch is the one with the lowest validation loss, as in the paper's protocol.
 */
public final class TrainingLoop {

    private final int epochs;
    private final boolean earlyStopping;
    private final PrintStream out;
    private final boolean progressBar;

    /**
     * @param epochs        maximum number of epochs, {@code >= 1}
     * @param earlyStopping stop after {@value EarlyStopping#DEFAULT_PATIENCE}+1 epochs without improvement
     * @param out           console output
     * @param progressBar   whether to draw a progress bar per epoch
     */
    public TrainingLoop(int epochs, boolean earlyStopping, PrintStream out, boolean progressBar) {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        }
        this.epochs = epochs;
        this.earlyStopping = earlyStopping;
        this.out = out;
        this.progressBar = progressBar;
    }

    /**
     * @param net   the network
     * @param task  the task
     * @param extra further listeners called after every update, after the progress listener (e.g. an
     *              {@link IterationRecorder} or a snapshot listener)
     * @return the history of training {@code net} on {@code task}
     */
    public TrainingHistory run(ComputationGraph net, TrainingTask task, TrainingListener... extra) {
        ProgressListener listener = new ProgressListener(out, progressBar, task::lossOfScore);
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(listener);
        listeners.addAll(Arrays.asList(extra));
        net.setListeners(listeners);
        listener.samplePosterior(net);
        EarlyStopping stopper = new EarlyStopping(EarlyStopping.DEFAULT_PATIENCE);
        List<EpochMetrics> rows = new ArrayList<>();
        long fitNanos = 0;
        boolean stopped = false;
        for (int e = 0; e < epochs && !stopped; e++) {
            long start = System.nanoTime();
            AlraoHeadListener.heads(net).forEach(AlraoOutputLayerRuntime::resetClassifierStats);
            listener.startEpoch(e + 1, epochs, task.iterationsPerEpoch());
            try {
                task.fitEpoch(net, e);
            } finally {
                listener.endEpoch();
            }
            fitNanos += System.nanoTime() - start;
            EpochMetrics row = evaluate(net, task, e + 1, listener.meanLoss(), start);
            rows.add(row);
            report(net, row);
            stopped = earlyStopping && stopper.step(row.validLoss());
        }
        if (stopped) {
            out.println("early stopping: validation loss did not improve for more than "
                    + EarlyStopping.DEFAULT_PATIENCE + " epochs");
        }
        double ms = listener.iterations() == 0 ? Double.NaN : fitNanos / 1e6 / listener.iterations();
        return new TrainingHistory(rows, best(rows), posteriors(listener), ms, stopped);
    }

    private EpochMetrics evaluate(ComputationGraph net, TrainingTask task, int epoch, double trainLoss, long start) {
        Metrics train = task.evaluate(net, TrainingTask.Split.TRAIN);
        Metrics valid = task.evaluate(net, TrainingTask.Split.VALID);
        Metrics test = task.evaluate(net, TrainingTask.Split.TEST);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochMetrics(epoch, trainLoss, train.accuracy(), valid.loss(), valid.accuracy(), test.loss(),
                test.accuracy(), seconds);
    }

    private void report(ComputationGraph net, EpochMetrics row) {
        out.println(row.summary(epochs));
        for (AlraoOutputLayerRuntime head : AlraoHeadListener.heads(net)) {
            out.println("Alrao posterior " + format(head.posterior()) + "; classifiers over this epoch:");
            out.print(head.classifierStats().table());
        }
    }

    /** @return the row with the lowest validation loss; the last row when there is no validation loss */
    static EpochMetrics best(List<EpochMetrics> rows) {
        EpochMetrics best = null;
        for (EpochMetrics row : rows) {
            if (best == null || row.validLoss() < best.validLoss() || Double.isNaN(best.validLoss())
                    && !Double.isNaN(row.validLoss())) {
                best = row;
            }
        }
        boolean noValidation = rows.stream().allMatch(r -> Double.isNaN(r.validLoss()));
        return noValidation ? rows.get(rows.size() - 1) : best;
    }

    private static List<TrainingHistory.PosteriorPoint> posteriors(ProgressListener listener) {
        return listener.posteriors().stream()
                .map(s -> new TrainingHistory.PosteriorPoint(s.iteration(), s.posterior()))
                .collect(Collectors.toList());
    }

    /** @return a posterior as {@code [0.001, 0.35, ...]} with 4 significant digits */
    public static String format(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format("%.4g", v))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}

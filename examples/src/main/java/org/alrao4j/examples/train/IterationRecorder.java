package org.alrao4j.examples.train;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Records, after every update, the learning rate the update applied and (for hypergradient optimizers) the
 * learned alpha, for {@code iterations.csv}, {@code learning-rate.png} and {@code alpha.png}.
 */
public final class IterationRecorder extends BaseTrainingListener {

    /** Reads a value of the network after update {@code iteration} of epoch {@code epoch}. */
    @FunctionalInterface
    public interface Probe {
        /**
         * @param model     the network
         * @param iteration the update that just ran (DL4J's count before incrementing)
         * @param epoch     the epoch count
         * @return the value
         */
        double read(Model model, int iteration, int epoch);
    }

    private final Probe learningRate;
    private final Probe alpha;
    private final List<IterationPoint> points = new ArrayList<>();

    /**
     * @param learningRate the applied learning rate (or Alrao multiplier)
     * @param alpha        the hypergradient alpha, or {@code null} for other optimizers
     */
    public IterationRecorder(Probe learningRate, Probe alpha) {
        this.learningRate = learningRate;
        this.alpha = alpha;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        double a = alpha == null ? Double.NaN : alpha.read(model, iteration, epoch);
        points.add(new IterationPoint(iteration, epoch, learningRate.read(model, iteration, epoch), a));
    }

    /** @return the recorded points, in order (a copy) */
    public List<IterationPoint> points() {
        return List.copyOf(points);
    }
}

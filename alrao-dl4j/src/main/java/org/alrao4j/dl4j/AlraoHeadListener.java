package org.alrao4j.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.alrao4j.dl4j.head.AlraoOutputLayerRuntime;
import org.alrao4j.dl4j.head.ClassifierStats;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports every Alrao head's posterior and per-classifier running loss and accuracy every {@code frequency}
 * iterations (to SLF4J at INFO, or to a consumer), and starts a new accumulation period at each epoch.
 */
public class AlraoHeadListener extends BaseTrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(AlraoHeadListener.class);

    private final int frequency;
    private final Consumer<Report> sink;

    /**
     * One report.
     *
     * @param iteration the iteration that just finished
     * @param epoch     the epoch it belongs to
     * @param layer     the head's layer name
     * @param stats     the head's statistics since the epoch started
     */
    public record Report(int iteration, int epoch, String layer, ClassifierStats stats) {
    }

    /** @param frequency report every this many iterations, {@code >= 1}; reports go to SLF4J */
    public AlraoHeadListener(int frequency) {
        this(frequency, r -> LOG.info("iteration {} epoch {} head '{}' posterior and classifiers:\n{}", r.iteration(),
                r.epoch(), r.layer(), r.stats().table()));
    }

    /**
     * @param frequency report every this many iterations, {@code >= 1}
     * @param sink      receives the reports
     */
    public AlraoHeadListener(int frequency, Consumer<Report> sink) {
        if (frequency < 1) {
            throw new IllegalArgumentException("frequency must be >= 1, got frequency=" + frequency);
        }
        this.frequency = frequency;
        this.sink = sink;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if ((iteration + 1) % frequency == 0) {
            for (AlraoOutputLayerRuntime head : heads(model)) {
                sink.accept(new Report(iteration, epoch, head.conf().getLayer().getLayerName(),
                        head.classifierStats()));
            }
        }
    }

    @Override
    public void onEpochStart(Model model) {
        heads(model).forEach(AlraoOutputLayerRuntime::resetClassifierStats);
    }

    /** @return the Alrao heads of a network, in layer order */
    public static List<AlraoOutputLayerRuntime> heads(Model model) {
        Layer[] layers = model instanceof MultiLayerNetwork ? ((MultiLayerNetwork) model).getLayers()
                : model instanceof ComputationGraph ? ((ComputationGraph) model).getLayers() : new Layer[0];
        List<AlraoOutputLayerRuntime> heads = new ArrayList<>();
        for (Layer layer : layers) {
            if (layer instanceof AlraoOutputLayerRuntime) {
                heads.add((AlraoOutputLayerRuntime) layer);
            }
        }
        return heads;
    }
}

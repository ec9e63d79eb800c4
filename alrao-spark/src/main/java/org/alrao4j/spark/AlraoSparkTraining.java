package org.alrao4j.spark;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.alrao4j.core.Switch;
import org.alrao4j.core.hypergradient.HypergradientUpdater;
import org.alrao4j.dl4j.head.AlraoOutputLayerRuntime;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains Alrao (and SGDR or hypergradient) networks with DL4J's Spark training masters under the semantics of
 * {@link DistributedSemantics} (docs/spark.md).
 *
 * <pre>
 *   SparkComputationGraph net = new SparkComputationGraph(sc, alraoConf, trainingMaster);
 *   for (int epoch = 0; epoch &lt; epochs; epoch++) {
 *       FitReport report = AlraoSparkTraining.fit(net, trainData);
 *   }
 *   AlraoSparkTraining.refreshPosterior(net, evidenceData);    // gradient sharing: the posterior for prediction
 *   ModelSerializer.writeModel(net.getNetwork(), file, true);  // an ordinary single-machine network
 * </pre>
 */
public final class AlraoSparkTraining {

    private static final Logger LOG = LoggerFactory.getLogger(AlraoSparkTraining.class);

    private AlraoSparkTraining() {
    }

    /** As {@link #fit(SparkComputationGraph, JavaRDD)} for a MultiLayerNetwork. */
    public static FitReport fit(SparkDl4jMultiLayer net, JavaRDD<DataSet> data) {
        return fit(net.getTrainingMaster(), net.getNetwork(), () -> net.fit(data));
    }

    /**
     * One pass over {@code data} (each element one minibatch, as DL4J's Spark API expects). Parameter averaging:
     * plain DL4J training, then the driver's averaged Switch state is renormalized. Gradient sharing: the Switch is
     * frozen in the configuration the workers receive, so every replica keeps the driver's posterior; call {@link
     * #refreshPosterior} afterwards for a posterior that reflects the training.
     *
     * @throws IllegalArgumentException for an unsupported training master, or parameter averaging with
     *                                  {@code saveUpdater(false)} on a network with hypergradient updaters
     */
    public static FitReport fit(SparkComputationGraph net, JavaRDD<DataSet> data) {
        return fit(net.getTrainingMaster(), net.getNetwork(), () -> net.fit(data));
    }

    private static FitReport fit(TrainingMaster<?, ?> master, Model model, Runnable fit) {
        DistributedSemantics semantics = check(master, model);
        long start = System.nanoTime();
        if (semantics == DistributedSemantics.GRADIENT_SHARING) {
            AlraoHeads.setFrozen(model, true);
            try {
                fit.run();
            } finally {
                AlraoHeads.setFrozen(model, false);
            }
        } else {
            fit.run();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, double[]> posteriors = AlraoHeads.posteriors(model);
        LOG.info("{} fit in {} s, heads {}", semantics, seconds, posteriors.keySet());
        return new FitReport(semantics, seconds, posteriors);
    }

    /**
     * @return the semantics for {@code master}, after checking that it can train {@code model} correctly
     * @throws IllegalArgumentException see {@link #fit(SparkComputationGraph, JavaRDD)}
     */
    public static DistributedSemantics check(TrainingMaster<?, ?> master, Model model) {
        DistributedSemantics semantics = DistributedSemantics.of(master);
        if (semantics == DistributedSemantics.PARAMETER_AVERAGING
                && !((ParameterAveragingTrainingMaster) master).isSaveUpdater() && hasHypergradient(model)) {
            throw new IllegalArgumentException("ParameterAveragingTrainingMaster has saveUpdater=false, but the"
                    + " network has hypergradient updaters whose learned rate alpha lives in the updater state and"
                    + " would restart from alpha0 every averaging round; build the master with .saveUpdater(true)");
        }
        return semantics;
    }

    /** As {@link #refreshPosterior(SparkComputationGraph, JavaRDD)} for a MultiLayerNetwork. */
    public static Map<String, double[]> refreshPosterior(SparkDl4jMultiLayer net, JavaRDD<DataSet> data) {
        return refreshPosterior(net.getSparkContext(), net.getNetwork(), data);
    }

    /**
     * Recomputes every head's Switch on the driver from exact evidence: a Spark pass over {@code data} (each element
     * one minibatch) computes each classifier's mean NLL per minibatch with the driver's current parameters, then
     * the driver's Switch takes those minibatches in (partition, position) order, continuing from its current state.
     * The result is deterministic for given parameters and data, whatever the number of workers: this is the
     * gradient-sharing posterior (docs/spark.md), and works after parameter averaging too.
     *
     * @param data labelled minibatches (e.g. the training RDD, or a sample of it); feed-forward heads only
     * @return the new posterior of every head, as stored in the network's parameters
     */
    public static Map<String, double[]> refreshPosterior(SparkComputationGraph net, JavaRDD<DataSet> data) {
        return refreshPosterior(net.getSparkContext(), net.getNetwork(), data);
    }

    private static Map<String, double[]> refreshPosterior(JavaSparkContext sc, Model model, JavaRDD<DataSet> data) {
        Objects.requireNonNull(data, "data must not be null; pass an RDD of labelled minibatches");
        Map<String, AlraoOutputLayerRuntime> heads = AlraoHeads.of(model);
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("the network has no AlraoOutputLayer, so there is no posterior to"
                    + " refresh; build it with AlraoNetworks.convert");
        }
        Broadcast<NetworkSnapshot> snapshot = sc.broadcast(NetworkSnapshot.of(model));
        List<SwitchEvidence> evidence;
        try {
            evidence = data.mapPartitionsWithIndex(new SwitchEvidence.Pass(snapshot), true).collect();
        } finally {
            snapshot.destroy();
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        heads.forEach((name, head) -> {
            Switch sw = head.currentSwitch();
            evidence.stream().filter(e -> e.head().equals(name))
                    .sorted(Comparator.comparingInt(SwitchEvidence::partition).thenComparingInt(SwitchEvidence::index))
                    .forEach(e -> sw.update(e.meanNll()));
            head.setSwitch(sw);
            out.put(name, head.posterior()); // as stored in the parameters (float networks round it)
        });
        LOG.info("posterior refreshed from {} minibatch evidences", evidence.size());
        return out;
    }

    /**
     * @return every head's posterior as the workers would receive it: each of {@code partitions} Spark tasks rebuilds
     *     the network from the driver's configuration and parameters, as a training master does, and reads it
     */
    public static List<Map<String, double[]>> posteriorsOnWorkers(SparkComputationGraph net, int partitions) {
        Broadcast<NetworkSnapshot> snapshot = net.getSparkContext().broadcast(NetworkSnapshot.of(net.getNetwork()));
        try {
            return net.getSparkContext().parallelize(java.util.Collections.nCopies(partitions, 0), partitions)
                    .map(ignored -> AlraoHeads.posteriors(snapshot.getValue().rebuild())).collect();
        } finally {
            snapshot.destroy();
        }
    }

    /** @return every head's current posterior (a pooled state is renormalized first) */
    public static Map<String, double[]> posteriors(Model model) {
        return AlraoHeads.posteriors(model);
    }

    private static boolean hasHypergradient(Model model) {
        Layer[] layers = model instanceof ComputationGraph ? ((ComputationGraph) model).getLayers()
                : ((MultiLayerNetwork) model).getLayers();
        for (Layer layer : layers) {
            for (String param : layer.paramTable().keySet()) {
                IUpdater updater = layer.conf().getLayer().getUpdaterByParam(param);
                if (updater instanceof HypergradientUpdater) {
                    return true;
                }
            }
        }
        return false;
    }
}

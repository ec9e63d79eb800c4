package org.alrao4j.examples;

import java.util.List;
import java.util.Map;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.core.BaseOptimizer;
import org.alrao4j.core.ClassifierLearningRates;
import org.alrao4j.core.LearningRateRange;
import org.alrao4j.dl4j.AlraoInstaller;
import org.alrao4j.dl4j.AlraoNetworks;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.schedule.ISchedule;

/** Turns a plain classifier graph into the network a run trains: Alrao, or the baseline with one updater. */
final class Networks {

    private Networks() {
    }

    /** @return {@code Sgd(lr)} or {@code Adam(lr)}, the baseline's updater */
    static IUpdater baselineUpdater(BaseOptimizer optimizer, double lr) {
        return optimizer == BaseOptimizer.SGD ? new Sgd(lr) : new Adam(lr);
    }

    /** @return {@code Sgd(schedule)} or {@code Adam(schedule)}: the baseline's updater with a learning-rate schedule */
    static IUpdater baselineUpdater(BaseOptimizer optimizer, ISchedule schedule) {
        return optimizer == BaseOptimizer.SGD ? new Sgd(schedule) : new Adam(schedule);
    }

    /**
     * @param plain       softmax classifier graph
     * @param range       Alrao's learning-rate interval (body units and classifiers)
     * @param optimizer   base optimizer
     * @param classifiers number of classifiers
     * @param seed        sampling seed
     * @return the Alrao graph
     */
    static ComputationGraphConfiguration alrao(ComputationGraphConfiguration plain, LearningRateRange range,
                                               BaseOptimizer optimizer, int classifiers, long seed) {
        return alrao(plain, range, optimizer, classifiers, seed, null);
    }

    /**
     * As {@link #alrao(ComputationGraphConfiguration, LearningRateRange, BaseOptimizer, int, long)} with a
     * schedule multiplying every unit and classifier rate (e.g. SGDR from 1 to 0), or {@code null} for none.
     */
    static ComputationGraphConfiguration alrao(ComputationGraphConfiguration plain, LearningRateRange range,
                                               BaseOptimizer optimizer, int classifiers, long seed,
                                               ISchedule multiplier) {
        AlraoSettings settings = AlraoSettings.builder().range(range).optimizer(optimizer).seed(seed)
                .lrMultiplier(multiplier).build();
        return AlraoNetworks.builder().settings(settings).numClassifiers(classifiers).build().convert(plain);
    }

    /** @return the classifiers' log-spaced learning rates */
    static double[] classifierRates(LearningRateRange range, int classifiers) {
        return ClassifierLearningRates.geometricGrid(range, classifiers);
    }

    /** @return the sampled unit rates per body layer of an Alrao graph (empty for a baseline) */
    static Map<String, double[]> unitRates(ComputationGraphConfiguration conf) {
        return AlraoInstaller.unitRates(conf);
    }

    /** Adds an L2 penalty {@code weightDecay} to every layer with parameters ({@code 0}: nothing). */
    static void weightDecay(ComputationGraphConfiguration conf, double weightDecay) {
        if (weightDecay > 0) {
            forEachLayer(conf, layer -> layer.setRegularization(List.of(new L2Regularization(weightDecay))));
        }
    }

    /** Applies {@code action} to every {@link BaseLayer} of the graph. */
    static void forEachLayer(ComputationGraphConfiguration conf, java.util.function.Consumer<BaseLayer> action) {
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex) {
                Layer layer = ((LayerVertex) vertex).getLayerConf().getLayer();
                if (layer instanceof BaseLayer) {
                    action.accept((BaseLayer) layer);
                }
            }
        }
    }
}

package org.alrao4j.dl4j.hypergradient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.alrao4j.core.hypergradient.HypergradientGradientUpdater;
import org.alrao4j.core.hypergradient.HypergradientMode;
import org.alrao4j.core.hypergradient.HypergradientUpdater;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Puts hypergradient updaters ({@code SgdHd}, {@code SgdnHd}, {@code AdamHd}; Baydin et al., arXiv:1703.04782)
 * on every layer of an initialized network and reads back the learned learning rates.
 *
 * <p>Order of use: build and {@code init()} the network; call {@link #installPerLayer} or {@link #installGlobal}
 * before the first {@code fit} (DL4J creates its updater lazily and reads the layer configurations then); train;
 * inspect {@link #alphas}. The configurations are written into the network's own layer configurations, so they
 * appear in {@code toJson()} and in {@code ModelSerializer} files, and a restored network needs no
 * re-installation. Apply after any {@code TransferLearning}, which replaces updaters.
 *
 * <p>Both modes set the weight and bias updaters of every {@link BaseLayer} with parameters (batch
 * normalization: gamma and beta; its mean and variance keep DL4J's {@code NoOp}, which splits updater blocks).
 */
public final class HypergradientInstaller {

    private HypergradientInstaller() {
    }

    /**
     * One alpha per layer: each layer gets {@code template} in {@code PER_BLOCK} mode tagged with the layer name,
     * so no two layers share an updater block.
     *
     * @param net      an initialized network whose updater does not exist yet
     * @param template the hypergradient configuration (its mode and tag are replaced)
     * @throws IllegalStateException    if the network has already created its updater
     * @throws IllegalArgumentException if a layer with parameters is not a {@link BaseLayer}
     */
    public static void installPerLayer(MultiLayerNetwork net, HypergradientUpdater template) {
        checkNoUpdater(net.getUpdater(false) != null);
        install(net.getLayers(), template.withMode(HypergradientMode.PER_BLOCK), true);
    }

    /**
     * The paper's single alpha for the whole network: every layer gets {@code template} in {@code GLOBAL} mode.
     *
     * @param net      an initialized network whose updater does not exist yet
     * @param template the hypergradient configuration (its mode is replaced, its tag kept)
     * @throws IllegalStateException    if the network has already created its updater
     * @throws IllegalArgumentException if a layer with parameters is not a {@link BaseLayer}, or uses
     *                                  post-updater regularization ({@code WeightDecay})
     */
    public static void installGlobal(MultiLayerNetwork net, HypergradientUpdater template) {
        checkNoUpdater(net.getUpdater(false) != null);
        install(net.getLayers(), template.withMode(HypergradientMode.GLOBAL), false);
    }

    /**
     * {@link #installPerLayer(MultiLayerNetwork, HypergradientUpdater)} for a {@link ComputationGraph}.
     *
     * @param graph    an initialized graph whose updater does not exist yet
     * @param template the hypergradient configuration (its mode and tag are replaced)
     */
    public static void installPerLayer(ComputationGraph graph, HypergradientUpdater template) {
        checkNoUpdater(graph.getUpdater(false) != null);
        install(graph.getLayers(), template.withMode(HypergradientMode.PER_BLOCK), true);
    }

    /**
     * {@link #installGlobal(MultiLayerNetwork, HypergradientUpdater)} for a {@link ComputationGraph}.
     *
     * @param graph    an initialized graph whose updater does not exist yet
     * @param template the hypergradient configuration (its mode is replaced, its tag kept)
     */
    public static void installGlobal(ComputationGraph graph, HypergradientUpdater template) {
        checkNoUpdater(graph.getUpdater(false) != null);
        install(graph.getLayers(), template.withMode(HypergradientMode.GLOBAL), false);
    }

    private static void checkNoUpdater(boolean exists) {
        if (exists) {
            throw new IllegalStateException("The network's updater already exists, so new layer updaters would be"
                    + " ignored; install hypergradient updaters right after init() and before the first fit, or"
                    + " configure them in the builder with .updater(...)");
        }
    }

    private static void install(Layer[] layers, HypergradientUpdater config, boolean tagPerLayer) {
        for (Layer layer : layers) {
            if (layer.numParams() == 0) {
                continue;
            }
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            String name = conf.getLayerName() != null ? conf.getLayerName() : String.valueOf(layer.getIndex());
            if (!(conf instanceof BaseLayer)) {
                throw new IllegalArgumentException("Layer '" + name + "' (" + conf.getClass().getSimpleName()
                        + ") has parameters but is not a BaseLayer, so its updater cannot be set; set " + config
                        + " on it in the configuration builder instead");
            }
            BaseLayer base = (BaseLayer) conf;
            if (config.mode() == HypergradientMode.GLOBAL) {
                checkNoPostUpdaterRegularization(name, base.getRegularization());
                checkNoPostUpdaterRegularization(name, base.getRegularizationBias());
            }
            HypergradientUpdater u = tagPerLayer ? config.withTag(name) : config;
            base.setIUpdater(u);
            base.setBiasUpdater(u);
        }
    }

    private static void checkNoPostUpdaterRegularization(String layer, List<Regularization> regs) {
        if (regs == null) {
            return;
        }
        for (Regularization r : regs) {
            if (r.applyStep() == Regularization.ApplyStep.POST_UPDATER) {
                throw new IllegalArgumentException("Layer '" + layer + "' uses " + r + ", applied after the updater;"
                        + " GLOBAL hypergradient mode rewrites each block's update once all blocks have reported, which"
                        + " would drop it. Use l2(...) (applied before the updater, as the reference's weight_decay)"
                        + " or PER_BLOCK mode.");
            }
        }
    }

    /**
     * @param net a network trained with hypergradient updaters
     * @return the current alpha of each hypergradient updater block, keyed by its {@code layer/param} list (in
     *     GLOBAL mode all values are equal); empty if the updater does not exist yet
     */
    public static Map<String, Double> alphas(MultiLayerNetwork net) {
        return alphas((BaseMultiLayerUpdater<?>) net.getUpdater(false));
    }

    /**
     * @param graph a graph trained with hypergradient updaters
     * @return the current alpha of each hypergradient updater block, keyed by its {@code layer/param} list
     */
    public static Map<String, Double> alphas(ComputationGraph graph) {
        return alphas(graph.getUpdater(false));
    }

    private static Map<String, Double> alphas(BaseMultiLayerUpdater<?> updater) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (updater == null) {
            return out;
        }
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            GradientUpdater<?> gu = block.getGradientUpdater();
            if (gu instanceof HypergradientGradientUpdater) {
                String key = block.getLayersAndVariablesInBlock().stream()
                        .map(p -> Objects.toString(p.getLayer().getConfig().getLayerName()) + "/" + p.getParamName())
                        .collect(Collectors.joining(","));
                out.put(key, ((HypergradientGradientUpdater<?>) gu).alpha());
            }
        }
        return out;
    }
}

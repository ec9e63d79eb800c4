package org.alrao4j.dl4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.core.AlraoUpdater;
import org.alrao4j.dl4j.units.UnitPlan;
import org.alrao4j.dl4j.units.UnitPlans;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a DL4J network configuration into an Alrao one: every layer with trainable parameters gets an
 * {@link AlraoUpdater} whose unit rates are drawn log-uniformly from the settings' range (Alrao spec
 * section 1), once, from a stream seeded by the settings' seed and the layer's name.
 *
 * <pre>
 *   ComputationGraphConfiguration alrao = AlraoInstaller.install(conf,
 *           AlraoSettings.builder().lrMin(1e-5).lrMax(10).seed(42).build());
 * </pre>
 *
 * <p>Each layer gets one updater configuration for all its trainable parameters (weights, bias, gains),
 * so DL4J forms one updater block per layer and each block's flat gradient matches the layer's
 * {@link UnitPlan}. The result is an ordinary configuration: it serializes to DL4J JSON and back
 * unchanged, and the rates travel with it through {@code ModelSerializer}. Frozen layers and layers
 * named in {@link #excluding(String...)} keep their own updaters. Layer-level gradient normalization and
 * regularization are left as configured.
 */
public final class AlraoInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(AlraoInstaller.class);

    private final AlraoSettings settings;
    private final Set<String> excluded;

    private AlraoInstaller(AlraoSettings settings, Set<String> excluded) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.excluded = Collections.unmodifiableSet(excluded);
    }

    /** @return an installer with these settings that converts every trainable layer */
    public static AlraoInstaller of(AlraoSettings settings) {
        return new AlraoInstaller(settings, new LinkedHashSet<>());
    }

    /** @return a converted copy of {@code conf}; see the class documentation */
    public static ComputationGraphConfiguration install(ComputationGraphConfiguration conf, AlraoSettings settings) {
        return of(settings).apply(conf);
    }

    /** @return a converted copy of {@code conf}; see the class documentation */
    public static MultiLayerConfiguration install(MultiLayerConfiguration conf, AlraoSettings settings) {
        return of(settings).apply(conf);
    }

    /**
     * @param layerNames layers that keep their own updater (e.g. the output layer, when the Alrao head
     *                   or a plain classifier is trained separately)
     * @return a new installer that also skips these layers
     */
    public AlraoInstaller excluding(String... layerNames) {
        Set<String> names = new LinkedHashSet<>(excluded);
        names.addAll(List.of(layerNames));
        return new AlraoInstaller(settings, names);
    }

    /** @return the settings the installer samples rates with */
    public AlraoSettings settings() {
        return settings;
    }

    /** @return a copy of {@code conf} whose trainable layers carry Alrao updaters; {@code conf} is unchanged */
    public ComputationGraphConfiguration apply(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration copy = conf.clone();
        installAll(graphLayers(copy));
        return copy;
    }

    /** @return a copy of {@code conf} whose trainable layers carry Alrao updaters; {@code conf} is unchanged */
    public MultiLayerConfiguration apply(MultiLayerConfiguration conf) {
        MultiLayerConfiguration copy = conf.clone();
        installAll(listLayers(copy));
        return copy;
    }

    /**
     * Converts an initialized network in place. Its updater must not exist yet: DL4J creates it on the
     * first {@code fit} or {@code getUpdater()}, and it copies the updater configurations then.
     *
     * @return {@code net}
     */
    public ComputationGraph applyTo(ComputationGraph net) {
        requireNoUpdater(net.getUpdater(false) != null);
        installAll(graphLayers(net.getConfiguration()));
        return net;
    }

    /** As {@link #applyTo(ComputationGraph)}, for a {@link MultiLayerNetwork}. */
    public MultiLayerNetwork applyTo(MultiLayerNetwork net) {
        requireNoUpdater(net.getUpdater(false) != null);
        installAll(listLayers(net.getLayerWiseConfigurations()));
        return net;
    }

    private static void requireNoUpdater(boolean exists) {
        if (exists) {
            throw new IllegalStateException("The network's updater already exists, so DL4J would ignore new updater"
                    + " configurations. Install Alrao on the configuration, or on the network right after init()"
                    + " and before the first fit(), getUpdater() or ModelSerializer.writeModel(..., true).");
        }
    }

    /**
     * @return the unit rates of every Alrao layer of a configuration, by layer name (for plots and reports)
     */
    public static Map<String, double[]> unitRates(ComputationGraphConfiguration conf) {
        return collectRates(graphLayers(conf));
    }

    /** As {@link #unitRates(ComputationGraphConfiguration)}, for a {@link MultiLayerConfiguration}. */
    public static Map<String, double[]> unitRates(MultiLayerConfiguration conf) {
        return collectRates(listLayers(conf));
    }

    private static Map<String, double[]> collectRates(Map<String, Layer> layers) {
        Map<String, double[]> rates = new LinkedHashMap<>();
        layers.forEach((name, layer) -> {
            Layer target = UnitPlans.trainableLayer(layer);
            if (target instanceof BaseLayer && ((BaseLayer) target).getIUpdater() instanceof AlraoUpdater) {
                rates.put(name, ((AlraoUpdater) ((BaseLayer) target).getIUpdater()).unitLearningRates());
            }
        });
        return rates;
    }

    /** Plans every layer first, so an unsupported layer fails before anything is changed. */
    private void installAll(Map<String, Layer> layers) {
        for (String name : excluded) {
            if (!layers.containsKey(name)) {
                throw new IllegalArgumentException("excluded layer '" + name + "' is not a layer of the network;"
                        + " its layers are " + layers.keySet());
            }
        }
        Map<BaseLayer, AlraoUpdater> updaters = new LinkedHashMap<>();
        layers.forEach((name, layer) -> {
            Layer target = excluded.contains(name) ? null : UnitPlans.trainableLayer(layer);
            UnitPlan plan = target == null ? null : UnitPlans.planFor(name, target, settings.recurrentSharing());
            if (plan != null) {
                double[] rates = settings.sampleUnitRates(name, plan.numUnits());
                updaters.put((BaseLayer) target, settings.updaterFor(rates, plan.layout(), name));
            }
        });
        updaters.forEach((layer, updater) -> {
            layer.setIUpdater(updater);
            layer.setBiasUpdater(updater);
        });
        LOG.debug("Installed Alrao updaters ({}) on {} layers", settings, updaters.size());
    }

    private static Map<String, Layer> graphLayers(ComputationGraphConfiguration conf) {
        Map<String, Layer> layers = new LinkedHashMap<>();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex) {
                layers.put(e.getKey(), ((LayerVertex) e.getValue()).getLayerConf().getLayer());
            }
        }
        return layers;
    }

    private static Map<String, Layer> listLayers(MultiLayerConfiguration conf) {
        Map<String, Layer> layers = new LinkedHashMap<>();
        List<NeuralNetConfiguration> confs = conf.getConfs();
        for (int i = 0; i < confs.size(); i++) {
            Layer layer = confs.get(i).getLayer();
            layers.put(layer.getLayerName() != null ? layer.getLayerName() : "layer" + i, layer);
        }
        return layers;
    }
}

package org.alrao4j.dl4j.hypergradient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import org.alrao4j.core.hypergradient.AdamHd;
import org.alrao4j.core.hypergradient.HypergradientGradientUpdater;
import org.alrao4j.core.hypergradient.HypergradientUpdater;
import org.alrao4j.core.hypergradient.SgdHd;
import org.alrao4j.core.hypergradient.SgdnHd;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/** Hypergradient updaters on a real network: global reference, per-layer alphas, save/restore, clone, misuse. */
class HypergradientNetworkTest {

    @TempDir
    Path tmp;

    /** Marks the parameters served by hypergradient blocks (not batch-norm's NoOp mean/variance). */
    private static boolean[] hdMask(MultiLayerNetwork net) {
        boolean[] mask = new boolean[(int) net.numParams()];
        for (UpdaterBlock b : ((BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks()) {
            if (b.getGradientUpdater() instanceof HypergradientGradientUpdater) {
                for (int i = b.getParamOffsetStart(); i < b.getParamOffsetEnd(); i++) {
                    mask[i] = true;
                }
            }
        }
        return mask;
    }

    private static void globalMatchesReference(HypergradientUpdater config, NetReference ref) {
        MultiLayerNetwork net = HdNetworks.denseBnOutput(new SgdHd());
        HypergradientInstaller.installGlobal(net, config);
        assertThat(((BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks()).hasSize(3); // hd | NoOp | hd
        MultiLayerNetwork probe = HdNetworks.rawGradientProbe();
        boolean[] mask = hdMask(net);
        double[] params = net.params().toDoubleVector();
        DataSet ds = HdNetworks.minibatch(1);
        for (int step = 0; step < 5; step++) {
            probe.setParams(net.params().dup()); // same starting point: raw gradient from the Sgd(1.0) probe
            probe.fit(ds);
            double[] after = probe.params().toDoubleVector();
            double[] g = new double[params.length];
            for (int i = 0; i < params.length; i++) {
                g[i] = mask[i] ? params[i] - after[i] : 0;
            }
            double[] update = ref.step(g);
            net.fit(ds);
            double[] actual = net.params().toDoubleVector();
            for (int i = 0; i < params.length; i++) {
                params[i] = mask[i] ? params[i] - update[i] : after[i];
                assertThat(actual[i]).as("param %d step %d", i, step).isCloseTo(params[i], within(1e-12));
            }
            for (double a : HypergradientInstaller.alphas(net).values()) {
                assertThat(a).isCloseTo(ref.alpha, within(1e-15));
            }
        }
        assertThat(ref.alpha).isNotCloseTo(config.alpha0(), within(1e-3 * config.alpha0()));
    }

    @Test
    void globalSgdHdOnDenseBatchNormOutputMatchesThePlainJavaGlobalReference() {
        globalMatchesReference(new SgdHd(0.05, 0.05), NetReference.sgd(0.05, 0.05));
    }

    @Test
    void globalAdamHdOnDenseBatchNormOutputMatchesThePlainJavaGlobalReference() {
        globalMatchesReference(new AdamHd(0.01, 1e-3), NetReference.adam(0.01, 1e-3, 0.9, 0.999, 1e-8));
    }

    @Test
    void globalSgdnHdOnDenseBatchNormOutputMatchesThePlainJavaGlobalReference() {
        globalMatchesReference(new SgdnHd(0.02, 0.01, 0.9), NetReference.sgdn(0.02, 0.01, 0.9));
    }

    @Test
    void perLayerInstallLearnsOneAlphaPerLayer() {
        MultiLayerNetwork net = HdNetworks.denseBnOutput(new SgdHd());
        HypergradientInstaller.installPerLayer(net, new SgdHd(0.05, 0.05));
        DataSet ds = HdNetworks.minibatch(2);
        for (int i = 0; i < 4; i++) {
            net.fit(ds);
        }
        Map<String, Double> alphas = HypergradientInstaller.alphas(net);
        assertThat(alphas).containsOnlyKeys("layer0/W,layer0/b", "layer1/gamma,layer1/beta", "layer2/W,layer2/b");
        assertThat(alphas.values()).doesNotHaveDuplicates().allSatisfy(a -> assertThat(a).isNotEqualTo(0.05));
        assertThat(net.getLayer(0).conf().getLayer().toString()).contains("tag=layer0");
    }

    @Test
    void configurationJsonRoundTripKeepsTheInstalledUpdaters() {
        MultiLayerNetwork net = HdNetworks.denseBnOutput(new SgdHd());
        HypergradientInstaller.installPerLayer(net, new SgdnHd(0.01, 1e-4, 0.5));
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        String json = conf.toJson();
        assertThat(json).contains("org.alrao4j.core.hypergradient.SgdnHd", "\"momentum\" : 0.5");
        assertThat(MultiLayerConfiguration.fromJson(json)).isEqualTo(conf);
    }

    private static void saveRestoreContinuesIdentically(Path file, boolean global, HypergradientUpdater config)
            throws Exception {
        MultiLayerNetwork net = HdNetworks.denseBnOutput(new SgdHd());
        if (global) {
            HypergradientInstaller.installGlobal(net, config);
        } else {
            HypergradientInstaller.installPerLayer(net, config);
        }
        DataSet ds = HdNetworks.minibatch(3);
        for (int i = 0; i < 3; i++) {
            net.fit(ds);
        }
        File f = file.toFile();
        ModelSerializer.writeModel(net, f, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(f, true);
        INDArray state = restored.getUpdater().getStateViewArray();
        assertThat(state.toDoubleVector()).containsExactly(net.getUpdater().getStateViewArray().toDoubleVector());
        assertThat(HypergradientInstaller.alphas(restored)).isEqualTo(HypergradientInstaller.alphas(net));
        for (int i = 0; i < 3; i++) {
            net.fit(ds);
            restored.fit(ds);
        }
        assertThat(restored.params().toDoubleVector()).containsExactly(net.params().toDoubleVector());
        assertThat(HypergradientInstaller.alphas(restored)).isEqualTo(HypergradientInstaller.alphas(net));
    }

    @Test
    void perLayerStateIsSavedAndRestoredByModelSerializer() throws Exception {
        saveRestoreContinuesIdentically(tmp.resolve("per-layer.zip"), false, new SgdnHd(0.02, 0.01, 0.9));
    }

    @Test
    void globalStateIsSavedAndRestoredByModelSerializer() throws Exception {
        saveRestoreContinuesIdentically(tmp.resolve("global.zip"), true, new AdamHd(0.01, 1e-3));
    }

    @Test
    void aClonedNetworkCoordinatesIndependently() {
        MultiLayerNetwork net = HdNetworks.denseBnOutput(new SgdHd());
        HypergradientInstaller.installGlobal(net, new SgdHd(0.05, 0.05));
        DataSet ds = HdNetworks.minibatch(4);
        net.fit(ds);
        net.fit(ds);
        MultiLayerNetwork copy = net.clone();
        for (int i = 0; i < 3; i++) { // interleaved: one network's blocks never see the other's
            net.fit(ds);
            copy.fit(ds);
        }
        assertThat(copy.params().toDoubleVector()).containsExactly(net.params().toDoubleVector());
        assertThat(HypergradientInstaller.alphas(copy)).isEqualTo(HypergradientInstaller.alphas(net));
    }

    @Test
    void misuseIsReportedClearly() {
        MultiLayerNetwork late = HdNetworks.denseBnOutput(new SgdHd());
        late.fit(HdNetworks.minibatch(5));
        assertThatThrownBy(() -> HypergradientInstaller.installGlobal(late, new SgdHd()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("updater already exists");

        MultiLayerNetwork wd = HdNetworks.denseBnOutput(new SgdHd());
        ((org.deeplearning4j.nn.conf.layers.BaseLayer) wd.getLayer(0).conf().getLayer())
                .setRegularization(java.util.List.of(new WeightDecay(1e-4, true)));
        assertThatThrownBy(() -> HypergradientInstaller.installGlobal(wd, new SgdHd()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Layer 'layer0' uses WeightDecay")
                .hasMessageContaining("Use l2(...)");

        // a stateful non-hypergradient layer after the GLOBAL ones: found at the next step
        MultiLayerNetwork mixed = HdNetworks.denseBnOutput(new Adam(0.01));
        HypergradientInstaller.installGlobal(mixed, new SgdHd(0.05, 0.05));
        ((org.deeplearning4j.nn.conf.layers.BaseLayer) mixed.getLayer(2).conf().getLayer()).setIUpdater(new Adam());
        ((org.deeplearning4j.nn.conf.layers.BaseLayer) mixed.getLayer(2).conf().getLayer()).setBiasUpdater(null);
        DataSet ds = HdNetworks.minibatch(5);
        mixed.fit(ds);
        assertThatThrownBy(() -> mixed.fit(ds)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never completed");
    }
}

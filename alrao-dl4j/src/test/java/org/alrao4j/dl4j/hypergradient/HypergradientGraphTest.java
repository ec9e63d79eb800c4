package org.alrao4j.dl4j.hypergradient;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;

import org.alrao4j.core.hypergradient.AdamHd;
import org.alrao4j.core.hypergradient.SgdHd;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The installer and GLOBAL coordination on a {@link ComputationGraph}. */
class HypergradientGraphTest {

    @TempDir
    Path tmp;

    private static ComputationGraph graph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).graphBuilder().addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(HdNetworks.N_IN).nOut(HdNetworks.HIDDEN)
                        .activation(Activation.TANH).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().nOut(HdNetworks.HIDDEN).build(), "dense")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nIn(HdNetworks.HIDDEN).nOut(HdNetworks.N_OUT).build(), "bn")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    @Test
    void globalAlphaIsSharedAndSurvivesSaveAndRestore() throws Exception {
        ComputationGraph g = graph();
        HypergradientInstaller.installGlobal(g, new AdamHd(0.01, 1e-3));
        DataSet ds = HdNetworks.minibatch(11);
        for (int i = 0; i < 3; i++) {
            g.fit(ds);
        }
        Map<String, Double> alphas = HypergradientInstaller.alphas(g);
        assertThat(alphas).hasSize(2);
        assertThat(new HashSet<>(alphas.values())).hasSize(1);
        assertThat(alphas.values().iterator().next()).isNotEqualTo(0.01);

        File f = tmp.resolve("graph.zip").toFile();
        ModelSerializer.writeModel(g, f, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(f, true);
        for (int i = 0; i < 3; i++) {
            g.fit(ds);
            restored.fit(ds);
        }
        assertThat(restored.params().toDoubleVector()).containsExactly(g.params().toDoubleVector());
        assertThat(HypergradientInstaller.alphas(restored)).isEqualTo(HypergradientInstaller.alphas(g));
    }

    @Test
    void perLayerAlphasDiffer() {
        ComputationGraph g = graph();
        HypergradientInstaller.installPerLayer(g, new SgdHd(0.05, 0.05));
        DataSet ds = HdNetworks.minibatch(12);
        for (int i = 0; i < 3; i++) {
            g.fit(ds);
        }
        assertThat(HypergradientInstaller.alphas(g)).containsOnlyKeys("dense/W,dense/b", "bn/gamma,bn/beta",
                "out/W,out/b");
        assertThat(HypergradientInstaller.alphas(g).values()).doesNotHaveDuplicates();
    }
}

package org.alrao4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Fails when convolution, pooling or batch-norm layers silently lose their oneDNN helper (3-5x slower
 * training; the only other symptom is an ERROR log line). Runs under the CPU profile with the oneDNN build;
 * skipped (assumption) on the CUDA backend.
 */
class CpuFastPathTest {

    @Test
    void convolutionPoolingAndBatchNormGetTheirOneDnnHelpers() {
        CpuFastPath.Report report = CpuFastPath.enable();
        // under -Pcuda the backend is CUDA and DL4J uses cuDNN helpers instead: nothing to check here
        Assumptions.assumeTrue("CPU".equalsIgnoreCase(report.backend()), "CPU backend only, got " + report);
        assertThat(report.oneDnn()).as("libnd4j with oneDNN loaded: %s", report).isTrue();
        assertThat(report.helpersAllowed()).isTrue();
        assertThat(report.blasThreads()).isEqualTo(1);
        assertThat(report.oneDnnMatmul()).as("F-order products routed to oneDNN: %s", report).isTrue();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().updater(new Sgd(0.1))
                .cacheMode(CpuFastPath.CACHE_MODE).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
                .layer(UnitLayoutCoverageTest.output(3))
                .setInputType(InputType.convolutional(8, 8, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        for (int i = 0; i < 3; i++) {
            assertThat(net.getLayer(i).getHelper()).as("helper of layer %d (%s)", i,
                    net.getLayer(i).getClass().getSimpleName()).isNotNull();
            assertThat(net.getLayer(i).getHelper().getClass().getSimpleName()).startsWith("MKLDNN");
        }
        net.fit(TinyData.classification(1, 4, 3, 1, 8, 8));
    }
}

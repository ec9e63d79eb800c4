package org.alrao4j.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.dl4j.AlraoNetworks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Shared helpers of the zoo tests: tiny batches, a few training steps, save/restore. */
public final class TestNets {

    private TestNets() {
    }

    /** Alrao with a narrow rate range, so a few steps on one batch reliably lower the loss. */
    public static AlraoNetworks alrao(int numClassifiers) {
        return alrao(numClassifiers, 1e-3, 3e-2);
    }

    /** @return an Alrao converter with {@code numClassifiers} classifiers on [lrMin, lrMax] */
    public static AlraoNetworks alrao(int numClassifiers, double lrMin, double lrMax) {
        return AlraoNetworks.builder().settings(AlraoSettings.builder().lrMin(lrMin).lrMax(lrMax).seed(7).build())
                .numClassifiers(numClassifiers).build();
    }

    /** @return a random image batch with one-hot labels */
    public static DataSet batch(int n, int channels, int height, int width, int numClasses, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, channels, height, width);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, numClasses);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % numClasses, 1);
        }
        return new DataSet(x, y);
    }

    /**
     * Fits {@code steps} times on the same batch; asserts the training-mode loss (batch statistics in batch norm,
     * the same dropout masks before and after: the RNG is reseeded) went down.
     */
    public static void assertTrainingLowersLoss(ComputationGraph net, DataSet batch, int steps) {
        Nd4j.getRandom().setSeed(99);
        double before = net.score(batch, true);
        for (int i = 0; i < steps; i++) {
            net.fit(batch);
        }
        Nd4j.getRandom().setSeed(99);
        double after = net.score(batch, true);
        assertThat(after).as("loss after %d steps on a repeated batch (before %s)", steps, before)
                .isLessThan(before).isFinite();
    }

    /** Saves with updater state, restores, and asserts identical parameters and outputs. */
    public static ComputationGraph assertSaveRestore(ComputationGraph net, INDArray x, File dir) throws IOException {
        File file = new File(dir, "net.zip");
        ModelSerializer.writeModel(net, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertThat(restored.getConfiguration()).isEqualTo(net.getConfiguration());
        assertThat(restored.params()).isEqualTo(net.params());
        assertThat(restored.outputSingle(false, x)).isEqualTo(net.outputSingle(false, x));
        return restored;
    }
}

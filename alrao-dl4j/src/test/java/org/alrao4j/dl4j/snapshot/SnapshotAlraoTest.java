package org.alrao4j.dl4j.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.core.AlraoUpdater;
import org.alrao4j.core.schedule.SgdrSchedule;
import org.alrao4j.dl4j.AlraoNetworks;
import org.alrao4j.dl4j.head.AlraoOutputLayer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * SGDR on Alrao: the schedule as {@code lrMultiplier} scales every unit rate of the body and every classifier
 * rate of the head, and the snapshots and ensembles work on Alrao networks (mixture-probability outputs).
 */
class SnapshotAlraoTest {

    /** Multiplier in [0, 1]: 1, 0.75, 0.25 | 1, ... (T0 = 3, Tmult = 2). */
    private static final SgdrSchedule MULTIPLIER = SgdrSchedule.builder(ScheduleType.ITERATION, 1.0, 3).tMult(2)
            .build();

    @TempDir
    Path dir;

    private static MultiLayerNetwork alrao() {
        MultiLayerConfiguration conf = AlraoNetworks.builder()
                .settings(AlraoSettings.builder().lrMin(0.01).lrMax(1).seed(3).lrMultiplier(MULTIPLIER).build())
                .numClassifiers(3).build().convert(SnapshotFixtures.mlnConf(new Sgd(0.1)));
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Raw (summed) gradient and parameter change of every update. */
    private static final class StepProbe extends BaseTrainingListener {
        final Map<Integer, Map<String, INDArray>> gradients = new HashMap<>();
        final Map<Integer, Map<String, INDArray>> steps = new HashMap<>();
        private Map<String, INDArray> gradient;
        private Map<String, INDArray> before;

        private static Map<String, INDArray> copy(Map<String, INDArray> m) {
            Map<String, INDArray> out = new HashMap<>();
            m.forEach((k, v) -> out.put(k, v.dup()));
            return out;
        }

        @Override
        public void onGradientCalculation(Model model) {
            gradient = copy(model.gradient().gradientForVariable());
            before = copy(model.paramTable());
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            Map<String, INDArray> step = new HashMap<>();
            model.paramTable().forEach((k, v) -> step.put(k, before.get(k).sub(v)));
            steps.put(iteration, step);
            gradients.put(iteration, gradient);
        }
    }

    @Test
    void unitAndClassifierRatesFollowTheSgdrMultiplier() {
        MultiLayerNetwork net = alrao();
        StepProbe probe = new StepProbe();
        net.setListeners(probe);
        List<DataSet> batches = SnapshotFixtures.trainBatches();
        for (int i = 0; i < 4; i++) {
            net.fit(batches.get(i));
        }
        AlraoUpdater body = (AlraoUpdater) ((BaseLayer) net.getLayer(0).conf().getLayer()).getIUpdater();
        AlraoOutputLayer head = (AlraoOutputLayer) net.getLayer(1).conf().getLayer();
        double[] classifierRates = head.classifierLearningRates();
        int b = SnapshotFixtures.BATCH;
        for (int it : new int[] {1, 2, 3}) {
            double multiplier = MULTIPLIER.valueAt(it, 0);
            // body: bias of hidden unit j sits after W [4, 6] in the layer's flat [W | b] block
            for (int j = 0; j < SnapshotFixtures.HIDDEN; j++) {
                double rate = body.unitLearningRates()[(int) body.layout().unitOf(
                        (long) SnapshotFixtures.N_IN * SnapshotFixtures.HIDDEN + j)];
                double g = probe.gradients.get(it).get("0_b").getDouble(j);
                double step = probe.steps.get(it).get("0_b").getDouble(j);
                assertThat(step).as("body unit %d at iteration %d", j, it)
                        .isCloseTo(rate * multiplier * g / b, within(1e-12 + 1e-9 * Math.abs(step)));
            }
            // head: bias column j*C + c belongs to classifier j
            for (int cls = 0; cls < classifierRates.length; cls++) {
                for (int c = 0; c < SnapshotFixtures.CLASSES; c++) {
                    int col = cls * SnapshotFixtures.CLASSES + c;
                    double g = probe.gradients.get(it).get("1_b").getDouble(col);
                    double step = probe.steps.get(it).get("1_b").getDouble(col);
                    assertThat(step).as("classifier %d class %d at iteration %d", cls, c, it)
                            .isCloseTo(classifierRates[cls] * multiplier * g / b, within(1e-12 + 1e-9 * Math.abs(step)));
                }
            }
        }
        // the multiplier really changes: the same unit's effective rate differs between iterations 1 and 2
        assertThat(MULTIPLIER.valueAt(1, 0)).isEqualTo(0.75, within(1e-12));
        assertThat(MULTIPLIER.valueAt(2, 0)).isEqualTo(0.25, within(1e-12));
    }

    @Test
    void snapshotsAndEnsemblesOfAnAlraoNetwork() throws Exception {
        MultiLayerNetwork net = alrao();
        SnapshotListener listener = SnapshotListener.builder(MULTIPLIER, dir)
                .validation(SnapshotFixtures.validIterator()).build();
        SnapshotFixtures.ParamRecorder recorder = new SnapshotFixtures.ParamRecorder();
        net.setListeners(listener, recorder);
        List<DataSet> batches = SnapshotFixtures.trainBatches();
        for (int i = 0; i < 9; i++) { // snapshots after 3 and 9 updates
            net.fit(batches.get(i % batches.size()));
        }
        List<Snapshot> saved = listener.snapshots();
        assertThat(saved).extracting(Snapshot::iteration).containsExactly(3, 9);
        assertThat(saved).allMatch(Snapshot::hasMetrics);
        for (Snapshot s : saved) {
            MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(s.file().toFile(), true);
            assertThat(restored.params()).isEqualTo(recorder.params.get(s.iteration()));
        }

        DataSet valid = SnapshotFixtures.blobs(2, 30);
        SnapshotEnsemble ensemble = SnapshotEnsemble.lastM(saved, 2);
        INDArray expected = ModelSerializer.restoreMultiLayerNetwork(saved.get(0).file().toFile())
                .output(valid.getFeatures())
                .add(ModelSerializer.restoreMultiLayerNetwork(saved.get(1).file().toFile()).output(valid.getFeatures()))
                .divi(2);
        INDArray averaged = ensemble.output(valid.getFeatures());
        assertThat(averaged.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-14);
        assertThat(averaged.sum(1).sub(1.0).amaxNumber().doubleValue()).isLessThan(1e-12);
        Evaluation inMemory = new Evaluation();
        inMemory.eval(valid.getLabels(), averaged);
        ensemble.close();
        assertThat(ensemble.evaluate(SnapshotFixtures.validIterator()).getConfusionMatrix())
                .isEqualTo(inMemory.getConfusionMatrix());
        SnapshotEnsemble best = SnapshotEnsemble.bestM(saved, 1, SnapshotMetric.LOG_LOSS);
        assertThat(best.members().get(0).logLoss())
                .isEqualTo(Math.min(saved.get(0).logLoss(), saved.get(1).logLoss()));
    }
}

package org.alrao4j.dl4j.snapshot;

import static org.alrao4j.dl4j.snapshot.SnapshotFixtures.mln;
import static org.alrao4j.dl4j.snapshot.SnapshotFixtures.trainBatches;
import static org.alrao4j.dl4j.snapshot.SnapshotFixtures.trainIterator;
import static org.alrao4j.dl4j.snapshot.SnapshotFixtures.validIterator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.alrao4j.core.schedule.SgdrSchedule;
import org.alrao4j.dl4j.snapshot.SnapshotFixtures.ParamRecorder;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ScheduleType;

/** {@link SnapshotListener}: cycle-end timing in both modes and loops, the keep limit, metrics, restore. */
class SnapshotListenerTest {

    /** T0 = 3, Tmult = 2 per iteration: cycles [0,3), [3,9), [9,21), [21,45). */
    private static final SgdrSchedule PER_ITERATION = SgdrSchedule.builder(ScheduleType.ITERATION, 0.1, 3)
            .tMult(2).build();
    /** T0 = 1, Tmult = 2 per epoch: restarts at epochs 1, 3, 7. */
    private static final SgdrSchedule PER_EPOCH = SgdrSchedule.builder(ScheduleType.EPOCH, 0.1, 1).tMult(2).build();

    @TempDir
    Path dir;

    @Test
    void iterationModeSavesAfterTheLastStepOfEachCycleInAManualLoop() throws Exception {
        MultiLayerNetwork net = mln(new Sgd(PER_ITERATION));
        SnapshotListener snapshots = SnapshotListener.builder(PER_ITERATION, dir).build();
        ParamRecorder recorder = new ParamRecorder();
        net.setListeners(snapshots, recorder);
        List<DataSet> batches = trainBatches();
        for (int i = 0; i < 25; i++) {
            net.fit(batches.get(i % batches.size()));
        }
        List<Snapshot> saved = snapshots.snapshots();
        assertThat(saved).extracting(Snapshot::iteration).containsExactly(3, 9, 21);
        assertThat(saved).extracting(Snapshot::cycle).containsExactly(0L, 1L, 2L);
        assertThat(saved).extracting(Snapshot::epoch).containsExactly(0, 0, 0);
        for (Snapshot s : saved) {
            // the saved step ran at the bottom of the cosine; the next step is the restart at the peak
            assertThat(PER_ITERATION.valueAt(s.iteration() - 1, 0)).isLessThan(PER_ITERATION.valueAt(s.iteration() - 2, 0));
            assertThat(PER_ITERATION.valueAt(s.iteration(), 0)).isEqualTo(0.1);
            MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(s.file().toFile(), true);
            assertThat(restored.params()).isEqualTo(recorder.params.get(s.iteration()));
            assertThat(restored.getIterationCount()).isEqualTo(s.iteration());
        }
        assertThat(net.getIterationCount()).as("the network's own counter is untouched").isEqualTo(25);
    }

    @Test
    void iterationModeWithFitIteratorEpochs() throws Exception {
        MultiLayerNetwork net = mln(new Sgd(PER_ITERATION));
        SnapshotListener snapshots = SnapshotListener.builder(PER_ITERATION, dir).build();
        ParamRecorder recorder = new ParamRecorder();
        net.setListeners(snapshots, recorder);
        net.fit(trainIterator(), 6); // 4 batches per epoch: 24 updates
        List<Snapshot> saved = snapshots.snapshots();
        assertThat(saved).extracting(Snapshot::iteration).containsExactly(3, 9, 21);
        assertThat(saved).extracting(Snapshot::epoch).as("0-based epoch of steps 2, 8, 20").containsExactly(0, 2, 5);
        for (Snapshot s : saved) {
            assertThat(ModelSerializer.restoreMultiLayerNetwork(s.file().toFile(), true).params())
                    .isEqualTo(recorder.params.get(s.iteration()));
        }
    }

    @Test
    void epochModeSavesAtTheEndOfTheLastEpochOfEachCycleWithFitIteratorAndManualLoops() throws Exception {
        MultiLayerNetwork net = mln(new Sgd(PER_EPOCH));
        SnapshotListener snapshots = SnapshotListener.builder(PER_EPOCH, dir.resolve("a")).build();
        ParamRecorder recorder = new ParamRecorder();
        net.setListeners(snapshots, recorder);
        net.fit(trainIterator(), 8);
        List<Snapshot> saved = snapshots.snapshots();
        assertThat(saved).extracting(Snapshot::epoch).containsExactly(1, 3, 7);
        assertThat(saved).extracting(Snapshot::iteration).containsExactly(4, 12, 28);
        assertThat(saved).extracting(Snapshot::cycle).containsExactly(0L, 1L, 2L);
        for (Snapshot s : saved) {
            MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(s.file().toFile(), true);
            assertThat(restored.params()).isEqualTo(recorder.params.get(s.iteration()));
            assertThat(restored.getEpochCount()).as("continues with the restart epoch").isEqualTo(s.epoch());
        }

        MultiLayerNetwork manual = mln(new Sgd(PER_EPOCH));
        SnapshotListener manualSnapshots = SnapshotListener.builder(PER_EPOCH, dir.resolve("b")).build();
        manual.setListeners(manualSnapshots);
        List<DataSet> batches = trainBatches();
        for (int epoch = 0; epoch < 8; epoch++) {
            for (DataSet batch : batches) {
                manual.fit(batch);
            }
            manualSnapshots.epochDone(manual);
        }
        assertThat(manualSnapshots.snapshots()).extracting(Snapshot::epoch).containsExactly(1, 3, 7);
        assertThat(manual.getEpochCount()).isEqualTo(8);
        for (int k = 0; k < 3; k++) {
            assertThat(ModelSerializer.restoreMultiLayerNetwork(manualSnapshots.snapshots().get(k).file().toFile())
                    .params()).isEqualTo(recorder.params.get(saved.get(k).iteration()));
        }
    }

    @Test
    void keepsAtMostKFilesDeletingTheOldest() throws Exception {
        MultiLayerNetwork net = mln(new Sgd(PER_ITERATION));
        SnapshotListener snapshots = SnapshotListener.builder(PER_ITERATION, dir).keep(2).filePrefix("run").build();
        net.setListeners(snapshots);
        net.fit(trainIterator(), 6);
        assertThat(snapshots.savedCount()).isEqualTo(3);
        assertThat(snapshots.snapshots()).extracting(Snapshot::iteration).containsExactly(9, 21);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("run-cycle1-iter9-epoch2.zip", "run-cycle2-iter21-epoch5.zip");
        }
    }

    @Test
    void recordsValidationAccuracyAndLogLossOfEachSnapshot() throws Exception {
        MultiLayerNetwork net = mln(new Sgd(PER_ITERATION));
        SnapshotListener snapshots = SnapshotListener.builder(PER_ITERATION, dir).validation(validIterator()).build();
        net.setListeners(snapshots);
        net.fit(trainIterator(), 6);
        assertThat(snapshots.snapshots()).hasSize(3).allMatch(Snapshot::hasMetrics);
        DataSet valid = SnapshotFixtures.blobs(2, 30);
        for (Snapshot s : snapshots.snapshots()) {
            MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(s.file().toFile());
            INDArray p = restored.output(valid.getFeatures());
            Evaluation eval = new Evaluation();
            eval.eval(valid.getLabels(), p);
            double nll = 0;
            for (int i = 0; i < 30; i++) {
                nll -= Math.log(p.getDouble(i, i % 3));
            }
            assertThat(s.accuracy()).isEqualTo(eval.accuracy());
            assertThat(s.logLoss()).isCloseTo(nll / 30, within(1e-12));
            assertThat(s.metric(SnapshotMetric.LOG_LOSS)).isEqualTo(s.logLoss());
        }
    }

    @Test
    void aRestoredSnapshotContinuesWithTheScheduleAndMomentumExactlyAsTheOriginal() throws Exception {
        MultiLayerNetwork net = mln(new Nesterovs(PER_ITERATION, 0.9));
        SnapshotListener snapshots = SnapshotListener.builder(PER_ITERATION, dir).build();
        ParamRecorder recorder = new ParamRecorder();
        net.setListeners(snapshots, recorder);
        List<DataSet> batches = trainBatches();
        for (int i = 0; i < 12; i++) {
            net.fit(batches.get(i % 4));
        }
        Snapshot first = snapshots.snapshots().get(0);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(first.file().toFile(), true);
        assertThat(restored.getIterationCount()).isEqualTo(3);
        assertThat(restored.getLearningRate(0)).as("the restart rate").isEqualTo(0.1);
        for (int i = 3; i < 9; i++) {
            restored.fit(batches.get(i % 4));
        }
        INDArray expected = recorder.params.get(9);
        assertThat(restored.params().sub(expected).amaxNumber().doubleValue()).isLessThan(1e-12);
        assertThat(restored.getUpdater().getStateViewArray().sub(ModelSerializer.restoreMultiLayerNetwork(
                snapshots.snapshots().get(1).file().toFile(), true).getUpdater().getStateViewArray())
                .amaxNumber().doubleValue()).as("momentum state").isLessThan(1e-12);
    }

    @Test
    void worksForComputationGraphs() throws Exception {
        ComputationGraph graph = SnapshotFixtures.graph(new Sgd(PER_ITERATION));
        SnapshotListener snapshots = SnapshotListener.builder(PER_ITERATION, dir).validation(validIterator()).build();
        ParamRecorder recorder = new ParamRecorder();
        graph.setListeners(snapshots, recorder);
        graph.fit(trainIterator(), 6);
        assertThat(snapshots.snapshots()).extracting(Snapshot::iteration).containsExactly(3, 9, 21);
        for (Snapshot s : snapshots.snapshots()) {
            assertThat(s.hasMetrics()).isTrue();
            ComputationGraph restored = ModelSerializer.restoreComputationGraph(s.file().toFile(), true);
            assertThat(restored.params()).isEqualTo(recorder.params.get(s.iteration()));
            assertThat(restored.getIterationCount()).isEqualTo(s.iteration());
        }
        Snapshot last = snapshots.saveNow(graph);
        assertThat(last.iteration()).isEqualTo(24);
        assertThat(last.cycle()).isEqualTo(3);
    }

    @Test
    void rejectsBadSettingsNamingTheValueAndTheRemedy() {
        assertThatThrownBy(() -> SnapshotListener.builder(PER_ITERATION, dir).keep(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep must be >= 1, got keep=0");
        assertThatThrownBy(() -> SnapshotListener.builder(null, dir).build())
                .hasMessageContaining("schedule must be set");
        assertThatThrownBy(() -> SnapshotListener.builder(PER_ITERATION, null).build())
                .hasMessageContaining("directory must be set");
        assertThatThrownBy(() -> SnapshotListener.builder(PER_ITERATION, dir).filePrefix("a/b").build())
                .hasMessageContaining("filePrefix='a/b'");
        DataSetIterator noReset = new org.nd4j.linalg.dataset.api.iterator.KFoldIterator(2,
                SnapshotFixtures.blobs(3, 4)) {
            @Override
            public boolean resetSupported() {
                return false;
            }
        };
        assertThatThrownBy(() -> SnapshotListener.builder(PER_ITERATION, dir).validation(noReset).build())
                .hasMessageContaining("resetSupported()=false");
    }
}

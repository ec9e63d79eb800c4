package org.alrao4j.dl4j.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.alrao4j.core.schedule.SgdrSchedule;
import org.alrao4j.dl4j.data.ShufflingDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ScheduleType;

/** {@link SnapshotEnsemble}: last m, best m, the averaged output, and streaming evaluation. */
class SnapshotEnsembleTest {

    /** Equal cycles of 2 iterations: 12 updates give 6 snapshots. */
    private static final SgdrSchedule CYCLES = SgdrSchedule.builder(ScheduleType.ITERATION, 0.5, 2).build();

    @TempDir
    static Path dir;
    private static List<Snapshot> snapshots;
    private static final DataSet VALID = SnapshotFixtures.blobs(2, 30);

    @BeforeAll
    static void train() {
        MultiLayerNetwork net = SnapshotFixtures.mln(new Sgd(CYCLES));
        SnapshotListener listener = SnapshotListener.builder(CYCLES, dir.resolve("mln"))
                .validation(SnapshotFixtures.validIterator()).build();
        net.setListeners(listener);
        net.fit(SnapshotFixtures.trainIterator(), 3);
        snapshots = listener.snapshots();
    }

    private static INDArray memberOutput(Snapshot s, INDArray x) throws Exception {
        Model m = Models.load(s.file());
        return m instanceof ComputationGraph ? ((ComputationGraph) m).outputSingle(x)
                : ((MultiLayerNetwork) m).output(x);
    }

    @Test
    void lastMTakesTheMostRecentSnapshots() {
        assertThat(snapshots).extracting(Snapshot::iteration).containsExactly(2, 4, 6, 8, 10, 12);
        SnapshotEnsemble ensemble = SnapshotEnsemble.lastM(snapshots, 3);
        assertThat(ensemble.members()).extracting(Snapshot::iteration).containsExactly(8, 10, 12);
        assertThat(SnapshotEnsemble.lastM(List.of(snapshots.get(5), snapshots.get(0), snapshots.get(3)), 2)
                .members()).extracting(Snapshot::iteration).containsExactly(8, 12);
    }

    @Test
    void bestMTakesTheBestByTheValidationMetric() {
        List<Snapshot> byLoss = new ArrayList<>(snapshots);
        byLoss.sort(Comparator.comparingDouble(Snapshot::logLoss));
        List<Integer> expected = byLoss.subList(0, 3).stream().map(Snapshot::iteration).sorted().toList();
        SnapshotEnsemble best = SnapshotEnsemble.bestM(snapshots, 3, SnapshotMetric.LOG_LOSS);
        assertThat(best.members()).extracting(Snapshot::iteration).containsExactlyElementsOf(expected);

        SnapshotEnsemble bestAcc = SnapshotEnsemble.bestM(snapshots, 2, SnapshotMetric.ACCURACY);
        double worstMember = bestAcc.members().stream().mapToDouble(Snapshot::accuracy).min().orElseThrow();
        snapshots.stream().filter(s -> !bestAcc.members().contains(s))
                .forEach(s -> assertThat(s.accuracy()).isLessThanOrEqualTo(worstMember));
    }

    @Test
    void predictionIsTheMeanOfTheMembersSoftmaxOutputs() throws Exception {
        SnapshotEnsemble ensemble = SnapshotEnsemble.lastM(snapshots, 3);
        INDArray x = VALID.getFeatures();
        INDArray expected = Nd4jSum.zeros(30, 3);
        for (Snapshot s : ensemble.members()) {
            expected.addi(memberOutput(s, x));
        }
        expected.divi(3);
        INDArray actual = ensemble.output(x);
        assertThat(actual.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-14);
        assertThat(actual.sum(1).sub(1.0).amaxNumber().doubleValue()).as("rows are distributions").isLessThan(1e-12);
        ensemble.close();
    }

    @Test
    void evaluationOverAnIteratorEqualsEvaluationOfTheInMemoryAverage() throws Exception {
        SnapshotEnsemble ensemble = SnapshotEnsemble.bestM(snapshots, 3, SnapshotMetric.LOG_LOSS);
        EnsembleEvaluation detailed = ensemble.evaluateDetailed(SnapshotFixtures.validIterator());

        INDArray averaged;
        try (SnapshotEnsemble inMemory = SnapshotEnsemble.of(ensemble.members())) {
            averaged = inMemory.output(VALID.getFeatures());
        }
        Evaluation expected = new Evaluation();
        expected.eval(VALID.getLabels(), averaged);
        Evaluation streamed = ensemble.evaluate(SnapshotFixtures.validIterator());
        assertThat(streamed.getConfusionMatrix()).isEqualTo(expected.getConfusionMatrix());
        assertThat(streamed.accuracy()).isEqualTo(expected.accuracy());
        assertThat(streamed.stats()).isEqualTo(expected.stats());
        assertThat(detailed.ensemble().getConfusionMatrix()).isEqualTo(expected.getConfusionMatrix());
        double nll = 0;
        for (int i = 0; i < 30; i++) {
            nll -= Math.log(averaged.getDouble(i, i % 3));
        }
        assertThat(detailed.ensembleLogLoss()).isCloseTo(nll / 30, org.assertj.core.api.Assertions.within(1e-12));

        // each member alone matches its validation metrics recorded by the listener
        for (int k = 0; k < 3; k++) {
            Snapshot s = ensemble.members().get(k);
            assertThat(detailed.memberEvaluations().get(k).accuracy()).isEqualTo(s.accuracy());
            assertThat(detailed.memberLogLoss().get(k)).isCloseTo(s.logLoss(),
                    org.assertj.core.api.Assertions.within(1e-12));
        }
        assertThat(detailed.prefixEvaluations().get(0).accuracy()).isEqualTo(ensemble.members().get(0).accuracy());
        assertThat(detailed.table()).contains("ens.acc");
    }

    @Test
    void worksForGraphsAndFiles() throws Exception {
        ComputationGraph graph = SnapshotFixtures.graph(new Sgd(CYCLES));
        SnapshotListener listener = SnapshotListener.builder(CYCLES, dir.resolve("cg")).build();
        graph.setListeners(listener);
        graph.fit(SnapshotFixtures.trainIterator(), 2);
        List<Path> files = listener.snapshots().stream().map(Snapshot::file).toList();
        SnapshotEnsemble ensemble = SnapshotEnsemble.ofFiles(List.of(files.get(3), files.get(1)));
        assertThat(ensemble.members()).extracting(Snapshot::iteration).containsExactly(4, 8);
        INDArray x = VALID.getFeatures();
        INDArray expected = memberOutput(ensemble.members().get(0), x).add(memberOutput(ensemble.members().get(1), x))
                .divi(2);
        assertThat(ensemble.output(x).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-14);
        Evaluation eval = new Evaluation();
        eval.eval(VALID.getLabels(), expected);
        ensemble.close();
        assertThat(ensemble.evaluate(SnapshotFixtures.validIterator()).getConfusionMatrix())
                .isEqualTo(eval.getConfusionMatrix());
    }

    @Test
    void rejectsBadInputNamingTheValueAndTheRemedy() {
        assertThatThrownBy(() -> SnapshotEnsemble.lastM(snapshots, 7))
                .hasMessageContaining("m must be in [1, 6]").hasMessageContaining("m=7");
        assertThatThrownBy(() -> SnapshotEnsemble.lastM(List.of(), 1)).hasMessageContaining("must not be empty");
        Snapshot bare = new Snapshot(snapshots.get(0).file(), 2, 0, 0, Double.NaN, Double.NaN);
        assertThatThrownBy(() -> SnapshotEnsemble.bestM(List.of(bare, snapshots.get(1)), 1, SnapshotMetric.ACCURACY))
                .hasMessageContaining("has no ACCURACY value").hasMessageContaining("lastM");
        SnapshotEnsemble ensemble = SnapshotEnsemble.lastM(snapshots, 2);
        assertThatThrownBy(() -> ensemble.evaluate(new ShufflingDataSetIterator(VALID, 10, true, 3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shuffle=false");
        assertThatThrownBy(() -> SnapshotEnsemble.ofFiles(List.of(dir.resolve("missing.zip"))))
                .hasMessageContaining("does not exist");
    }

    /** Zero double matrix helper (keeps the test free of default-dtype assumptions). */
    private static final class Nd4jSum {
        static INDArray zeros(int rows, int cols) {
            return org.nd4j.linalg.factory.Nd4j.zeros(DataType.DOUBLE, rows, cols);
        }
    }
}

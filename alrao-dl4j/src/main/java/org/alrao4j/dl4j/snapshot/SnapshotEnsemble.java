package org.alrao4j.dl4j.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A snapshot ensemble: predicts the arithmetic mean of the class probabilities (softmax outputs) of its
 * member snapshots, {@code h(x) = (1/m) sum_k p_k(x)} (Huang et al., arXiv:1704.00109). Members are the last m
 * snapshots, as in the paper ({@link #lastM}), or the best m by a validation metric ({@link #bestM}; choose
 * them on held-out validation data, never on the test set). Works for {@code MultiLayerNetwork} and
 * single-output {@code ComputationGraph} snapshots, including Alrao networks, whose output is already the
 * mixture probability of their classifiers.
 *
 * <p><b>Memory.</b> {@link #evaluate(DataSetIterator)} and {@link #evaluateDetailed(DataSetIterator)} hold one
 * network at a time: they loop over the members in the outer loop (load, run over the data, release) and keep
 * per-batch probability sums, i.e. {@code examples x classes} doubles (times the sequence length for recurrent
 * outputs), so the data iterator must support {@code reset()} and return the same batches in the same order
 * each time (checked; use a non-shuffling iterator). {@link #output(INDArray)} is for in-memory use: it loads
 * all m members once and keeps them until {@link #close()}, i.e. m networks in memory. Probabilities are
 * averaged in double precision and returned as {@code DOUBLE}.
 *
 * <p>Not thread-safe.
 */
public final class SnapshotEnsemble implements AutoCloseable {

    private final List<Snapshot> members;
    private List<Model> loaded;

    private SnapshotEnsemble(List<Snapshot> members) {
        this.members = List.copyOf(members);
    }

    /**
     * The paper's ensemble: the m most recent snapshots (by iteration, then epoch).
     *
     * @param snapshots candidates, e.g. {@link SnapshotListener#snapshots()}
     * @param m         ensemble size, {@code 1 <= m <= snapshots.size()}
     * @return the ensemble, members oldest first
     */
    public static SnapshotEnsemble lastM(List<Snapshot> snapshots, int m) {
        List<Snapshot> sorted = chronological(snapshots, m);
        return new SnapshotEnsemble(sorted.subList(sorted.size() - m, sorted.size()));
    }

    /**
     * The m snapshots with the best validation metric (ties: the more recent wins).
     *
     * @param snapshots candidates with metrics (a {@link SnapshotListener} given a validation iterator)
     * @param m         ensemble size, {@code 1 <= m <= snapshots.size()}
     * @param metric    ranking metric
     * @return the ensemble, members oldest first
     * @throws IllegalArgumentException if a candidate has no value of {@code metric}
     */
    public static SnapshotEnsemble bestM(List<Snapshot> snapshots, int m, SnapshotMetric metric) {
        if (metric == null) {
            throw new IllegalArgumentException("metric must be set, got metric=null; use SnapshotMetric.ACCURACY"
                    + " or SnapshotMetric.LOG_LOSS");
        }
        List<Snapshot> sorted = chronological(snapshots, m);
        for (Snapshot s : sorted) {
            if (Double.isNaN(s.metric(metric))) {
                throw new IllegalArgumentException("snapshot " + s.file().getFileName() + " (iteration "
                        + s.iteration() + ") has no " + metric + " value, so the best " + m + " cannot be chosen;"
                        + " give the SnapshotListener a validation iterator, or use lastM");
            }
        }
        List<Snapshot> ranked = new ArrayList<>(sorted);
        ranked.sort((a, b) -> {
            int c = metric.compareBestFirst(a.metric(metric), b.metric(metric));
            return c != 0 ? c : chronologicalOrder().compare(b, a);
        });
        List<Snapshot> best = new ArrayList<>(ranked.subList(0, m));
        best.sort(chronologicalOrder());
        return new SnapshotEnsemble(best);
    }

    /**
     * @param snapshots the members, all of them, with equal weights
     * @return the ensemble, members oldest first
     */
    public static SnapshotEnsemble of(List<Snapshot> snapshots) {
        return new SnapshotEnsemble(chronological(snapshots, snapshots == null ? 0 : snapshots.size()));
    }

    /**
     * An ensemble of {@code ModelSerializer} files, e.g. from an earlier run; their iteration and epoch counts
     * are read from the files' configurations, cycle and metrics are unknown.
     *
     * @param files model files
     * @return the ensemble of all of them, oldest first
     * @throws IOException if a file is missing or not a model file
     */
    public static SnapshotEnsemble ofFiles(List<Path> files) throws IOException {
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException("files must name at least one snapshot, got " + files
                    + "; pass the ModelSerializer files to average");
        }
        List<Snapshot> snapshots = new ArrayList<>();
        for (Path f : files) {
            Models.FileInfo info = Models.info(f);
            snapshots.add(new Snapshot(f, info.iterationCount(), info.epochCount(), -1, Double.NaN, Double.NaN));
        }
        return of(snapshots);
    }

    private static Comparator<Snapshot> chronologicalOrder() {
        return Comparator.comparingInt(Snapshot::iteration).thenComparingInt(Snapshot::epoch);
    }

    private static List<Snapshot> chronological(List<Snapshot> snapshots, int m) {
        if (snapshots == null || snapshots.isEmpty()) {
            throw new IllegalArgumentException("snapshots must not be empty, got " + snapshots + "; train with a"
                    + " SnapshotListener for at least one full cosine cycle (t0 steps) before building an ensemble");
        }
        if (m < 1 || m > snapshots.size()) {
            throw new IllegalArgumentException("m must be in [1, " + snapshots.size() + "] (the number of"
                    + " snapshots), got m=" + m + "; lower m, or keep more snapshots (SnapshotListener keep(K))");
        }
        List<Snapshot> sorted = new ArrayList<>(snapshots);
        sorted.sort(chronologicalOrder());
        return sorted;
    }

    /** @return the members, oldest first */
    public List<Snapshot> members() {
        return members;
    }

    /** @return the number of members m */
    public int size() {
        return members.size();
    }

    /**
     * Averaged class probabilities for in-memory features; loads all members on the first call and keeps them
     * (m networks in memory) until {@link #close()}.
     *
     * @param features a batch of inputs
     * @return {@code (1/m) sum_k p_k(features)}, {@code DOUBLE}
     */
    public INDArray output(INDArray features) {
        return output(features, null);
    }

    /**
     * As {@link #output(INDArray)} with a features mask (recurrent inputs).
     *
     * @param features     a batch of inputs
     * @param featuresMask the features mask, or {@code null}
     * @return the averaged class probabilities, {@code DOUBLE}
     */
    public INDArray output(INDArray features, INDArray featuresMask) {
        if (loaded == null) {
            List<Model> models = new ArrayList<>();
            for (int k = 0; k < members.size(); k++) {
                models.add(load(k));
            }
            loaded = models;
        }
        INDArray sum = null;
        for (Model model : loaded) {
            INDArray p = Models.output(model, features, featuresMask).castTo(DataType.DOUBLE);
            sum = sum == null ? p.dup() : sum.addi(p);
        }
        return sum.divi(members.size());
    }

    /**
     * Evaluates the ensemble's averaged probabilities with DL4J's {@link Evaluation}, one member in memory at a
     * time (see the class comment).
     *
     * @param data labelled data; must support {@code reset()} (when m > 1) and repeat its batches exactly
     * @return the evaluation
     */
    public Evaluation evaluate(DataSetIterator data) {
        return evaluateDetailed(data).ensemble();
    }

    /**
     * Evaluates the ensemble, each member alone and the growing ensembles of the first k members, in m passes
     * over {@code data} with one member in memory at a time (or the members kept by {@link #output}).
     *
     * @param data labelled data; must support {@code reset()} (when m > 1) and repeat its batches exactly
     * @return the evaluations and log-losses
     * @throws IllegalStateException if the data cannot be reset or changes between passes
     */
    public EnsembleEvaluation evaluateDetailed(DataSetIterator data) {
        if (members.size() > 1 && !data.resetSupported()) {
            throw new IllegalStateException("data must support reset() to evaluate " + members.size()
                    + " snapshots one at a time, got " + data.getClass().getName() + " with resetSupported()=false;"
                    + " use an in-memory iterator such as ShufflingDataSetIterator(data, batch, false, 0)");
        }
        List<INDArray> sums = new ArrayList<>();
        List<double[]> fingerprints = new ArrayList<>();
        List<Evaluation> memberEvals = new ArrayList<>();
        List<Double> memberLoss = new ArrayList<>();
        List<Evaluation> prefixEvals = new ArrayList<>();
        List<Double> prefixLoss = new ArrayList<>();
        for (int k = 0; k < members.size(); k++) {
            Model model = loaded != null ? loaded.get(k) : load(k);
            ClassificationScore own = new ClassificationScore();
            ClassificationScore prefix = new ClassificationScore();
            if (data.resetSupported()) {
                data.reset();
            }
            int batch = 0;
            while (data.hasNext()) {
                DataSet ds = data.next();
                double[] fp = fingerprint(ds);
                INDArray p = Models.output(model, ds.getFeatures(), ds.getFeaturesMaskArray()).castTo(DataType.DOUBLE);
                if (k == 0) {
                    sums.add(p.dup());
                    fingerprints.add(fp);
                } else {
                    if (batch >= sums.size() || !Arrays.equals(fingerprints.get(batch), fp)) {
                        throw changedData(batch);
                    }
                    sums.get(batch).addi(p);
                }
                own.add(ds.getLabels(), p, ds.getLabelsMaskArray());
                prefix.add(ds.getLabels(), sums.get(batch).div(k + 1), ds.getLabelsMaskArray());
                batch++;
            }
            if (batch != sums.size()) {
                throw changedData(batch);
            }
            if (batch == 0) {
                throw new IllegalArgumentException("data returned no batches; pass a non-empty labelled iterator"
                        + " (reset it if it was consumed)");
            }
            memberEvals.add(own.evaluation());
            memberLoss.add(own.logLoss());
            prefixEvals.add(prefix.evaluation());
            prefixLoss.add(prefix.logLoss());
        }
        if (data.resetSupported()) {
            data.reset();
        }
        return new EnsembleEvaluation(members, memberEvals, memberLoss, prefixEvals, prefixLoss);
    }

    private static IllegalStateException changedData(int batch) {
        return new IllegalStateException("data returned a different batch " + batch + " after reset() than in"
                + " the first pass; the ensemble sums each member's probabilities per batch, so the iterator must"
                + " repeat the same batches in the same order: disable shuffling (e.g. ShufflingDataSetIterator"
                + " with shuffle=false) or use output(features) on in-memory data");
    }

    /** Cheap identity check of a batch: shape, feature sum, label sum and a position-weighted label sum. */
    private static double[] fingerprint(DataSet ds) {
        INDArray f = ds.getFeatures();
        INDArray y = ds.getLabels().castTo(DataType.DOUBLE).reshape(ds.getLabels().length());
        INDArray weights = Nd4j.linspace(DataType.DOUBLE, 1, y.length(), 1);
        return new double[] {f.size(0), f.length(), f.castTo(DataType.DOUBLE).sumNumber().doubleValue(),
                y.sumNumber().doubleValue(), y.mul(weights).sumNumber().doubleValue()};
    }

    private Model load(int k) {
        Path file = members.get(k).file();
        try {
            return Models.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not load snapshot " + k + " of the ensemble from " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** Releases the members kept in memory by {@link #output}; later calls load them again. */
    @Override
    public void close() {
        loaded = null;
    }

    @Override
    public String toString() {
        return "SnapshotEnsemble(m=" + members.size() + ", iterations="
                + members.stream().map(s -> String.valueOf(s.iteration())).toList() + ")";
    }
}

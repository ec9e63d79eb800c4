package org.alrao4j.dl4j.head;

import java.util.LinkedHashMap;
import java.util.Map;

import org.alrao4j.core.Switch;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running Alrao head (configuration: {@link AlraoOutputLayer}).
 *
 * <p>By default forward and backward run as a few ND4J ops ({@link FastHead}); {@link
 * #setReferenceMode(boolean) reference mode} runs DL4J's SameDiff machinery on the graph of {@link HeadGraph}
 * instead (same results, many more ops). Either way the layer masks and scales labels so losses are
 * per-prediction means, updates the Switch after each training backprop with the minibatch's pre-update
 * classifier losses (spec 3.4/4.4), skips the update of a classifier whose own loss is not finite, reports
 * the mixture NLL under the pre-update posterior as the score, and accumulates per-classifier statistics.
 */
public class AlraoOutputLayerRuntime extends SameDiffOutputLayer {

    private static final long serialVersionUID = 1L;

    private final HeadStatistics statistics = new HeadStatistics();
    private boolean switchUpdates = true;
    private boolean referenceMode;
    private boolean posteriorGradientZeroed;
    private MinibatchStats stepStats;
    private Double pendingScore;
    private INDArray pendingInput;
    private INDArray pendingLabels;

    /** Created by {@link AlraoOutputLayer#instantiate}. */
    public AlraoOutputLayerRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    AlraoOutputLayer head() {
        return (AlraoOutputLayer) conf().getLayer();
    }

    /**
     * @param enabled whether training backprops update the Switch (default true); switch off for gradient
     *                checks, which call backprop once and then compare against scores
     */
    public void setSwitchUpdates(boolean enabled) {
        this.switchUpdates = enabled;
    }

    /** @param enabled run the SameDiff graph (the reference) instead of the ND4J fast path */
    public void setReferenceMode(boolean enabled) {
        this.referenceMode = enabled;
    }

    /** @return the Switch as stored in the parameters (a copy: changing it changes nothing) */
    public Switch currentSwitch() {
        normalizePooledPosterior();
        return SwitchState.read(head().getNumClassifiers(), head().getTheta(),
                paramTable().get(AlraoOutputLayer.SWITCH_STATE));
    }

    /**
     * Replaces the posterior parameters with {@code sw}'s state (e.g. a Switch recomputed on the Spark driver,
     * docs/spark.md); the next forward pass mixes with its posterior.
     *
     * @throws IllegalArgumentException when {@code sw} has another number of models or another theta than this head
     */
    public void setSwitch(Switch sw) {
        if (sw.numModels() != head().getNumClassifiers() || sw.theta() != head().getTheta()) {
            throw new IllegalArgumentException("sw has numModels=" + sw.numModels() + ", theta=" + sw.theta()
                    + " but head '" + conf().getLayer().getLayerName() + "' has numClassifiers="
                    + head().getNumClassifiers() + ", theta=" + head().getTheta() + "; start from currentSwitch()");
        }
        SwitchState.write(sw, paramTable().get(AlraoOutputLayer.LOG_POSTERIOR),
                paramTable().get(AlraoOutputLayer.SWITCH_STATE));
    }

    /** @return the current posterior over classifiers */
    public double[] posterior() {
        return currentSwitch().posterior();
    }

    /**
     * @param layerInput this layer's input ({@code [B, nIn]} or {@code [B, nIn, T]}, e.g. from
     *                   {@code feedForward})
     * @return every classifier's class probabilities, {@code [M, N, C]}: M = B rows, or B*T rows (example b,
     *     step t at row b*T + t)
     */
    public INDArray classifierProbabilities(INDArray layerInput) {
        requireTask(HeadTask.CLASSIFICATION, "classifierProbabilities");
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return HeadMath.probabilities(logProbabilities(HeadMath.rows(layerInput)));
        }
    }

    /**
     * As {@link #classifierProbabilities}, in log space (log-softmax, no underflow): what the Switch's evidence,
     * each classifier's mean negative log-likelihood, is computed from.
     */
    public INDArray classifierLogProbabilities(INDArray layerInput) {
        requireTask(HeadTask.CLASSIFICATION, "classifierLogProbabilities");
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return logProbabilities(HeadMath.rows(layerInput));
        }
    }

    /**
     * @param layerInput this layer's input {@code [B, nIn]}
     * @return every regressor's prediction, {@code [B, N, D]} (regression heads only)
     */
    public INDArray regressorPredictions(INDArray layerInput) {
        requireTask(HeadTask.REGRESSION, "regressorPredictions");
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return linearOutputs(layerInput);
        }
    }

    /** @return per-classifier statistics accumulated since the last {@link #resetClassifierStats()} */
    public ClassifierStats classifierStats() {
        return statistics.snapshot(head().classifierLearningRates(), posterior(),
                head().getTask() == HeadTask.REGRESSION);
    }

    /** Starts a new accumulation period (e.g. an epoch). */
    public void resetClassifierStats() {
        statistics.reset();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (referenceMode) {
            return super.activate(training, workspaceMgr);
        }
        assertInputSet(false);
        INDArray out;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            out = fastOutput(HeadMath.rows(input));
        }
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, out);
    }

    private INDArray fastOutput(INDArray rows) {
        double[] logPosterior = currentLogPosterior();
        if (head().getTask() == HeadTask.REGRESSION) {
            return FastHead.weightedPrediction(linearOutputs(rows), regressionWeights(logPosterior));
        }
        INDArray probs = FastHead.mixture(logProbabilities(rows), HeadMath.vector(logPosterior, dataType));
        return input.rank() == 3 ? HeadMath.unrows(probs, input.size(0), input.size(2)) : probs;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray raw = labels;
        try {
            INDArray masked = maskedLabels();
            labels = scaledForGraph(masked);
            Pair<Gradient, INDArray> result = referenceMode ? super.backpropGradient(epsilon, workspaceMgr)
                    : fastBackprop(masked, workspaceMgr);
            afterBackprop(masked, raw);
            return result;
        } finally {
            labels = raw;
        }
    }

    /**
     * {@link FastHead}'s gradients, written into DL4J's gradient views; {@code labels} holds the graph's masked
     * and scaled labels, {@code masked} the unscaled ones. Leaves the step's statistics in {@link #stepStats}.
     */
    private Pair<Gradient, INDArray> fastBackprop(INDArray masked, LayerWorkspaceMgr workspaceMgr) {
        INDArray dx;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray rows = HeadMath.rows(input).castTo(dataType);
            double[] logPosterior = currentLogPosterior();
            INDArray w = paramTable().get(AlraoOutputLayer.WEIGHTS);
            FastHead.Gradients g = head().getTask() == HeadTask.REGRESSION
                    ? regressionGradients(rows, w, logPosterior)
                    : classificationGradients(rows, w, HeadMath.rows(masked).castTo(dataType), logPosterior);
            INDArray dxRows = g.into(rows, w, gradTable.get(AlraoOutputLayer.WEIGHTS),
                    gradTable.get(AlraoOutputLayer.BIASES));
            if (!posteriorGradientZeroed) {
                // nothing else writes these views, so one zeroing keeps them exactly zero (NoOp subtracts them)
                gradTable.get(AlraoOutputLayer.LOG_POSTERIOR).assign(0);
                gradTable.get(AlraoOutputLayer.SWITCH_STATE).assign(0);
                posteriorGradientZeroed = true;
            }
            dx = input.rank() == 3 ? HeadMath.unrows(dxRows, input.size(0), input.size(2)) : dxRows;
        }
        Gradient gradient = new DefaultGradient();
        for (String name : paramTable().keySet()) {
            gradient.gradientForVariable().put(name, gradTable.get(name));
        }
        return new Pair<>(gradient, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dx));
    }

    private FastHead.Gradients regressionGradients(INDArray rows, INDArray w, double[] logPosterior) {
        INDArray mu = linearOutputs(rows);
        stepStats = HeadMath.regressionStats(mu, labels, head().getSigma2(), logPosterior);
        INDArray logA = HeadMath.vector(logPosterior, dataType);
        return FastHead.regression(rows, w, mu, labels.castTo(dataType), logA, head().getSigma2());
    }

    private FastHead.Gradients classificationGradients(INDArray rows, INDArray w, INDArray maskedRows,
                                                       double[] logPosterior) {
        INDArray logP = logProbabilities(rows);
        ClassificationPass pass = ClassificationPass.run(logP, maskedRows, logPosterior);
        stepStats = pass.stats();
        if (pass.oneHot()) {
            double scale = input.rank() == 3 && pass.stats().predictions() > 0
                    ? input.size(0) / (double) pass.stats().predictions() : 1;
            return FastHead.oneHot(rows, w, logP, maskedRows, pass, scale);
        }
        INDArray logA = HeadMath.vector(logPosterior, dataType);
        return FastHead.classification(rows, w, logP, HeadMath.rows(labels).castTo(dataType), logA);
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (pendingScore != null && pendingInput == input && pendingLabels == labels) {
            double score = pendingScore + fullNetRegTerm / input.size(0);
            pendingScore = null;
            return score;
        }
        if (!referenceMode) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return score(minibatchStats(maskedLabels(), currentLogPosterior()))
                        + fullNetRegTerm / input.size(0);
            }
        }
        INDArray raw = labels;
        try {
            labels = scaledForGraph(maskedLabels());
            return super.computeScore(fullNetRegTerm, training, workspaceMgr);
        } finally {
            labels = raw;
        }
    }

    /** Runs with the parameters as they were for this minibatch's forward pass (before the update). */
    private void afterBackprop(INDArray maskedLabels, INDArray rawLabels) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Switch sw = currentSwitch();
            MinibatchStats stats = stepStats != null ? stepStats
                    : minibatchStats(maskedLabels, currentLogPosterior());
            stepStats = null;
            double[] meanNll = stats.meanNll();
            skipNonFinite(meanNll);
            statistics.add(stats);
            pendingScore = score(stats);
            pendingInput = input;
            pendingLabels = rawLabels;
            if (switchUpdates && !head().isSwitchFrozen() && stats.predictions() > 0) {
                sw.update(meanNll);
                SwitchState.write(sw, paramTable().get(AlraoOutputLayer.LOG_POSTERIOR),
                        paramTable().get(AlraoOutputLayer.SWITCH_STATE));
            }
        }
    }

    /** Statistics computed afresh (reference mode and scores outside training; the fast path keeps its own). */
    private MinibatchStats minibatchStats(INDArray maskedLabels, double[] logPosterior) {
        if (head().getTask() == HeadTask.REGRESSION) {
            return HeadMath.regressionStats(linearOutputs(input), maskedLabels, head().getSigma2(), logPosterior);
        }
        return HeadMath.stats(logProbabilities(HeadMath.rows(input)), HeadMath.rows(maskedLabels), logPosterior);
    }

    /** DL4J's score: the loss summed over the graph's (scaled) labels, divided by the number of examples. */
    private double score(MinibatchStats stats) {
        return input.rank() == 3 ? stats.mixtureMeanNll() : stats.mixtureNllSum() / input.size(0);
    }

    /** Spec 3.6: a classifier whose own loss is not finite is not updated this step. */
    private void skipNonFinite(double[] meanNll) {
        int outputs = (int) head().getNOut();
        for (int j = 0; j < meanNll.length; j++) {
            if (!Double.isFinite(meanNll[j])) {
                HeadMath.zeroClassifier(gradTable.get(AlraoOutputLayer.WEIGHTS), j, outputs);
                HeadMath.zeroClassifier(gradTable.get(AlraoOutputLayer.BIASES), j, outputs);
            }
        }
    }

    /**
     * Renormalizes a pooled Switch state: parameter averaging across workers (docs/spark.md) leaves the arithmetic
     * mean of the workers' log-weights, a log opinion pool whose total weight is below 1. Every read of the
     * posterior calls this first, so a network fresh from averaging predicts with a valid distribution; call it
     * directly to make {@code params()} hold the renormalized values before inspecting them.
     *
     * @return whether the state was pooled and has been renormalized in place (false: it was already valid)
     * @throws IllegalStateException when the stored state is neither valid nor an average of valid states
     */
    public boolean normalizePooledPosterior() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return SwitchState.normalizePooled(head().getNumClassifiers(), head().getTheta(),
                    paramTable().get(AlraoOutputLayer.LOG_POSTERIOR), paramTable().get(AlraoOutputLayer.SWITCH_STATE));
        }
    }

    private double[] currentLogPosterior() {
        normalizePooledPosterior();
        return paramTable().get(AlraoOutputLayer.LOG_POSTERIOR).toDoubleVector();
    }

    private double[] regressionWeights(double[] logPosterior) {
        double[] weights = new double[logPosterior.length];
        if (head().getRegressionOutput() == RegressionOutput.BEST_MODEL) {
            int best = 0;
            for (int j = 1; j < weights.length; j++) {
                best = logPosterior[j] > logPosterior[best] ? j : best;
            }
            weights[best] = 1;
            return weights;
        }
        for (int j = 0; j < weights.length; j++) {
            weights[j] = Math.exp(logPosterior[j]);
        }
        return weights;
    }

    private void requireTask(HeadTask task, String method) {
        if (head().getTask() != task) {
            throw new IllegalStateException(method + "() is for " + task + " heads; head '"
                    + conf().getLayer().getLayerName() + "' is a " + head().getTask() + " head");
        }
    }

    private INDArray linearOutputs(INDArray rows) {
        return HeadMath.linear(rows.castTo(dataType), paramTable().get(AlraoOutputLayer.WEIGHTS),
                paramTable().get(AlraoOutputLayer.BIASES), head().getNumClassifiers(), (int) head().getNOut());
    }

    private INDArray logProbabilities(INDArray rows) {
        return HeadMath.logProbabilities(rows.castTo(dataType), paramTable().get(AlraoOutputLayer.WEIGHTS),
                paramTable().get(AlraoOutputLayer.BIASES), head().getNumClassifiers(), (int) head().getNOut());
    }

    private INDArray maskedLabels() {
        return HeadLabels.masked(this, labels, maskArray);
    }

    private INDArray scaledForGraph(INDArray masked) {
        return HeadLabels.scaledForGraph(masked);
    }

    /** TransferLearning copies unchanged layers' parameters through this (DL4J's SameDiff layer refuses). */
    @Override
    public void setBackpropGradientsViewArray(INDArray gradients) {
        super.setBackpropGradientsViewArray(gradients);
        posteriorGradientZeroed = false;
    }

    @Override
    public void setParams(INDArray params) {
        if (params != null && params != this.params) {
            this.params.assign(params);
        }
    }

    /** As DL4J's, but the labels placeholder has the right rank for recurrent input from the start. */
    @Override
    protected void doInit() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            sameDiff = SameDiff.create();
            sameDiff.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), false);
            long[] inputShape = input.shape().clone();
            inputShape[0] = -1;
            SDVariable inputVar = sameDiff.placeHolder(INPUT_KEY, dataType, inputShape);
            long[] labelShape = input.rank() == 3 ? new long[] {-1, head().getNOut(), -1}
                    : new long[] {-1, head().getNOut()};
            SDVariable labelVar = sameDiff.placeHolder(LABELS_KEY, dataType, labelShape);
            Map<String, SDVariable> vars = new LinkedHashMap<>();
            head().getLayerParams().getParamShapes().forEach((name, shape) ->
                    vars.put(name, sameDiff.var(name, dataType, shape)));
            outputVar = head().defineLayer(sameDiff, inputVar, labelVar, vars);
            paramTable().forEach((name, arr) -> sameDiff.associateArrayWithVariable(arr, sameDiff.getVariable(name)));
            outputKey = outputVar.name();
        }
    }
}

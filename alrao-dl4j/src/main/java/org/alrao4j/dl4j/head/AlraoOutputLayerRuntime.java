package org.alrao4j.dl4j.head;

import java.util.LinkedHashMap;
import java.util.Map;

import org.alrao4j.core.Switch;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running Alrao head (configuration: {@link AlraoOutputLayer}). On top of DL4J's SameDiff output layer
 * it masks and scales labels so losses are per-prediction means, updates the Switch after each training
 * backprop (with the minibatch's pre-update classifier losses, spec 3.4/4.4), skips the update of a
 * classifier whose own loss is not finite, reports the mixture NLL of the pre-update posterior as the
 * score, and accumulates per-classifier statistics.
 */
public class AlraoOutputLayerRuntime extends SameDiffOutputLayer {

    private static final long serialVersionUID = 1L;

    private boolean switchUpdates = true;
    private double[] nllSum;
    private double[] correctSum;
    private long predictionCount;
    private Double pendingScore;
    private INDArray pendingInput;
    private INDArray pendingLabels;

    /** Created by {@link AlraoOutputLayer#instantiate}. */
    public AlraoOutputLayerRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private AlraoOutputLayer head() {
        return (AlraoOutputLayer) conf().getLayer();
    }

    /**
     * @param enabled whether training backprops update the Switch (default true); switch off for gradient
     *                checks, which call backprop once and then compare against scores
     */
    public void setSwitchUpdates(boolean enabled) {
        this.switchUpdates = enabled;
    }

    /** @return the Switch as stored in the parameters (a copy: changing it changes nothing) */
    public Switch currentSwitch() {
        return SwitchState.read(head().getNumClassifiers(), head().getTheta(),
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
     * @param layerInput this layer's input {@code [B, nIn]}
     * @return every regressor's prediction, {@code [B, N, D]} (regression heads only)
     */
    public INDArray regressorPredictions(INDArray layerInput) {
        requireTask(HeadTask.REGRESSION, "regressorPredictions");
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return linearOutputs(layerInput);
        }
    }

    private void requireTask(HeadTask task, String method) {
        if (head().getTask() != task) {
            throw new IllegalStateException(method + "() is for " + task + " heads; head '"
                    + conf().getLayer().getLayerName() + "' is a " + head().getTask() + " head");
        }
    }

    /** @return per-classifier statistics accumulated since the last {@link #resetClassifierStats()} */
    public ClassifierStats classifierStats() {
        int n = head().getNumClassifiers();
        double[] loss = new double[n];
        double[] acc = new double[n];
        boolean regression = head().getTask() == HeadTask.REGRESSION;
        for (int j = 0; j < n && predictionCount > 0; j++) {
            loss[j] = nllSum[j] / predictionCount;
            acc[j] = regression ? Double.NaN : correctSum[j] / predictionCount;
        }
        return new ClassifierStats(head().classifierLearningRates(), posterior(), loss, acc, predictionCount);
    }

    /** Starts a new accumulation period (e.g. an epoch). */
    public void resetClassifierStats() {
        nllSum = null;
        correctSum = null;
        predictionCount = 0;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        INDArray raw = labels;
        try {
            INDArray masked = maskedLabels();
            labels = scaledForGraph(masked);
            Pair<Gradient, INDArray> result = super.backpropGradient(epsilon, workspaceMgr);
            afterBackprop(masked, raw);
            return result;
        } finally {
            labels = raw;
        }
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (pendingScore != null && pendingInput == input && pendingLabels == labels) {
            double score = pendingScore + fullNetRegTerm / input.size(0);
            pendingScore = null;
            return score;
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
            MinibatchStats stats = head().getTask() == HeadTask.REGRESSION
                    ? HeadMath.regressionStats(linearOutputs(input), maskedLabels, head().getSigma2(),
                    sw.logPosterior())
                    : HeadMath.stats(logProbabilities(HeadMath.rows(input)), HeadMath.rows(maskedLabels),
                    sw.logPosterior());
            double[] meanNll = stats.meanNll();
            skipNonFinite(meanNll);
            accumulate(stats);
            pendingScore = stats.mixtureMeanNll();
            pendingInput = input;
            pendingLabels = rawLabels;
            if (switchUpdates && stats.predictions() > 0) {
                sw.update(meanNll);
                SwitchState.write(sw, paramTable().get(AlraoOutputLayer.LOG_POSTERIOR),
                        paramTable().get(AlraoOutputLayer.SWITCH_STATE));
            }
        }
    }

    /** Spec 3.6: a classifier whose own loss is not finite is not updated this step. */
    private void skipNonFinite(double[] meanNll) {
        int numClasses = (int) head().getNOut();
        for (int j = 0; j < meanNll.length; j++) {
            if (!Double.isFinite(meanNll[j])) {
                HeadMath.zeroClassifier(gradTable.get(AlraoOutputLayer.WEIGHTS), j, numClasses);
                HeadMath.zeroClassifier(gradTable.get(AlraoOutputLayer.BIASES), j, numClasses);
            }
        }
    }

    private void accumulate(MinibatchStats stats) {
        if (nllSum == null) {
            nllSum = new double[stats.nllSum().length];
            correctSum = new double[stats.nllSum().length];
        }
        for (int j = 0; j < nllSum.length; j++) {
            nllSum[j] += stats.nllSum()[j];
            correctSum[j] += stats.correct()[j];
        }
        predictionCount += stats.predictions();
    }

    private INDArray linearOutputs(INDArray rows) {
        return HeadMath.linear(rows.castTo(dataType), paramTable().get(AlraoOutputLayer.WEIGHTS),
                paramTable().get(AlraoOutputLayer.BIASES), head().getNumClassifiers(), (int) head().getNOut());
    }

    private INDArray logProbabilities(INDArray rows) {
        return HeadMath.logProbabilities(rows.castTo(dataType), paramTable().get(AlraoOutputLayer.WEIGHTS),
                paramTable().get(AlraoOutputLayer.BIASES), head().getNumClassifiers(), (int) head().getNOut());
    }

    /** Labels with masked predictions zeroed: [B, C] times a [B, 1] mask, or [B, C, T] times a [B, T] mask. */
    private INDArray maskedLabels() {
        checkLabels();
        if (maskArray == null) {
            return labels;
        }
        if (head().getTask() == HeadTask.REGRESSION) {
            throw new IllegalArgumentException("the regression Alrao head '" + conf().getLayer().getLayerName()
                    + "' does not support label masks; drop the masked examples from the minibatch instead");
        }
        INDArray mask = maskArray.castTo(labels.dataType());
        if (labels.rank() == 3) {
            return Broadcast.mul(labels, mask, labels.ulike(), 0, 2);
        }
        return labels.mulColumnVector(mask.reshape(mask.length(), 1));
    }

    /**
     * For sequences DL4J divides the loss by the number of sequences; the reference averages over time
     * steps. Scaling labels by B / (labelled steps) makes DL4J's division give the per-step mean.
     */
    private INDArray scaledForGraph(INDArray masked) {
        if (masked.rank() != 3) {
            return masked;
        }
        double steps = masked.sumNumber().doubleValue();
        return steps > 0 ? masked.mul(masked.size(0) / steps) : masked;
    }

    private void checkLabels() {
        long c = head().getNOut();
        boolean ok = labels != null && labels.rank() == input.rank() && labels.size(0) == input.size(0)
                && labels.size(1) == c && (labels.rank() == 2 || labels.size(2) == input.size(2));
        if (!ok) {
            throw new IllegalArgumentException("Alrao head '" + conf().getLayer().getLayerName() + "' needs "
                    + (head().getTask() == HeadTask.REGRESSION ? "target" : "one-hot") + " labels of shape " + (input.rank() == 3 ? "[batch, " + c + ", time]" : "[batch, " + c + "]")
                    + " matching input " + java.util.Arrays.toString(input.shape()) + ", got "
                    + (labels == null ? "none" : java.util.Arrays.toString(labels.shape())));
        }
    }

    /** TransferLearning copies unchanged layers' parameters through this (DL4J's SameDiff layer refuses). */
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

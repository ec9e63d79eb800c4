package org.alrao4j.dl4j.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.clip.ClipByValue;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Runtime of {@link NativeOutput}. For softmax with cross-entropy (no class weights, no mask, no weight noise),
 * a training backward pass computes {@code z = 1 b + x W}, {@code p = softmax(z)} and {@code dZ = p - y}
 * (DL4J's {@code LossMCXENT} gradient for softmax), {@code dW = x^T dZ}, {@code db = 1^T dZ},
 * {@code dX = dZ W^T}, and keeps {@code p}; the score that follows for the same input and labels is
 * {@code -sum(y log clip(p, eps, 1 - eps)) / n + reg}, DL4J's formula, from the kept {@code p}. Anything else
 * (and a score without a backward pass before it) runs DL4J's output layer.
 */
public class NativeOutputLayer extends OutputLayer {

    /** Probabilities of the last training backward pass, outside workspaces; valid for keptInput/keptLabels. */
    private INDArray probabilities;
    private INDArray keptInput;
    private INDArray keptLabels;
    private final AffineProducts products = new AffineProducts();
    /** Scores computed from the kept probabilities (read by tests). */
    int scoresFromKeptProbabilities;

    /**
     * @param conf     the layer's configuration (its layer is a {@link NativeOutput})
     * @param dataType the network's data type
     */
    public NativeOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean fastPath() {
        return layerConf().getActivationFn() instanceof ActivationSoftmax
                && layerConf().getLossFn() instanceof LossMCXENT loss && loss.getWeights() == null
                && maskArray == null && layerConf().getWeightNoise() == null && labels != null
                && labels.rank() == 2 && input != null && input.rank() == 2;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        keptInput = null;
        if (!fastPath()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        applyDropOutIfNecessary(true, workspaceMgr);
        INDArray x = input.castTo(dataType);
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        long n = x.size(0);
        INDArray p = probabilities(n, w.size(1), w.dataType());
        products.forward(x, w, hasBias() ? getParam(DefaultParamInitializer.BIAS_KEY) : null, p);
        Nd4j.exec(new SoftMax(p, p, -1));
        INDArray y = labels.castTo(p.dataType());
        INDArray delta = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, p.dataType(), p.shape(), 'c');
        Nd4j.getExecutioner().exec(new SubOp(p, y, delta));

        Gradient ret = products.parameterGradients(x, delta, gradientViews, hasBias());
        INDArray epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
                new long[] {n, w.size(0)}, 'c');
        AffineProducts.inputGradient(delta, w, epsilonNext);
        keptInput = input;
        keptLabels = labels;
        return new Pair<>(ret, backpropDropOutIfPresent(epsilonNext));
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!training || keptInput != input || keptLabels != labels || !fastPath()) {
            return super.computeScore(fullNetRegTerm, training, workspaceMgr);
        }
        double eps = ((LossMCXENT) layerConf().getLossFn()).getSoftmaxClipEps();
        INDArray logP = workspaceMgr.createUninitialized(ArrayType.FF_WORKING_MEM, probabilities.dataType(),
                probabilities.shape(), 'c');
        if (eps > 0.0) {
            ClipByValue clip = new ClipByValue(probabilities, eps, 1.0 - eps);
            clip.addOutputArgument(logP);
            Nd4j.exec(clip);
            Nd4j.getExecutioner().exec(new Log(logP, logP));
        } else {
            Nd4j.getExecutioner().exec(new Log(probabilities, logP));
        }
        double score = -logP.muli(labels.castTo(logP.dataType())).sumNumber().doubleValue();
        if (conf().isMiniBatch()) {
            score /= getInputMiniBatchSize();
        }
        score += fullNetRegTerm;
        this.score = score;
        scoresFromKeptProbabilities++;
        return score;
    }

    private INDArray probabilities(long rows, long classes, DataType type) {
        if (probabilities == null || probabilities.size(0) != rows || probabilities.size(1) != classes
                || probabilities.dataType() != type) {
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                probabilities = Nd4j.create(type, rows, classes);
            }
        }
        return probabilities;
    }

    @Override
    public void clear() {
        super.clear();
        keptInput = null;
        keptLabels = null;
    }
}

package org.alrao4j.dl4j.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link NativeBatchNorm}: DL4J's batch-normalization layer (Ioffe &amp; Szegedy 2015, arXiv:1502.03167)
 * with a leaner forward and backward pass for rank-2 (feed-forward) and rank-4 (NCHW, NHWC) float and double
 * inputs; everything else (locked gamma/beta, other ranks and data types) runs DL4J's own implementation.
 *
 * <p>Training, per channel over the {@code m} values of the batch and spatial positions:
 * {@code mu = mean(x)}, {@code var = mean((x - mu)^2)} (biased), {@code xhat = (x - mu) / sqrt(var + eps)},
 * {@code y = gamma xhat + beta}. Backward: {@code dbeta = sum(dy)}, {@code dgamma = sum(dy xhat)},
 * {@code dx = gamma / sqrt(var + eps) (dy - mean(dy) - xhat mean(dy xhat))}. The running statistics follow
 * DL4J's convention: their "gradients", applied by a {@code NoOp} updater, are {@code (1 - decay)(mean - mu)}
 * for the mean and, with {@code useLogStd}, {@code log10(std_t) - log10(std_t+1)} where
 * {@code var_t+1 = decay var_t + (1 - decay) var}, or {@code (1 - decay)(var_t - var)} without it. Inference
 * uses the running statistics.
 *
 * <p>The backward pass reuses the centred input and statistics of the training forward pass before it when
 * the input is the same array (as in a network's {@code fit}); otherwise it recomputes them.
 */
public class NativeBatchNormLayer extends BatchNormalization {

    private static final int SHAPES_KEPT = 3;

    private final Map<List<Long>, BatchNormKernels> kernels = new LinkedHashMap<>(4, 0.75f, true);
    /** The input of the last training forward pass (by identity) and what it computed, or null. */
    private INDArray forwardInput;
    private BatchNormKernels forwardKernels;
    private double[] batchMean;
    private double[] batchVar;
    /** Backward passes that had to recompute the batch statistics (read by tests). */
    int statisticsRecomputations;

    /**
     * @param conf     the layer's configuration (its layer is a {@link NativeBatchNorm})
     * @param dataType the network's data type
     */
    public NativeBatchNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** @return whether this input runs the native path (otherwise DL4J's implementation) */
    boolean nativePath(INDArray x) {
        return !layerConf().isLockGammaBeta() && (x.rank() == 2 || x.rank() == 4)
                && (dataType == DataType.FLOAT || dataType == DataType.DOUBLE);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (!nativePath(input)) {
            forwardInput = null;
            return super.activate(training, workspaceMgr);
        }
        INDArray x = input.castTo(dataType);
        BatchNormKernels k = kernels(x);
        INDArray x2 = matrix(x, k);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        INDArray out2 = out.reshape(k.rows, k.cols);
        double eps = layerConf().getEps();
        double[] gamma = param(BatchNormalizationParamInitializer.GAMMA);
        double[] beta = param(BatchNormalizationParamInitializer.BETA);
        double[] scale = new double[k.channels];
        if (training) {
            double[] mean = new double[k.channels];
            double[] var = new double[k.channels];
            k.statistics(x2, mean, var);
            for (int c = 0; c < k.channels; c++) {
                scale[c] = gamma[c] / Math.sqrt(var[c] + eps);
            }
            k.normalizeCentred(scale, beta, out2);
            forwardInput = input;
            forwardKernels = k;
            batchMean = mean;
            batchVar = var;
        } else {
            double[] mean = param(BatchNormalizationParamInitializer.GLOBAL_MEAN);
            double[] var = runningVariance();
            double[] shift = new double[k.channels];
            for (int c = 0; c < k.channels; c++) {
                scale[c] = gamma[c] / Math.sqrt(var[c] + eps);
                shift[c] = beta[c] - mean[c] * scale[c];
            }
            k.affine(x2, scale, shift, out2);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (!nativePath(input)) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        INDArray x = input.castTo(dataType);
        BatchNormKernels k = forwardKernels;
        if (forwardInput != input || k == null) {
            k = kernels(x);
            batchMean = new double[k.channels];
            batchVar = new double[k.channels];
            k.statistics(matrix(x, k), batchMean, batchVar);
            statisticsRecomputations++;
        }
        forwardInput = null;
        forwardKernels = null;
        int n = k.channels;
        double m = (double) k.rows * k.spatial;
        double eps = layerConf().getEps();
        double[] gamma = param(BatchNormalizationParamInitializer.GAMMA);
        INDArray dy = matrix(epsilon.castTo(dataType), k);
        double[] sums = k.gradientSums(dy);
        double[] dGamma = new double[n];
        double[] dBeta = Arrays.copyOf(sums, n);
        double[] a = new double[n];
        double[] xcCoefficient = new double[n];
        double[] shift = new double[n];
        for (int c = 0; c < n; c++) {
            double invStd = 1.0 / Math.sqrt(batchVar[c] + eps);
            dGamma[c] = sums[n + c] * invStd;
            a[c] = gamma[c] * invStd;
            xcCoefficient[c] = -a[c] * invStd * invStd * sums[n + c] / m;
            shift[c] = -a[c] * sums[c] / m;
        }
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        k.inputGradient(dy, a, xcCoefficient, shift, dx.reshape(k.rows, k.cols));

        Gradient g = new DefaultGradient();
        put(g, BatchNormalizationParamInitializer.GAMMA, dGamma);
        put(g, BatchNormalizationParamInitializer.BETA, dBeta);
        put(g, BatchNormalizationParamInitializer.GLOBAL_MEAN, runningMeanUpdate());
        if (layerConf().isUseLogStd()) {
            put(g, BatchNormalizationParamInitializer.GLOBAL_LOG_STD, runningLogStdUpdate());
        } else {
            put(g, BatchNormalizationParamInitializer.GLOBAL_VAR, runningVarianceUpdate());
        }
        return new Pair<>(g, dx);
    }

    /** {@code (1 - decay)(mean_t - mu)}; the NoOp updater subtracts it: {@code decay mean_t + (1 - decay) mu}. */
    private double[] runningMeanUpdate() {
        double d = layerConf().getDecay();
        double[] global = param(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        double[] u = new double[global.length];
        for (int c = 0; c < u.length; c++) {
            u[c] = (global[c] - batchMean[c]) * (1 - d);
        }
        return u;
    }

    private double[] runningVarianceUpdate() {
        double d = layerConf().getDecay();
        double[] global = param(BatchNormalizationParamInitializer.GLOBAL_VAR);
        double[] u = new double[global.length];
        for (int c = 0; c < u.length; c++) {
            u[c] = (global[c] - batchVar[c]) * (1 - d);
        }
        return u;
    }

    /** {@code log10(std_t) - log10(std_t+1) = ln(var_t / var_t+1) / (2 ln 10)}, as DL4J computes it. */
    private double[] runningLogStdUpdate() {
        double d = layerConf().getDecay();
        double[] var = runningVariance();
        double[] u = new double[var.length];
        for (int c = 0; c < u.length; c++) {
            double next = var[c] * d + batchVar[c] * (1 - d);
            u[c] = Math.log(var[c] / next) * ONE_ON_2LOGE_10;
        }
        return u;
    }

    /** @return the running variance, {@code (10^log10std)^2} with {@code useLogStd} */
    private double[] runningVariance() {
        if (!layerConf().isUseLogStd()) {
            return param(BatchNormalizationParamInitializer.GLOBAL_VAR);
        }
        double[] v = param(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
        for (int c = 0; c < v.length; c++) {
            double s = Math.pow(10.0, v[c]);
            v[c] = s * s;
        }
        return v;
    }

    private double[] param(String key) {
        INDArray p = getParam(key);
        return p.elementWiseStride() == 1 ? BatchNormKernels.read(p, (int) p.length()) : p.toDoubleVector();
    }

    private void put(Gradient g, String key, double[] values) {
        INDArray view = gradientViews.get(key);
        if (view.elementWiseStride() == 1) {
            BatchNormKernels.write(values, view, 0);
        } else {
            view.assign(Nd4j.createFromArray(values).castTo(view.dataType()).reshape(view.shape()));
        }
        g.setGradientFor(key, view);
    }

    /** @return {@code a} as the kernels' {@code [P, Q]} C-order matrix, a view when {@code a} allows it */
    private static INDArray matrix(INDArray a, BatchNormKernels k) {
        if (a.ordering() != 'c' || !Shape.hasDefaultStridesForShape(a)) {
            a = k.copy(a);
        }
        return a.reshape(k.rows, k.cols);
    }

    private BatchNormKernels kernels(INDArray x) {
        boolean nchw = x.rank() == 2 || layerConf().getCnn2DFormat() == CNN2DFormat.NCHW;
        int chIdx = nchw ? 1 : 3;
        if (x.size(chIdx) != layerConf().getNOut()) {
            throw new IllegalArgumentException("NativeBatchNorm '" + layerConf().getLayerName() + "': input has "
                    + x.size(chIdx) + " channels (dimension " + chIdx + " of shape " + Arrays.toString(x.shape())
                    + ", " + (x.rank() == 2 ? "feed-forward" : layerConf().getCnn2DFormat()) + ") but the layer has"
                    + " nOut " + layerConf().getNOut() + "; check the layer's nOut and the CNN data format");
        }
        long spatial = x.rank() == 4 && nchw ? x.size(2) * x.size(3) : 1;
        long rows = x.length() / (x.size(chIdx) * spatial);
        List<Long> key = List.of(rows, x.size(chIdx), spatial);
        BatchNormKernels k = kernels.get(key);
        if (k == null || k.dataType != dataType) {
            k = new BatchNormKernels(dataType, rows, (int) x.size(chIdx), spatial);
            kernels.put(key, k);
            if (kernels.size() > SHAPES_KEPT) {
                kernels.remove(kernels.keySet().iterator().next());
            }
        }
        return k;
    }
}

package org.alrao4j.dl4j.head;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The head's maths in plain ND4J (no SameDiff): each classifier's log-probabilities, and from them the
 * per-classifier and mixture statistics of one minibatch, for the Switch update and diagnostics.
 */
final class HeadMath {

    private HeadMath() {
    }

    /** @return {@code [M, nIn]} rows: the input itself, or {@code [B, nIn, T]} as {@code B*T} rows (b-major) */
    static INDArray rows(INDArray input) {
        if (input.rank() == 2) {
            return input;
        }
        return input.permute(0, 2, 1).dup('c').reshape('c', input.size(0) * input.size(2), input.size(1));
    }

    /** @return {@code values} as a vector of {@code type}, created directly in that type (no cast op) */
    static INDArray vector(double[] values, org.nd4j.linalg.api.buffer.DataType type) {
        if (type == org.nd4j.linalg.api.buffer.DataType.FLOAT) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return org.nd4j.linalg.factory.Nd4j.createFromArray(f);
        }
        return org.nd4j.linalg.factory.Nd4j.createFromArray(values).castTo(type);
    }

    /** @return the elements of {@code a} in C order (a C-order reshape is a view, no device copy, when it can be) */
    static double[] hostCopy(INDArray a) {
        return a.reshape('c', new long[] {a.length()}).toDoubleVector();
    }

    /** @return rows {@code [B*T, K]} (b-major) back to the recurrent layout {@code [B, K, T]} */
    static INDArray unrows(INDArray rows, long batch, long time) {
        return rows.reshape('c', batch, time, rows.size(1)).permute(0, 2, 1).dup('c');
    }

    /** @return every model's linear output {@code [M, N, K]} on rows {@code x [M, nIn]} */
    static INDArray linear(INDArray x, INDArray w, INDArray b, int numModels, int outputs) {
        // a C-order product: the reshape below is then a view (INDArray.mmul's F-order result needed a copy)
        INDArray z = org.nd4j.linalg.factory.Nd4j.createUninitialized(w.dataType(), x.size(0), w.size(1));
        org.nd4j.linalg.factory.Nd4j.gemm(x, w, z, false, false, 1.0, 0.0);
        org.nd4j.linalg.factory.Broadcast.add(z, b.reshape(b.length()), z, 1);
        return z.reshape('c', x.size(0), numModels, outputs);
    }

    /**
     * @return log-probabilities {@code [M, N, C]} of every classifier on rows {@code x [M, nIn]}, max-shifted so
     *     they stay finite for any finite logits (libnd4j's {@code log_softmax} op returns -inf where a probability
     *     underflows, which would wrongly mark fast classifiers' losses as infinite)
     */
    static INDArray logProbabilities(INDArray x, INDArray w, INDArray b, int numClassifiers, int numClasses) {
        INDArray z = linear(x, w, b, numClassifiers, numClasses).reshape('c', -1, numClasses);
        z.subiColumnVector(z.max(1));
        INDArray logNorm = Transforms.log(Transforms.exp(z, true).sum(1), false);
        z.subiColumnVector(logNorm);
        return z.reshape('c', x.size(0), numClassifiers, numClasses);
    }

    /** @return the minibatch statistics of log-probabilities {@code [M, N, C]} and masked labels {@code [M, C]} */
    static MinibatchStats stats(INDArray logP, INDArray labels, double[] logPosterior) {
        return ClassificationPass.run(logP, labels, logPosterior).stats();
    }

    /**
     * Regression statistics (spec 3.9): per model the Gaussian NLL {@code |y - mu|^2 / (2 sigma2) +
     * 0.5 log(2 pi sigma2)} summed over rows, and the mixture NLL; "correct" is not defined and left at 0.
     *
     * @param mu     {@code [M, N, D]} predictions
     * @param labels {@code [M, D]} targets
     */
    static MinibatchStats regressionStats(INDArray mu, INDArray labels, double sigma2, double[] logPosterior) {
        long m = mu.size(0);
        int n = (int) mu.size(1);
        INDArray diff = mu.sub(labels.reshape('c', m, 1, labels.size(1)));
        double[][] sq = diff.muli(diff).sum(2).toDoubleMatrix();
        double constant = 0.5 * Math.log(2 * Math.PI * sigma2);
        double[] nllSum = new double[n];
        double[] logLik = new double[n];
        double mixture = 0;
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                logLik[j] = -sq[r][j] / (2 * sigma2) - constant;
                nllSum[j] -= logLik[j];
            }
            mixture -= logSumExp(logLik, logPosterior);
        }
        return new MinibatchStats(m, nllSum, new double[n], mixture);
    }

    /** log sum_j exp(a_j + b_j), max-shifted; -inf when every term is -inf. */
    static double logSumExp(double[] a, double[] b) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < a.length; j++) {
            max = Math.max(max, a[j] + b[j]);
        }
        if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
            return max;
        }
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += Math.exp(a[j] + b[j] - max);
        }
        return max + Math.log(s);
    }

    /** Zeroes classifier j's columns of a {@code [*, N*C]} gradient. */
    static void zeroClassifier(INDArray gradient, int j, int numClasses) {
        INDArray g = gradient.rank() == 1 ? gradient.reshape(1, gradient.length()) : gradient;
        g.get(NDArrayIndex.all(), NDArrayIndex.interval((long) j * numClasses, (long) (j + 1) * numClasses)).assign(0);
    }

    /** @return {@code logP} as probabilities, a new array */
    static INDArray probabilities(INDArray logP) {
        return Transforms.exp(logP, true);
    }
}

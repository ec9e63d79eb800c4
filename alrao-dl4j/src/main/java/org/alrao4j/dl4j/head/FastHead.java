package org.alrao4j.dl4j.head;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The head's forward and backward passes written out in ND4J: a handful of ops per step instead of the
 * SameDiff graph's hundred, with the same results ({@link HeadGraph} / {@link RegressionHeadGraph} are
 * the reference; {@code FastHeadTest} checks that both give the same outputs and gradients).
 *
 * <p>Shapes: rows {@code x [M, nIn]}, parameters {@code W [nIn, N*K]}, {@code b [1, N*K]}, labels
 * {@code y [M, K]} (already masked and scaled), model outputs {@code [M, N, K]}.
 */
final class FastHead {

    /**
     * Gradients of one minibatch on the logits {@code [M, N*K]}: each classifier's own (for its parameters) and
     * the mixture's (for the input rows).
     */
    record Gradients(INDArray own, INDArray mix) {

        /**
         * Writes {@code dW = x^T own} and {@code db = sum own} into the gradient views, each product straight into
         * its destination.
         *
         * @return the input rows' gradient {@code dx = mix W^T}, {@code [M, nIn]}
         */
        INDArray into(INDArray x, INDArray w, INDArray weightGrad, INDArray biasGrad) {
            Nd4j.gemm(x, own, weightGrad, true, false, 1.0, 0.0);
            own.sum(biasGrad.reshape(new long[] {biasGrad.length()}), 0);
            INDArray dx = Nd4j.createUninitialized(mix.dataType(), mix.size(0), w.size(0));
            Nd4j.gemm(mix, w, dx, false, true, 1.0, 0.0);
            return dx;
        }
    }

    private FastHead() {
    }

    /** @return the mixture probabilities {@code [M, C]} from log-probabilities {@code [M, N, C]} */
    static INDArray mixture(INDArray logP, INDArray logA) {
        return Transforms.exp(logMixture(logP, logA), false);
    }

    /** @return {@code log sum_j a_j p_j} per row and class, {@code [M, C]} */
    static INDArray logMixture(INDArray logP, INDArray logA) {
        INDArray s = Broadcast.add(logP, logA, logP.ulike(), 1);
        INDArray max = s.max(1);
        INDArray shifted = Broadcast.sub(s, max, s, 0, 2);
        return Transforms.log(Transforms.exp(shifted, false).sum(1), false).addi(max);
    }

    /**
     * Classification, spec 3.6: classifier j's logits get its own-NLL gradient {@code P_j sum(y) - y}; the
     * rows get the mixture-NLL gradient through {@code G = P_j Q_j - q_j}, {@code q_j = y a_j p_j / mix}.
     */
    static Gradients classification(INDArray x, INDArray w, INDArray logP, INDArray y, INDArray logA) {
        INDArray p = Transforms.exp(logP, true);
        INDArray own = Broadcast.mul(p, y.sum(1), p.ulike(), 0);
        Broadcast.sub(own, y, own, 0, 2);
        INDArray logMix = logMixture(logP, logA);
        INDArray q = Broadcast.sub(Broadcast.add(logP, logA, logP.ulike(), 1), logMix, logP.ulike(), 0, 2);
        Transforms.exp(q, false);
        Broadcast.mul(q, y, q, 0, 2);
        INDArray mix = Broadcast.mul(p, q.sum(2), p, 0, 1).subi(q);
        return gradients(x, w, own, mix);
    }

    /**
     * Classification with one-hot labels: classifier j's own gradient on its logits is {@code s (p_j - y)}
     * (s: the label scale, masked rows 0), and the mixture gradient is that times the responsibility
     * {@code r_mj} computed on the host ({@link ClassificationPass}).
     *
     * @param labels masked, unscaled labels {@code [M, C]}
     * @param scale  the factor the graph's labels carry (per-step means for sequences)
     */
    static Gradients oneHot(INDArray x, INDArray w, INDArray logP, INDArray labels, ClassificationPass pass,
                            double scale) {
        long m = logP.size(0);
        long n = logP.size(1);
        INDArray own = Transforms.exp(logP, true);
        if (!allOnes(pass.labelMass())) {
            Broadcast.mul(own, HeadMath.vector(pass.labelMass(), own.dataType()), own, 0);
        }
        Broadcast.sub(own, labels, own, 0, 2);
        if (scale != 1) {
            own.muli(scale);
        }
        INDArray r = HeadMath.vector(pass.responsibilities(), own.dataType()).reshape('c', m, n);
        INDArray mix = Broadcast.mul(own, r, own.ulike(), 0, 1);
        return gradients(x, w, own, mix);
    }

    private static boolean allOnes(double[] values) {
        for (double v : values) {
            if (v != 1) {
                return false;
            }
        }
        return true;
    }

    /** Regression, spec 3.9: own gradient {@code (mu_j - y) / sigma2}, mixture gradient weighted by responsibilities. */
    static Gradients regression(INDArray x, INDArray w, INDArray mu, INDArray y, INDArray logA, double sigma2) {
        INDArray err = Broadcast.sub(mu, y, mu.ulike(), 0, 2);
        INDArray logLik = err.mul(err).sum(2).muli(-1 / (2 * sigma2));
        INDArray s = logLik.addiRowVector(logA.reshape(logA.length()));
        s.subiColumnVector(s.max(1));
        INDArray r = Transforms.exp(s, false);
        r.diviColumnVector(r.sum(1));
        INDArray own = err.divi(sigma2);
        INDArray mix = Broadcast.mul(own, r, own.ulike(), 0, 1);
        return gradients(x, w, own, mix);
    }

    /** The gradients {@code own} and {@code mix} {@code [M, N, K]} as the logits' {@code [M, N*K]}. */
    private static Gradients gradients(INDArray x, INDArray w, INDArray own, INDArray mix) {
        long m = own.size(0);
        return new Gradients(own.reshape('c', m, own.size(1) * own.size(2)),
                mix.reshape('c', m, mix.size(1) * mix.size(2)));
    }

    /** @return the regression prediction {@code sum_j weight_j mu_j}, {@code [M, D]} */
    static INDArray weightedPrediction(INDArray mu, double[] weights) {
        INDArray out = null;
        for (int j = 0; j < weights.length; j++) {
            if (weights[j] == 0) {
                continue;
            }
            INDArray term = mu.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(j), org.nd4j.linalg.indexing.NDArrayIndex.all())
                    .mul(weights[j]);
            out = out == null ? term : out.addi(term);
        }
        return out;
    }
}

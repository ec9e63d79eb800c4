package org.alrao4j.dl4j.head;

import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * The SameDiff graph of the regression head (spec 3.9). Per-model loss: the Gaussian NLL
 * {@code |y - mu_j|^2 / (2 sigma2) + 0.5 log(2 pi sigma2)} (the constant once, as the reference's
 * {@code L2LossLog}); body loss: the Gaussian-mixture NLL {@code -log sum_j a_j N(y; mu_j, sigma2)} with the same
 * per-model log-likelihood. As in {@link HeadGraph}, the loss value is the mixture NLL and a stop-gradient
 * split sends the mixture gradient to the features and each regressor's own gradient to its parameters.
 */
final class RegressionHeadGraph {

    private final int numModels;
    private final int dims;
    private final double sigma2;
    private final RegressionOutput output;

    RegressionHeadGraph(int numModels, int dims, double sigma2, RegressionOutput output) {
        this.numModels = numModels;
        this.dims = dims;
        this.sigma2 = sigma2;
        this.output = output;
    }

    SDVariable define(SameDiff sd, SDVariable x, SDVariable y, Map<String, SDVariable> params) {
        SDVariable w = params.get(AlraoOutputLayer.WEIGHTS);
        SDVariable b = params.get(AlraoOutputLayer.BIASES);
        SDVariable logA = stop(sd, params.get(AlraoOutputLayer.LOG_POSTERIOR)).reshape(1, numModels);
        SDVariable y3 = y.reshape(-1, 1, dims);
        double constant = 0.5 * Math.log(2 * Math.PI * sigma2);

        SDVariable muMix = x.mmul(stop(sd, w)).add(stop(sd, b)).reshape(-1, numModels, dims);
        SDVariable errMix = muMix.sub(y3);
        SDVariable logLik = errMix.mul(errMix).sum(2).mul(-1 / (2 * sigma2)).sub(constant);
        SDVariable s = logLik.add(logA);
        // a single model is its own mixture; SameDiff's reductions over a trailing size-1 axis fail in M2.1
        SDVariable logMix = numModels == 1 ? s : logSumExp(sd, s);
        SDVariable mixtureNll = logMix.sum().neg();

        SDVariable muOwn = stop(sd, x).mmul(w).add(b).reshape(-1, numModels, dims);
        SDVariable errOwn = muOwn.sub(y3);
        SDVariable ownNll = errOwn.mul(errOwn).sum(0, 2).mul(1 / (2 * sigma2));
        SDVariable ownGradientOnly = ownNll.sub(stop(sd, ownNll)).sum();
        SDVariable stateTie = sd.math.tanh(stop(sd, params.get(AlraoOutputLayer.SWITCH_STATE))).sum().mul(0.0);
        SDVariable loss = mixtureNll.add(ownGradientOnly).add(stateTie);
        sd.setLossVariables(loss);

        SDVariable weights = output == RegressionOutput.BEST_MODEL ? best(sd, logA) : sd.math.exp(logA);
        // sum_j w_j mu_j as a matrix product: a reduction over a size-1 axis breaks SameDiff when N == 1
        SDVariable prediction = muMix.permute(0, 2, 1).reshape(-1, numModels).mmul(weights.reshape(numModels, 1))
                .reshape(-1, dims);
        sd.updateVariableNameAndReference(prediction, HeadGraph.OUTPUT);
        return loss;
    }

    private static SDVariable logSumExp(SameDiff sd, SDVariable s) {
        SDVariable m = stop(sd, s.max(true, 1));
        return sd.math.log(sd.math.exp(s.sub(m)).sum(true, 1)).add(m);
    }

    /** One-hot (ties averaged) on the largest posterior. */
    private static SDVariable best(SameDiff sd, SDVariable logA) {
        SDVariable isMax = sd.eq(logA, logA.max(true, 1)).castTo(logA.dataType());
        return isMax.div(isMax.sum(true, 1));
    }

    private static SDVariable stop(SameDiff sd, SDVariable v) {
        return new StopGradient(sd, v).outputVariable();
    }
}

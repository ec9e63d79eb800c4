package org.alrao4j.dl4j.head;

import java.util.Map;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SameDiff graph of the Alrao head. One scalar loss carries both of spec 3.6's gradients:
 * <pre>
 *   loss = - sum_m y_m . log sum_j a_j softmax(x_m sg(W_j) + sg(b_j))            mixture NLL: gradient to x only
 *          + sum_j [ own_j - sg(own_j) ],  own_j = - sum_m y_m . log softmax(sg(x_m) W_j + b_j)
 * </pre>
 * The bracket is zero in value but has classifier j's own-NLL gradient, so the loss value (and DL4J's
 * score) is the mixture NLL while W_j, b_j only see their own loss. {@code sg} is a stop-gradient. The
 * mixture's log-sum-exp is written out (max-shifted) because SameDiff's {@code logSumExp} backprop is
 * broken in M2.1. The posterior and Switch state enter only through stop-gradients, so their gradient is
 * exactly zero ({@code NoOp} would otherwise still subtract it).
 *
 * <p>Labels arrive pre-scaled and masked (see {@link AlraoOutputLayerRuntime}); the loss is linear in
 * them. Recurrent input {@code [B, nIn, T]} is handled as {@code B*T} rows and the output reshaped back to
 * {@code [B, C, T]}.
 */
final class HeadGraph {

    /** Name of the mixture-probability variable the layer outputs. */
    static final String OUTPUT = "alraoMixture";

    private final int numClassifiers;
    private final int numClasses;

    HeadGraph(int numClassifiers, int numClasses) {
        this.numClassifiers = numClassifiers;
        this.numClasses = numClasses;
    }

    SDVariable define(SameDiff sd, SDVariable input, SDVariable labels, Map<String, SDVariable> params) {
        SDVariable w = params.get(AlraoOutputLayer.WEIGHTS);
        SDVariable b = params.get(AlraoOutputLayer.BIASES);
        long nIn = w.getShape()[0];
        boolean recurrent = input.getShape().length == 3;
        SDVariable x = recurrent ? input.permute(0, 2, 1).reshape(-1, nIn) : input;
        SDVariable y = recurrent ? labels.permute(0, 2, 1).reshape(-1, numClasses) : labels;

        SDVariable logA = stop(sd, params.get(AlraoOutputLayer.LOG_POSTERIOR)).reshape(1, numClassifiers, 1);
        SDVariable mixLogP = logSoftmax3(x.mmul(stop(sd, w)).add(stop(sd, b)));
        SDVariable logMix = logSumExpOverClassifiers(sd, mixLogP.add(logA));
        SDVariable mixtureNll = y.mul(logMix).sum().neg();

        SDVariable ownLogP = logSoftmax3(stop(sd, x).mmul(w).add(b));
        SDVariable ownNll = y.reshape(-1, 1, numClasses).mul(ownLogP).sum(0, 2).neg();
        SDVariable ownGradientOnly = ownNll.sub(stop(sd, ownNll)).sum();

        // ties the Switch state to the loss with a finite, zero-gradient term (log-weights may be -inf)
        SDVariable stateTie = sd.math.tanh(stop(sd, params.get(AlraoOutputLayer.SWITCH_STATE))).sum().mul(0.0);
        SDVariable loss = mixtureNll.add(ownGradientOnly).add(stateTie);
        sd.setLossVariables(loss);

        SDVariable probs = sd.math.exp(logMix);
        if (recurrent) {
            SDVariable shape = input.shape();
            SDVariable btc = sd.concat(0, shape.get(SDIndex.interval(0, 1)), shape.get(SDIndex.interval(2, 3)),
                    sd.constant(Nd4j.createFromArray((long) numClasses)));
            probs = sd.reshape(probs, btc).permute(0, 2, 1);
        }
        sd.updateVariableNameAndReference(probs, OUTPUT);
        return loss;
    }

    /** {@code [M, N*C]} logits to {@code [M, N, C]} log-probabilities. */
    private SDVariable logSoftmax3(SDVariable logits) {
        SDVariable z = logits.reshape(-1, numClassifiers, numClasses);
        SDVariable shift = z.max(true, 2);
        SDVariable centred = z.sub(shift);
        return centred.sub(centred.getSameDiff().math.log(centred.getSameDiff().math.exp(centred).sum(true, 2)));
    }

    /** Max-shifted log-sum-exp over the classifier axis: {@code [M, N, C]} to {@code [M, C]}. */
    private SDVariable logSumExpOverClassifiers(SameDiff sd, SDVariable s) {
        SDVariable m = stop(sd, s.max(true, 1));
        SDVariable lse = sd.math.log(sd.math.exp(s.sub(m)).sum(true, 1)).add(m);
        return lse.reshape(-1, numClasses);
    }

    private static SDVariable stop(SameDiff sd, SDVariable x) {
        return new StopGradient(sd, x).outputVariable();
    }
}

package org.alrao4j.dl4j.snapshot;

import org.deeplearning4j.util.TimeSeriesUtils;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Accumulates a DL4J {@link Evaluation} and the mean negative log-likelihood (log-loss) of predicted class
 * probabilities over minibatches. Accepts {@code [batch, classes]} outputs and recurrent
 * {@code [batch, classes, time]} outputs with an optional {@code [batch, time]} label mask (masked steps are
 * skipped, as {@link Evaluation} does). Probabilities are clipped at {@link #MIN_PROBABILITY} so a zero
 * probability on the true class gives a large finite loss.
 */
final class ClassificationScore {

    /** Smallest probability used in the log-loss. */
    static final double MIN_PROBABILITY = 1e-15;

    private final Evaluation evaluation = new Evaluation();
    private double lossSum;
    private long count;

    /**
     * @param labels      one-hot labels, same shape as {@code probabilities}
     * @param probability predicted class probabilities
     * @param labelsMask  optional label mask, {@code null} for none
     */
    void add(INDArray labels, INDArray probability, INDArray labelsMask) {
        if (!java.util.Arrays.equals(labels.shape(), probability.shape())) {
            throw new IllegalArgumentException("labels have shape " + java.util.Arrays.toString(labels.shape())
                    + " but the network's output has shape " + java.util.Arrays.toString(probability.shape())
                    + "; the evaluation data must match the network's single classifier output");
        }
        evaluation.eval(labels, probability, labelsMask);
        INDArray y = labels.castTo(DataType.DOUBLE);
        INDArray p = probability.castTo(DataType.DOUBLE);
        INDArray rowMask = null;
        if (p.rank() == 3) {
            y = TimeSeriesUtils.reshape3dTo2d(y);
            p = TimeSeriesUtils.reshape3dTo2d(p);
            if (labelsMask != null) {
                rowMask = TimeSeriesUtils.reshapeTimeSeriesMaskToVector(labelsMask.castTo(DataType.DOUBLE));
            }
        } else if (p.rank() != 2) {
            throw new IllegalArgumentException("expected a [batch, classes] or [batch, classes, time] output, got"
                    + " rank " + p.rank() + "; flatten the output or evaluate per time step");
        } else if (labelsMask != null) {
            if (labelsMask.length() != p.size(0)) {
                throw new IllegalArgumentException("labelsMask has " + labelsMask.length() + " values for "
                        + p.size(0) + " examples; the log-loss supports one mask value per example (per-output"
                        + " masks are not supported), so pass a [batch, 1] mask or none");
            }
            rowMask = labelsMask.castTo(DataType.DOUBLE).reshape(p.size(0), 1);
        }
        // -log p(true class) per row: sum over classes of y * log(max(p, eps))
        INDArray logP = Transforms.log(Transforms.max(p, MIN_PROBABILITY, true), false);
        INDArray perRow = y.mul(logP).sum(true, 1).negi();
        if (rowMask != null) {
            lossSum += perRow.muli(rowMask.reshape(perRow.shape())).sumNumber().doubleValue();
            count += Math.round(rowMask.sumNumber().doubleValue());
        } else {
            lossSum += perRow.sumNumber().doubleValue();
            count += perRow.length();
        }
    }

    /** @return the accumulated evaluation (the same object on each call) */
    Evaluation evaluation() {
        return evaluation;
    }

    /** @return mean log-loss over the counted predictions, {@code NaN} if none */
    double logLoss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    /** @return number of predictions counted in the log-loss */
    long count() {
        return count;
    }
}

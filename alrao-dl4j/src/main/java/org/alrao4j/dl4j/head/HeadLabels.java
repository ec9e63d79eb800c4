package org.alrao4j.dl4j.head;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;

/** Checks, masks and scales the labels a head receives. */
final class HeadLabels {

    private HeadLabels() {
    }

    /**
     * @return labels with masked predictions zeroed: {@code [B, C]} times a {@code [B, 1]} mask, or
     *     {@code [B, C, T]} times a {@code [B, T]} mask
     */
    static INDArray masked(AlraoOutputLayerRuntime layer, INDArray labels, INDArray mask) {
        check(layer, labels);
        if (mask == null) {
            return labels;
        }
        if (layer.head().getTask() == HeadTask.REGRESSION) {
            throw new IllegalArgumentException("the regression Alrao head '" + layer.conf().getLayer().getLayerName()
                    + "' does not support label masks; drop the masked examples from the minibatch instead");
        }
        INDArray m = mask.castTo(labels.dataType());
        if (labels.rank() == 3) {
            return Broadcast.mul(labels, m, labels.ulike(), 0, 2);
        }
        return labels.mulColumnVector(m.reshape(m.length(), 1));
    }

    /**
     * For sequences DL4J divides the loss by the number of sequences; the reference averages over time
     * steps. Scaling labels by B / (labelled steps) makes DL4J's division give the per-step mean.
     */
    static INDArray scaledForGraph(INDArray masked) {
        if (masked.rank() != 3) {
            return masked;
        }
        double steps = masked.sumNumber().doubleValue();
        return steps > 0 ? masked.mul(masked.size(0) / steps) : masked;
    }

    private static void check(AlraoOutputLayerRuntime layer, INDArray labels) {
        INDArray input = layer.getInput();
        long c = layer.head().getNOut();
        boolean ok = labels != null && labels.rank() == input.rank() && labels.size(0) == input.size(0)
                && labels.size(1) == c && (labels.rank() == 2 || labels.size(2) == input.size(2));
        if (!ok) {
            boolean regression = layer.head().getTask() == HeadTask.REGRESSION;
            throw new IllegalArgumentException("Alrao head '" + layer.conf().getLayer().getLayerName() + "' needs "
                    + (regression ? "target" : "one-hot") + " labels of shape "
                    + (input.rank() == 3 ? "[batch, " + c + ", time]" : "[batch, " + c + "]") + " matching input "
                    + Arrays.toString(input.shape()) + ", got "
                    + (labels == null ? "none" : Arrays.toString(labels.shape())));
        }
    }
}

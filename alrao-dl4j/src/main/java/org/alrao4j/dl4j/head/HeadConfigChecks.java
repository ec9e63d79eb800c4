package org.alrao4j.dl4j.head;

import java.util.Objects;

import org.alrao4j.core.ClassifierLearningRates;
import org.alrao4j.core.LearningRateRange;
import org.alrao4j.core.Switch;

/** Validation of an {@link AlraoOutputLayer} configuration (its builder calls it). */
final class HeadConfigChecks {

    private HeadConfigChecks() {
    }

    /** @throws IllegalArgumentException naming the offending setting, its value and the rule */
    static void validate(AlraoOutputLayer h) {
        new LearningRateRange(h.getLrMin(), h.getLrMax());
        ClassifierLearningRates.geometricGrid(new LearningRateRange(h.getLrMin(), h.getLrMax()),
                h.getNumClassifiers());
        new Switch(h.getNumClassifiers(), h.getTheta());
        if (h.getNOut() < 1) {
            throw new IllegalArgumentException("nOut must be >= 1 (the number of classes), got nOut=" + h.getNOut());
        }
        if (h.getNIn() < 0) {
            throw new IllegalArgumentException("nIn must be >= 0 (0: set from the input type), got nIn=" + h.getNIn());
        }
        Objects.requireNonNull(h.getOptimizer(), "optimizer");
        Objects.requireNonNull(h.getTask(), "task");
        Objects.requireNonNull(h.getRegressionOutput(), "regressionOutput");
        if (!(h.getSigma2() > 0) || !Double.isFinite(h.getSigma2())) {
            throw new IllegalArgumentException("sigma2 must be finite and > 0, got sigma2=" + h.getSigma2()
                    + "; it is the variance of the regression head's Gaussian likelihood (default "
                    + AlraoOutputLayer.DEFAULT_SIGMA2 + ")");
        }
    }
}

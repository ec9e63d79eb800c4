package org.alrao4j.spark;

import java.util.Map;

/**
 * What one distributed pass did.
 *
 * @param semantics  the training master's semantics
 * @param seconds    wall-clock time of the pass
 * @param posteriors every Alrao head's posterior on the driver, by layer name
 */
public record FitReport(DistributedSemantics semantics, double seconds,
                        Map<String, double[]> posteriors) {
}

package org.alrao4j.spark;

import java.util.Map;

/**
 * What one distributed pass did.
 *
 * @param semantics  the training master's semantics
 * @param score      the network's score after the pass (DL4J's: the workers' mean minibatch loss)
 * @param seconds    wall-clock time of the pass
 * @param posteriors every Alrao head's posterior on the driver, by layer name
 */
public record FitReport(DistributedSemantics semantics, double score, double seconds,
                        Map<String, double[]> posteriors) {
}

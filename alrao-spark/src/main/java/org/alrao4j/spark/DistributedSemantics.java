package org.alrao4j.spark;

import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;

/**
 * How Alrao's per-network state behaves under each of DL4J's Spark training masters (docs/spark.md has the
 * reasoning). In both, per-unit and classifier learning rates are part of the configuration (drawn from its seed
 * once, on the driver, and serialized to the workers), so every worker uses the same rates.
 */
public enum DistributedSemantics {

    /**
     * {@link ParameterAveragingTrainingMaster}: workers update their own Switch each minibatch; the driver averages
     * all parameters, so the Switch log-weights become their arithmetic mean, which the head renormalizes (the log
     * opinion pool: to first order in the switching prior, the posterior one machine gets from minibatches K times
     * larger). Hypergradient alpha lives in the updater state and is averaged likewise ({@code saveUpdater(true)}
     * is required for it). Every averaging round starts all workers from the same posterior and alpha.
     */
    PARAMETER_AVERAGING,

    /**
     * {@link SharedTrainingMaster}: only threshold-encoded parameter updates travel, and the driver and every worker
     * replica keep their own parameters, so a Switch written on one replica would reach no other. The Switch is
     * therefore frozen on every replica for the session (one identical posterior cluster-wide) and recomputed on
     * the driver from an exact distributed evidence pass ({@link AlraoSparkTraining#refreshPosterior}).
     * Hypergradient alpha is per replica during a session (each replica's hypergradient uses its own gradients) and
     * DL4J averages the replicas' updater states into the driver at the end of each fit.
     */
    GRADIENT_SHARING;

    /**
     * @return the semantics of {@code master}'s class
     * @throws IllegalArgumentException for a training master alrao-spark has not been designed for
     */
    public static DistributedSemantics of(TrainingMaster<?, ?> master) {
        if (master instanceof ParameterAveragingTrainingMaster) {
            return PARAMETER_AVERAGING;
        }
        if (master instanceof SharedTrainingMaster) {
            return GRADIENT_SHARING;
        }
        throw new IllegalArgumentException("training master " + (master == null ? "null" : master.getClass().getName())
                + " is not supported: alrao-spark defines the Switch and hypergradient semantics for"
                + " ParameterAveragingTrainingMaster and SharedTrainingMaster only (docs/spark.md); use one of them");
    }
}

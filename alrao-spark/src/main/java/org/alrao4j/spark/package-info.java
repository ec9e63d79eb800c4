/**
 * Alrao, SGDR and hypergradient networks on Apache Spark with DL4J's training masters (docs/spark.md).
 *
 * <p>{@link org.alrao4j.spark.AlraoSparkTraining} fits a {@code SparkComputationGraph} or {@code SparkDl4jMultiLayer}
 * under the semantics of {@link org.alrao4j.spark.DistributedSemantics}: with parameter averaging the workers' Switch
 * log-weights are averaged and read by the head as the renormalized log opinion pool; with gradient sharing the
 * Switch is frozen on every replica and recomputed on the driver from an exact distributed evidence pass ({@link
 * org.alrao4j.spark.AlraoSparkTraining#refreshPosterior}). Per-unit and classifier learning rates are part of the
 * configuration, so every worker has the driver's. {@link org.alrao4j.spark.SparkCnnExample} trains the CNN example
 * (LeNet + Alrao head on Fashion-MNIST) in local mode or under {@code spark-submit}.
 */
package org.alrao4j.spark;

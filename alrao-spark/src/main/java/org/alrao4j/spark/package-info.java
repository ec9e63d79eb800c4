/**
 * Alrao networks on Apache Spark with DL4J's training masters (docs/spark.md).
 */
package org.alrao4j.spark;

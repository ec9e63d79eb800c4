/**
 * JMH micro-benchmarks of alrao4j, built only with the {@code bench} Maven profile and run as
 * {@code java -jar bench/target/bench.jar}; methodology and results in {@code docs/benchmarks.md}.
 */
package org.alrao4j.bench;

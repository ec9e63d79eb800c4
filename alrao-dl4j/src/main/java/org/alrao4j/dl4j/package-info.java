/**
 * Alrao on Deeplearning4j networks.
 *
 * <p>{@link org.alrao4j.dl4j.AlraoInstaller} turns a {@code ComputationGraphConfiguration} or
 * {@code MultiLayerConfiguration} into one whose layers carry per-unit Alrao updaters;
 * {@link org.alrao4j.dl4j.CpuFastPath} switches on DL4J's fast CPU configuration.
 */
package org.alrao4j.dl4j;

/**
 * Network-level wiring of hypergradient descent (Baydin et al., arXiv:1703.04782) for DL4J.
 *
 * <p>{@link org.alrao4j.dl4j.hypergradient.HypergradientInstaller} puts the updaters of
 * {@code org.alrao4j.core.hypergradient} on every layer of a {@code MultiLayerNetwork} or
 * {@code ComputationGraph}, either one alpha per layer ({@code installPerLayer}) or the paper's single alpha
 * ({@code installGlobal}), and reads the learned alphas back. The updaters need no other hook: global
 * coordination happens inside {@code alrao-core} through the network's shared updater-state array, so saving,
 * restoring and cloning networks work with plain DL4J calls.
 */
package org.alrao4j.dl4j.hypergradient;

/**
 * Where the units of each DL4J layer type lie in its flattened parameters (Alrao spec section 1.2,
 * dl4j-notes section 3): one {@link org.alrao4j.dl4j.units.UnitPlan} per layer, built by
 * {@link org.alrao4j.dl4j.units.UnitPlans#planFor}.
 *
 * <p>A unit is an output neuron (dense, output), an output channel (convolutions), an embedding dimension
 * (embeddings), a gate row or a recurrent unit (LSTM, SimpleRnn), or a single element (batch-norm gamma
 * and beta, as in the reference code). A unit's bias shares its rate.
 */
package org.alrao4j.dl4j.units;

/**
 * Drop-in DL4J layers that run faster than their DL4J counterparts on the CPU while keeping their parameter
 * layout, so Alrao's unit planner, updaters and serialization treat them as the originals.
 *
 * <p>{@link org.alrao4j.dl4j.layers.NativeLstm} is DL4J's {@code LSTM} with the time loop in libnd4j's
 * {@code lstmLayer} / {@code lstmLayer_bp} custom ops instead of the per-time-step Java loop of
 * {@code LSTMHelpers}.
 */
package org.alrao4j.dl4j.layers;

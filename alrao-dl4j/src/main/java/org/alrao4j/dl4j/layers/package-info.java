/**
 * Drop-in DL4J layers that run faster than their DL4J counterparts on the CPU while keeping their parameter
 * layout, so Alrao's unit planner, updaters and serialization treat them as the originals.
 *
 * <p>{@link org.alrao4j.dl4j.layers.NativeLstm} is DL4J's {@code LSTM} with a time loop of a few ND4J
 * operations per step, the large matrix products taken out of the loop and a backward pass that reuses its
 * forward pass, instead of the dozens of small operations per step of {@code LSTMHelpers}.
 * {@link org.alrao4j.dl4j.layers.NativeDense} and {@link org.alrao4j.dl4j.layers.NativeOutput} are DL4J's dense
 * and output layers with a backward pass that reuses the forward pass (DL4J computes the pre-output again for
 * the gradient and, in the output layer, once more for the score) and products computed straight into their
 * destinations. {@link org.alrao4j.dl4j.layers.NativeLayers#convert} switches a configuration to all of them.
 *
 * <p>{@link org.alrao4j.dl4j.layers.NativeConvolution} is DL4J's 2-D {@code ConvolutionLayer} that keeps the
 * ReLU derivative as a mask and, on a layer fed by the network input, can skip the input gradient, computing
 * the weight gradient as one convolution instead of {@code conv2d_bp}.
 *
 * <p>{@link org.alrao4j.dl4j.layers.NativeBatchNorm} is DL4J's {@code BatchNormalization} (Ioffe &amp; Szegedy
 * 2015) whose per-channel sums are matrix products with vectors of ones and whose per-channel scaling is a
 * row-vector broadcast, with a backward pass that reuses the centred input of its forward pass, instead of
 * ND4J reductions over dimensions (0, 2, 3) and libnd4j's {@code batchnorm_bp}.
 */
package org.alrao4j.dl4j.layers;

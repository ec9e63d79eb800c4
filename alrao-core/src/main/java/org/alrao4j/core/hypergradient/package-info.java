/**
 * Hypergradient descent: learning the learning rate online.
 * <pre>
 * A. G. Baydin, R. Cornish, D. Martinez Rubio, M. Schmidt, F. Wood. "Online Learning Rate Adaptation with
 * Hypergradient Descent". ICLR 2018, arXiv:1703.04782.
 *   alpha_t = alpha_{t-1} + beta g_t . d_{t-1},   theta_t = theta_{t-1} - alpha_t d_t
 * </pre>
 * {@link org.alrao4j.core.hypergradient.SgdHd} ({@code d = g}), {@link org.alrao4j.core.hypergradient.SgdnHd}
 * (PyTorch Nesterov recursion, {@code d = g + mu v}) and {@link org.alrao4j.core.hypergradient.AdamHd}
 * ({@code d} = Adam's step at rate 1) are immutable {@code IUpdater} configurations; their appliers extend
 * {@link org.alrao4j.core.hypergradient.HypergradientGradientUpdater}. Alpha and {@code d_{t-1}} are in DL4J's
 * updater state view ({@code [alpha, d_{t-1}, base state...]} per block), so they are saved, restored and
 * continued like Adam's moments.
 *
 * <h2>Granularity</h2>
 * DL4J hands each {@code GradientUpdater} one updater block (consecutive parameters with equal configurations).
 * <ul>
 * <li>{@link org.alrao4j.core.hypergradient.HypergradientMode#PER_BLOCK}: each block learns its own alpha from
 *     its own dot product. With a distinct {@code tag} per layer (what the {@code alrao-dl4j} installer does) this
 *     is a per-layer alpha; with one shared configuration it is one alpha per run of equal layers.</li>
 * <li>{@link org.alrao4j.core.hypergradient.HypergradientMode#GLOBAL}: the paper's single alpha,
 *     {@code alpha_t = alpha_{t-1} + beta sum_blocks g_b . d_b,t-1}, applied to every block in the same step
 *     (the fix the reference's issue #9 asks for).</li>
 * </ul>
 *
 * <h2>How GLOBAL blocks coordinate</h2>
 * In {@code BaseMultiLayerUpdater.update} DL4J applies all blocks in state order and only afterwards does the
 * step function subtract the update from the parameters; each block's state view is an interval of the network's
 * single updater-state array. So:
 * <ol>
 * <li>at instantiation each GLOBAL applier looks up the {@code GlobalAlphaCoordinator} of its state view's root
 *     {@code DataBuffer} ({@code data().originalDataBuffer()}, or {@code data()} for the view at offset 0), held
 *     in a registry by weak reference and object identity: a cloned, restored or re-created network has a new
 *     state array and hence its own coordinator;</li>
 * <li>in {@code applyUpdater} a block computes its partial {@code h_b = g_b . d_b,t-1} and its direction
 *     {@code d_b,t} (stored as the next {@code d_{t-1}}), writes the provisional update {@code alpha_{t-1} d_b,t}
 *     and reports {@code (offset, length, iteration, h_b, gradient view)};</li>
 * <li>when the reported state intervals, contiguous from offset 0, cover the whole root buffer, the coordinator
 *     computes {@code alpha_t} and rewrites every reported gradient view as {@code alpha_t d_b,t} and every
 *     block's stored alpha as {@code alpha_t} (all blocks keep identical copies, so save/restore is exact).</li>
 * </ol>
 *
 * <h2>Limits of GLOBAL mode</h2>
 * <ul>
 * <li>Every stateful updater block of the network must be a GLOBAL hypergradient block with the same class,
 *     {@code alpha0} and {@code hypergradLr} (stateless blocks, such as batch-norm's {@code NoOp} statistics or
 *     {@code Sgd}/{@code NoOp} layers, are invisible and fine). A foreign stateful block before or between them
 *     is detected before the step is applied; one after them is detected at the next step, the unfinished step
 *     having used {@code alpha_{t-1}} ({@code IllegalStateException} either way).</li>
 * <li>Post-updater regularization ({@code WeightDecay}) of all but the last block would be overwritten; use
 *     {@code l2} (the reference's {@code weight_decay}); the installer rejects {@code WeightDecay}.</li>
 * <li>Only the {@code MultiLayerNetwork}/{@code ComputationGraph} updater path (contiguous state views) is
 *     supported, not SameDiff state maps, not layer-wise pretraining, and not a state array shared by two
 *     networks. Each {@code update} call is synchronized by DL4J; different networks (including
 *     {@code ParallelWrapper} workers, which own model copies) coordinate independently.</li>
 * </ul>
 *
 * <p>{@code getLearningRate} of a configuration reports {@code alpha0}: DL4J uses it for {@code WeightDecay}
 * scaling and reporting only; the live alpha is read from the applier ({@code alpha()}).
 */
package org.alrao4j.core.hypergradient;

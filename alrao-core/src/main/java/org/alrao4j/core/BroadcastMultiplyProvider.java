package org.alrao4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A backend-specific way to run the per-unit rate multiply of the Alrao updaters faster than a generic ND4J op.
 *
 * <p>The updaters multiply each contiguous gradient segment by its rates once per layer and step
 * ({@code target[i, j] *= rates[i]} or {@code rates[j]}, Alrao's {@code Lambda (.) g}, spec section 4.2). Through
 * ND4J's op executioner each call carries several microseconds of Java-side validation and lookups, as much as the
 * multiply itself on a small layer. A provider prepares the multiply once per gradient array and runs it with
 * only the kernel call. Providers are found with {@link java.util.ServiceLoader}; alrao4j-dl4j ships one for
 * ND4J's CPU backend. Without a provider (or when every provider declines) the generic op is used, so results
 * never depend on whether a provider is present.
 */
public interface BroadcastMultiplyProvider {

    /**
     * Prepares {@code target *= rates}, in place, with {@code rates} broadcast along {@code dimension} of
     * {@code target} (the semantics of ND4J's {@code BroadcastMulOp(target, rates, target, dimension)}).
     *
     * @param target    a rank-2 view of a gradient, C-order and contiguous
     * @param rates     one rate per row ({@code dimension == 0}) or per column ({@code dimension == 1}), same data
     *                  type as {@code target}
     * @param dimension 0 or 1
     * @return the multiply, to be run once per step while both arrays stay alive, or {@code null} when this
     *         provider cannot serve these arrays (another backend, data type, or an unusual view)
     */
    Runnable prepare(INDArray target, INDArray rates, int dimension);
}

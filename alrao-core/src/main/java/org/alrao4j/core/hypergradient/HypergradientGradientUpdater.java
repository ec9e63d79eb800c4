package org.alrao4j.core.hypergradient;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * Applier shared by the hypergradient updaters: one DL4J updater block's alpha, previous direction and the
 * base optimizer's state, all views of the block's state view.
 *
 * <p>State layout of a block with {@code N} parameters in {@code k} variables ({@code stateSlots() * N + k}
 * values): {@code [alpha, d_{t-1} (N), base state (N per extra slot), unused (k - 1)]}. Alpha comes first
 * because DL4J does not tell {@code instantiate} the block's gradient length; the slots after it are laid out
 * on the first {@link #applyUpdater} call, when {@code N} is known.
 *
 * <p>One step (paper, Algorithms 1-6): {@code h = g_t . d_{t-1}}; the subclass turns {@code g_t} into its
 * direction {@code d_t} in place; {@code d_{t-1} := d_t}; then in {@link HypergradientMode#PER_BLOCK}
 * {@code alpha_t = alpha_{t-1} + beta h} and {@code gradient := alpha_t d_t}. In {@link HypergradientMode#GLOBAL}
 * the block writes {@code alpha_{t-1} d_t} and reports {@code h} to its network's {@link GlobalAlphaCoordinator},
 * which, once the last block has reported, rewrites every block's gradient as {@code alpha_t d_t} with the
 * single {@code alpha_t = alpha_{t-1} + beta sum(h)}.
 *
 * @param <T> the configuration type
 */
public abstract class HypergradientGradientUpdater<T extends HypergradientUpdater> implements GradientUpdater<T> {

    /** State key of the learning rate alpha (length 1). */
    public static final String ALPHA_STATE = "alpha";
    /** State key of the previous update direction {@code d_{t-1}}. */
    public static final String PREV_DIR_STATE = "prevDir";

    private final T config;
    private INDArray state;
    private INDArray alpha;
    private INDArray prevDir;
    private long stateOffset;
    private GlobalAlphaCoordinator coordinator;

    /** @param config the configuration this applier executes */
    protected HypergradientGradientUpdater(T config) {
        this.config = config;
    }

    @Override
    public T getConfig() {
        return config;
    }

    /**
     * {@inheritDoc} Keeps views of {@code viewArray}; when {@code initialize}, zeroes it and sets alpha to
     * {@code alpha0}. In GLOBAL mode also joins the coordinator of the network owning the view's buffer.
     */
    @Override
    @SuppressWarnings("try")
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        long minLength = config.stateSize(1);
        if (viewArray == null || viewArray.length() < minLength) {
            throw new IllegalStateException(config.getClass().getSimpleName() + " needs a state view of length >= "
                    + minLength + " (alpha, previous direction, base state), got "
                    + (viewArray == null ? "null" : "length " + viewArray.length()));
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            state = viewArray.reshape(viewArray.length());
            if (initialize) {
                state.assign(0);
                state.putScalar(0, config.alpha0());
            }
            alpha = state.get(NDArrayIndex.interval(0, 1));
        }
        prevDir = null;
        if (config.mode() == HypergradientMode.GLOBAL) {
            stateOffset = viewArray.offset();
            coordinator = GlobalAlphaCoordinator.forStateView(viewArray);
        }
    }

    /**
     * Applies one hypergradient step in place: on return {@code gradient} holds the update that DL4J
     * subtracts from the parameters ({@code alpha_t d_t}; in GLOBAL mode provisionally {@code alpha_{t-1} d_t}
     * until the network's last block has reported).
     */
    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (state == null) {
            throw new IllegalStateException(config.getClass().getSimpleName() + " updater" + tagText()
                    + " has not been initialized with view state");
        }
        INDArray g = gradient.reshape(gradient.length());
        ensureLayout(g.length());
        double h = Nd4j.getExecutioner().exec(new Dot(g, prevDir)).getDouble(0); // h_t = g_t . d_{t-1}
        computeDirection(g, iteration, epoch);                                      // g := d_t
        prevDir.assign(g);                                                           // grad_alpha u_t = -d_t
        double alphaPrev = alpha.getDouble(0);
        if (coordinator == null) {
            double alphaT = alphaPrev + config.hypergradLr() * h;                    // alpha_t = alpha_{t-1} - beta h
            alpha.putScalar(0, alphaT);
            g.muli(alphaT);                                                          // u_t = -alpha_t d_t
        } else {
            g.muli(alphaPrev);
            coordinator.report(this, stateOffset, state.length(), iteration, h, g);
        }
    }

    /** Called by the coordinator at the end of a GLOBAL step: {@code alpha := alphaT}, {@code g := alphaT d_t}. */
    void finishGlobalStep(INDArray gradient, double alphaT) {
        alpha.putScalar(0, alphaT);
        gradient.assign(prevDir).muli(alphaT);
    }

    @SuppressWarnings("try")
    private void ensureLayout(long n) {
        if (prevDir != null && prevDir.length() == n) {
            return;
        }
        long needed = config.stateSlots() * n + 1;
        if (state.length() < needed) {
            throw new IllegalStateException(config.getClass().getSimpleName() + " updater" + tagText() + " got a "
                    + "gradient of length " + n + " but a state view of length " + state.length() + " < " + needed
                    + "; the state view must come from this configuration's stateSize");
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            prevDir = slot(0, n);
            layoutBaseState(n);
        }
    }

    /**
     * @param index slot index: 0 is the previous direction, 1.. the base optimizer's state
     * @param n     the block's gradient length
     * @return the view of that slot in the state
     */
    protected final INDArray slot(int index, long n) {
        long start = 1 + index * n;
        return state.get(NDArrayIndex.interval(start, start + n));
    }

    /**
     * Takes the base optimizer's state views with {@link #slot(int, long)} (slots 1..); runs outside workspaces.
     *
     * @param n the block's gradient length
     */
    protected abstract void layoutBaseState(long n);

    /**
     * Turns the gradient into the base optimizer's direction at rate 1, in place, updating its own state.
     *
     * @param gradient  1-D gradient of the block, overwritten with {@code d_t}
     * @param iteration DL4J's iteration counter (0-based)
     * @param epoch     DL4J's epoch counter (0-based)
     */
    protected abstract void computeDirection(INDArray gradient, int iteration, int epoch);

    /** @return the base optimizer's state views by name (laid out after the first step) */
    protected abstract Map<String, INDArray> baseState();

    /** @return the block's current learning rate alpha */
    public double alpha() {
        if (alpha == null) {
            throw new IllegalStateException(config.getClass().getSimpleName() + " updater" + tagText()
                    + " has not been initialized with view state");
        }
        return alpha.getDouble(0);
    }

    /** {@inheritDoc} Alpha, the previous direction and the base state (the last two after the first step). */
    @Override
    public Map<String, INDArray> getState() {
        Map<String, INDArray> map = new LinkedHashMap<>();
        map.put(ALPHA_STATE, alpha);
        if (prevDir != null) {
            map.put(PREV_DIR_STATE, prevDir);
            map.putAll(baseState());
        }
        return map;
    }

    /**
     * {@inheritDoc} Copies values into the existing views; the keys must be exactly those of {@link #getState()}.
     */
    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        Map<String, INDArray> current = getState();
        if (alpha == null || stateMap == null || !stateMap.keySet().equals(current.keySet())) {
            throw new IllegalStateException(config.getClass().getSimpleName() + " state must have exactly the keys "
                    + (alpha == null ? "(none: no state view yet)" : current.keySet()) + ", got "
                    + (stateMap == null ? null : stateMap.keySet()));
        }
        for (Map.Entry<String, INDArray> e : current.entrySet()) {
            e.getValue().assign(stateMap.get(e.getKey()));
        }
    }

    private String tagText() {
        return config.tag() == null ? "" : " of '" + config.tag() + "'";
    }
}

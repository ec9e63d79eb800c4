package org.alrao4j.core.hypergradient;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Joins the {@link HypergradientMode#GLOBAL} blocks of one network into the paper's single alpha
 * (arXiv:1703.04782, eq. 3 with {@code h_t} summed over all parameters; reference issue #9).
 *
 * <p>Why it works: every updater block's state view is a view of the network's one updater-state array, DL4J
 * calls the blocks' {@code applyUpdater} in state order, all within one {@code update} call and before the step
 * function subtracts the update from the parameters. So the blocks of one network find each other by the
 * identity of their state view's root {@link DataBuffer} (a cloned or restored network has its own array,
 * hence its own coordinator), and a step is complete when the reported state ranges cover the whole root
 * buffer. The coordinator then computes {@code alpha_t = alpha_{t-1} + beta * sum_b h_b} and rewrites each
 * block's gradient as {@code alpha_t d_b}.
 *
 * <p>Checks (each throws {@link IllegalStateException}): blocks must report contiguously from offset 0 in one
 * iteration (a gap means a stateful updater that is not a GLOBAL hypergradient block sits in between); a new step
 * must not start before the previous one covered the buffer (a foreign stateful block at the end; that step was
 * applied with {@code alpha_{t-1}}); all blocks must agree on the configuration class, {@code alpha0} and
 * {@code hypergradLr}.
 */
final class GlobalAlphaCoordinator {

    private static final List<Entry> REGISTRY = new ArrayList<>();

    private final long rootLength;
    private final List<Report> round = new ArrayList<>();
    private long nextOffset;
    private int roundIteration;
    private double hSum;
    private double alphaPrev;
    private HypergradientUpdater first;

    private GlobalAlphaCoordinator(long rootLength) {
        this.rootLength = rootLength;
    }

    /**
     * @param stateView a block's state view, as given to {@code instantiate}
     * @return the coordinator of the network owning the view's root buffer (created on first use)
     */
    static GlobalAlphaCoordinator forStateView(INDArray stateView) {
        DataBuffer root = rootOf(stateView.data());
        synchronized (REGISTRY) {
            for (Iterator<Entry> it = REGISTRY.iterator(); it.hasNext(); ) {
                Entry e = it.next();
                DataBuffer b = e.root.get();
                if (b == null) {
                    it.remove();
                } else if (b == root) {
                    return e.coordinator;
                }
            }
            GlobalAlphaCoordinator c = new GlobalAlphaCoordinator(root.length());
            REGISTRY.add(new Entry(root, c));
            return c;
        }
    }

    private static DataBuffer rootOf(DataBuffer buffer) {
        DataBuffer original = buffer.originalDataBuffer();
        return original == null ? buffer : original;
    }

    /**
     * Records one block's contribution; completes the step when the blocks cover the whole state buffer.
     *
     * @param block     the reporting block's applier
     * @param offset    offset of its state view in the root buffer
     * @param length    length of its state view
     * @param iteration the iteration being applied
     * @param h         its partial hypergradient {@code g_b . d_b,t-1}
     * @param gradient  its gradient view, holding {@code alpha_{t-1} d_b}
     */
    synchronized void report(HypergradientGradientUpdater<?> block, long offset, long length, int iteration,
                             double h, INDArray gradient) {
        HypergradientUpdater config = block.getConfig();
        if (offset == 0) {
            if (!round.isEmpty() && roundIteration != iteration) {
                fail("the step at iteration " + roundIteration + " never completed: GLOBAL hypergradient blocks"
                        + " covered only state [0, " + nextOffset + ") of " + rootLength + ", so a stateful updater"
                        + " that is not a GLOBAL hypergradient updater follows them (that step used alpha_{t-1})");
            }
            round.clear(); // same iteration: an update aborted by an exception is being retried
            roundIteration = iteration;
            hSum = 0;
            alphaPrev = block.alpha();
            first = config;
        } else if (round.isEmpty() || offset != nextOffset || iteration != roundIteration) {
            fail("a GLOBAL hypergradient block at state offset " + offset + " (iteration " + iteration + ") does not"
                    + " continue the step of iteration " + roundIteration + " at offset "
                    + (round.isEmpty() ? 0 : nextOffset) + ", so a stateful updater that is not a GLOBAL"
                    + " hypergradient updater sits before it");
        } else if (config.getClass() != first.getClass() || config.alpha0() != first.alpha0()
                || config.hypergradLr() != first.hypergradLr()) {
            fail("GLOBAL hypergradient blocks disagree: " + first + " vs " + config + "; one network's GLOBAL"
                    + " blocks must share the updater class, alpha0 and hypergradLr");
        }
        round.add(new Report(block, gradient));
        hSum += h;
        nextOffset = offset + length;
        if (nextOffset == rootLength) {
            double alphaT = alphaPrev + first.hypergradLr() * hSum;  // alpha_t = alpha_{t-1} - beta sum_b h_b
            for (Report r : round) {
                r.block.finishGlobalStep(r.gradient, alphaT);
            }
            round.clear();
            first = null;
        } else if (nextOffset > rootLength) {
            fail("GLOBAL hypergradient state ranges overran the state buffer (" + nextOffset + " > " + rootLength
                    + "); the same block reported twice in one step");
        }
    }

    private void fail(String problem) {
        round.clear();
        first = null;
        throw new IllegalStateException("Global hypergradient coordination failed: " + problem + ". Use"
                + " HypergradientMode.GLOBAL for every layer with parameters (same updater class, alpha0 and"
                + " hypergradLr), or HypergradientMode.PER_BLOCK.");
    }

    private static final class Entry {
        final WeakReference<DataBuffer> root;
        final GlobalAlphaCoordinator coordinator;

        Entry(DataBuffer root, GlobalAlphaCoordinator coordinator) {
            this.root = new WeakReference<>(root);
            this.coordinator = coordinator;
        }
    }

    private static final class Report {
        final HypergradientGradientUpdater<?> block;
        final INDArray gradient;

        Report(HypergradientGradientUpdater<?> block, INDArray gradient) {
            this.block = block;
            this.gradient = gradient;
        }
    }
}

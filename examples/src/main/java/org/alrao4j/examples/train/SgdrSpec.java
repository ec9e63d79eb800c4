package org.alrao4j.examples.train;

import org.alrao4j.core.schedule.SgdrSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The {@code --sgdr T0,Tmult} setting: cosine annealing with warm restarts (Loshchilov and Hutter,
 * arXiv:1608.03983) with a first cycle of {@code t0} epochs, each next cycle {@code tMult} times longer. The
 * schedule runs per iteration, as in the paper: {@code t0} epochs become {@code t0 * iterationsPerEpoch} steps.
 *
 * @param t0    length of the first cycle in epochs, {@code > 0}
 * @param tMult cycle-length multiplier, {@code >= 1}
 */
public record SgdrSpec(double t0, double tMult) {

    /**
     * @param etaMax             peak value: the baseline's {@code --lr}, or {@code 1} for Alrao's multiplier
     * @param iterationsPerEpoch parameter updates per epoch
     * @return the per-iteration schedule from {@code etaMax} down to 0 in each cycle
     */
    public SgdrSchedule schedule(double etaMax, long iterationsPerEpoch) {
        return SgdrSchedule.builder(ScheduleType.ITERATION, etaMax, t0Iterations(iterationsPerEpoch)).etaMin(0)
                .tMult(tMult).build();
    }

    /** @return the first cycle's length in iterations */
    public double t0Iterations(long iterationsPerEpoch) {
        return t0 * iterationsPerEpoch;
    }

    /**
     * @param schedule   the schedule
     * @param iterations total training iterations
     * @return how many cycles end within {@code iterations} (the snapshots a run of that length takes)
     */
    public static int completedCycles(SgdrSchedule schedule, long iterations) {
        int count = 0;
        for (long step = 1; step <= iterations && step < Integer.MAX_VALUE; step++) {
            if (schedule.isRestart((int) step)) {
                count++;
            }
        }
        return count;
    }
}

/**
 * Learning-rate schedules as pure, immutable DL4J {@link org.nd4j.linalg.schedule.ISchedule} values.
 *
 * <p>{@link org.alrao4j.core.schedule.SgdrSchedule}: cosine annealing with warm restarts (Loshchilov and
 * Hutter, arXiv:1608.03983, eq. 5) with real-valued {@code tMult}, Keras-style peak decay per restart and an
 * optional linear warm-up. {@code isRestart(step)} tells a snapshot-ensemble listener where the cycles end.
 * Use a schedule wherever DL4J accepts one, e.g. {@code new Sgd(schedule)} or {@code new Adam(schedule)}; it
 * round-trips through the configuration JSON.
 */
package org.alrao4j.core.schedule;

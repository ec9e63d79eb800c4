/**
 * Snapshot ensembles on top of SGDR (Huang et al., "Snapshot Ensembles: Train 1, get M for free",
 * arXiv:1704.00109): {@link org.alrao4j.dl4j.snapshot.SnapshotListener} saves the network at the end of each
 * cosine cycle of an {@link org.alrao4j.core.schedule.SgdrSchedule} and optionally scores it on validation data;
 * {@link org.alrao4j.dl4j.snapshot.SnapshotEnsemble} averages the softmax outputs of the last m or the best m
 * snapshots and evaluates them with DL4J's {@code Evaluation} holding one network in memory at a time.
 */
package org.alrao4j.dl4j.snapshot;

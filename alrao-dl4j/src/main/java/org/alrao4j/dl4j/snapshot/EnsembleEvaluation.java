package org.alrao4j.dl4j.snapshot;

import java.util.List;

import org.nd4j.evaluation.classification.Evaluation;

/**
 * Result of {@link SnapshotEnsemble#evaluateDetailed}: the ensemble, each member alone, and the growing
 * ensembles of the first k members (in the ensemble's chronological member order), all on the same data.
 *
 * @param members             the ensemble's snapshots, oldest first
 * @param memberEvaluations   evaluation of each member's own output
 * @param memberLogLoss       log-loss of each member's own output
 * @param prefixEvaluations   evaluation of the average of members {@code 0..k}, for each k; the last is the
 *                            ensemble
 * @param prefixLogLoss       log-loss of the average of members {@code 0..k}, for each k
 */
public record EnsembleEvaluation(List<Snapshot> members, List<Evaluation> memberEvaluations,
                                 List<Double> memberLogLoss, List<Evaluation> prefixEvaluations,
                                 List<Double> prefixLogLoss) {

    /** Copies the lists. */
    public EnsembleEvaluation {
        members = List.copyOf(members);
        memberEvaluations = List.copyOf(memberEvaluations);
        memberLogLoss = List.copyOf(memberLogLoss);
        prefixEvaluations = List.copyOf(prefixEvaluations);
        prefixLogLoss = List.copyOf(prefixLogLoss);
    }

    /** @return the evaluation of the whole ensemble's averaged probabilities */
    public Evaluation ensemble() {
        return prefixEvaluations.get(prefixEvaluations.size() - 1);
    }

    /** @return the log-loss of the whole ensemble's averaged probabilities */
    public double ensembleLogLoss() {
        return prefixLogLoss.get(prefixLogLoss.size() - 1);
    }

    /** @return a table: one row per member with its accuracy and log-loss and those of the growing ensemble */
    public String table() {
        StringBuilder sb = new StringBuilder(String.format("%-6s %-10s %-10s %-10s %-10s %-10s%n", "member",
                "iteration", "acc", "logloss", "ens.acc", "ens.logloss"));
        for (int k = 0; k < members.size(); k++) {
            sb.append(String.format("%-6d %-10d %-10.4f %-10.4f %-10.4f %-10.4f%n", k, members.get(k).iteration(),
                    memberEvaluations.get(k).accuracy(), memberLogLoss.get(k), prefixEvaluations.get(k).accuracy(),
                    prefixLogLoss.get(k)));
        }
        return sb.toString();
    }
}

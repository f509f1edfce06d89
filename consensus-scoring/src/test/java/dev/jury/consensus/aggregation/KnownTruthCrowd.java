package dev.jury.consensus.aggregation;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.Vote;
import java.util.List;
import java.util.Map;

/** A generated crowd and the truth it was generated from; the fixtures' shared half. */
abstract class KnownTruthCrowd {
    final List<Vote> votes;
    final Map<String, String> truth;

    KnownTruthCrowd(List<Vote> votes, Map<String, String> truth) {
        this.votes = votes;
        this.truth = truth;
    }

    AnswerTable table() {
        return AnswerTable.of(votes);
    }

    /** Share of items whose top label (lowest index on a tie) is the truth. */
    double accuracy(Aggregation result) {
        int right = 0;
        for (Map.Entry<String, String> e : truth.entrySet()) {
            if (result.label(e.getKey()).orElseThrow().equals(e.getValue())) {
                right++;
            }
        }
        return right / (double) truth.size();
    }
}

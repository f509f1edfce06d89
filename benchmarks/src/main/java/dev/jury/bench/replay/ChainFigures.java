package dev.jury.bench.replay;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * What the chain shows for a replayed project, from the {@code ContributionRecorded} records the
 * read model keeps ({@code GET /api/v1/me/contributions} of every replayed contributor).
 *
 * @param acceptedLabels labels recorded on chain, or null when the stack records none (no chain)
 * @param epochs distinct epochs those labels went into, or null
 * @param gasPerLabel gas spent on those epochs divided by the labels, or null when unknown (no
 *     chain, or no RPC endpoint to read the transaction receipts from)
 */
record ChainFigures(Long acceptedLabels, Long epochs, Double gasPerLabel) {

    /** The stack reported no contribution at all: it runs no chain (yet). */
    static ChainFigures none() {
        return new ChainFigures(null, null, null);
    }

    /** One contribution record of the replayed project. */
    record Record(String labelId, long epoch, String txHash) {}

    /**
     * Figures from the records.
     *
     * @param gasOfTransactions total gas used by the distinct transactions of {@code records}, or
     *     null if it could not be read
     */
    static ChainFigures of(Collection<Record> records, Long gasOfTransactions) {
        if (records.isEmpty()) {
            return none();
        }
        Set<String> labels = new HashSet<>();
        Set<Long> epochs = new HashSet<>();
        for (Record r : records) {
            labels.add(r.labelId());
            epochs.add(r.epoch());
        }
        Double gas = gasOfTransactions == null ? null : (double) gasOfTransactions / labels.size();
        return new ChainFigures((long) labels.size(), (long) epochs.size(), gas);
    }

    /** The distinct transactions of the records, whose receipts hold the gas. */
    static Set<String> transactions(Collection<Record> records) {
        Set<String> txs = new HashSet<>();
        for (Record r : records) {
            if (r.txHash() != null && !r.txHash().isBlank()) {
                txs.add(r.txHash());
            }
        }
        return txs;
    }
}

package dev.jury.rewards;

import dev.jury.rewards.RewardsStore.EpochRow;
import dev.jury.rewards.RewardsStore.SealedLabel;
import dev.jury.rewards.contract.ContributionRegistry;
import dev.jury.testsupport.AnvilService;
import dev.jury.testsupport.PostgresService;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Numeric;

/**
 * {@code ./jury bench gas}: gas per accepted label when every label is its own record versus epochs
 * of 100, 1,000 and 10,000 labels, and how many labels per second the whole pipeline records
 * (accept into PostgreSQL, seal with proofs, send the root, wait for the receipt), on a local anvil
 * node and PostgreSQL started for the run.
 */
public final class GasBench {

    private GasBench() {}

    public static void main(String[] args) throws Exception {
        int perLabelRecords = 100;
        int[] epochSizes = {100, 1_000, 10_000};
        PostgresService.Database db = PostgresService.shared().createDatabase("rewards_gas_bench");
        RewardsStore store = RewardsStore.open(db.jdbcUrl(), db.user(), db.password());
        List<String[]> rows = new ArrayList<>();
        try (AnvilService anvil = AnvilService.start()) {
            Web3j web3j = Chains.web3j(anvil);
            rows.add(run(web3j, db, store, "one record per label", perLabelRecords, 1));
            for (int size : epochSizes) {
                rows.add(run(web3j, db, store, "epoch of " + size, size, size));
            }
            web3j.shutdown();
        }
        System.out.printf(
                Locale.ROOT,
                "%-22s %8s %7s %12s %10s %10s %12s %12s%n",
                "mode",
                "labels",
                "txs",
                "gas total",
                "gas/label",
                "claim gas",
                "seconds",
                "labels/s");
        for (String[] r : rows) {
            System.out.printf(
                    Locale.ROOT, "%-22s %8s %7s %12s %10s %10s %12s %12s%n", (Object[]) r);
        }
        System.out.println(
                "gas/label = recordEpoch gas used / labels; claim gas = one contributor's claim"
                        + " with its proof; seconds = accept + seal + send + receipt.");
    }

    private static String[] run(
            Web3j web3j,
            PostgresService.Database db,
            RewardsStore store,
            String mode,
            int labels,
            int epochSize)
            throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(
                    "TRUNCATE rewards.wallets, rewards.gold_answers, rewards.accepted_labels,"
                            + " rewards.epochs");
        }
        // A fresh contract per row: epoch numbers restart from 0 with the emptied tables.
        ContributionRegistry registry = Chains.deploy(web3j);
        ChainClient chain = Chains.client(web3j, registry);
        RewardsService service =
                new RewardsService(
                        store,
                        AcceptancePolicy.defaults(),
                        chain,
                        events -> {},
                        Clock.systemUTC(),
                        new RewardsService.Settings(
                                epochSize, Duration.ofHours(1), Duration.ofSeconds(30)));
        service.setWallet("alice", Credentials.create(AnvilService.CONTRIBUTOR_KEY).getAddress());
        service.setWallet("bob", Credentials.create(AnvilService.OTHER_KEY).getAddress());

        long start = System.nanoTime();
        for (int i = 0; i < labels / 2; i++) {
            service.onItemResolved(Fixtures.resolved("item-" + i, false, "alice", "bob"));
        }
        service.sealAll();
        if (!service.submitPending()) {
            throw new IllegalStateException("submission did not complete");
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        long gas = 0;
        int txs = 0;
        for (long epoch = 0; ; epoch++) {
            EpochRow row = store.epoch(epoch).orElse(null);
            if (row == null) {
                break;
            }
            gas += chain.receipt(row.txHash()).orElseThrow().getGasUsed().longValueExact();
            txs++;
        }
        SealedLabel first =
                store.sealedLabels(0).stream()
                        .filter(l -> l.contributorId().equals("alice"))
                        .findFirst()
                        .orElseThrow();
        Leaf leaf =
                new Leaf(first.labelId(), first.itemId(), first.walletAddress(), first.weight());
        long claimGas =
                Chains.as(web3j, registry, AnvilService.CONTRIBUTOR_KEY)
                        .claim(
                                BigInteger.ZERO,
                                leaf.labelKey(),
                                leaf.itemKey(),
                                BigInteger.valueOf(leaf.weight()),
                                first.proof().stream().map(Numeric::hexStringToByteArray).toList())
                        .send()
                        .getGasUsed()
                        .longValueExact();
        return new String[] {
            mode,
            Integer.toString(labels),
            Integer.toString(txs),
            Long.toString(gas),
            String.format(Locale.ROOT, "%.1f", (double) gas / labels),
            Long.toString(claimGas),
            String.format(Locale.ROOT, "%.2f", seconds),
            String.format(Locale.ROOT, "%.0f", labels / seconds)
        };
    }
}

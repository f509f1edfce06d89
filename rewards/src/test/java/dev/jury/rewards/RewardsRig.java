package dev.jury.rewards;

import dev.jury.events.ContributionRecorded;
import dev.jury.rewards.contract.ContributionRegistry;
import dev.jury.testsupport.AnvilService;
import dev.jury.testsupport.PostgresService;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * What the rewards service ITs stand on: a fresh database, anvil with the registry deployed, and
 * the events the services publish. Close it to stop the chain.
 */
final class RewardsRig implements AutoCloseable {
    final RewardsStore store;
    final AnvilService anvil;
    final HttpService rpc;
    final Web3j web3j;
    final ContributionRegistry registry;
    final ChainClient chain;
    final List<ContributionRecorded> published = Collections.synchronizedList(new ArrayList<>());

    private RewardsRig(PostgresService.Database db, Supplier<AnvilService> chainNode)
            throws Exception {
        store = RewardsStore.open(db.jdbcUrl(), db.user(), db.password());
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(
                    "TRUNCATE rewards.wallets, rewards.gold_answers, rewards.accepted_labels,"
                            + " rewards.epochs");
        }
        anvil = chainNode.get();
        rpc = new HttpService(anvil.rpcUrl());
        web3j = Web3j.build(rpc);
        try {
            registry = Chains.deploy(web3j);
            chain = Chains.client(web3j, registry);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** A rig on a fresh chain and the emptied {@code database}. */
    static RewardsRig start(PostgresService.Database database) throws Exception {
        return new RewardsRig(database, AnvilService::start);
    }

    /**
     * A rig on the emptied {@code database} whose chain keeps its state in {@code stateFile}, so
     * {@code anvil.stop()} and {@code anvil.restart()} bring back the same chain.
     */
    static RewardsRig startWithState(PostgresService.Database database, Path stateFile)
            throws Exception {
        return new RewardsRig(database, () -> AnvilService.startWithState(stateFile));
    }

    /** A rewards service on this rig, as one started (or restarted) with {@code settings}. */
    RewardsService service(RewardsService.Settings settings) {
        return service(chain, settings);
    }

    /** A rewards service on this rig that talks to the chain through {@code chain}. */
    RewardsService service(ChainClient chain, RewardsService.Settings settings) {
        return new RewardsService(
                store,
                AcceptancePolicy.defaults(),
                chain,
                published::addAll,
                Clock.systemUTC(),
                settings);
    }

    @Override
    public void close() {
        web3j.shutdown();
        anvil.close();
    }
}

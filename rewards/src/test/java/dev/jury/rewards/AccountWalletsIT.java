package dev.jury.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jury.rewards.AcceptancePolicy.AcceptedLabel;
import dev.jury.testsupport.PostgresService;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Payout addresses from the task API's accounts table (same database, as in {@code ./jury demo}): a
 * label pays the wallet bound to its contributor's account when the label is sealed.
 */
class AccountWalletsIT {

    private static final String ALICE_1 = "0x" + "a1".repeat(20);
    private static final String ALICE_2 = "0x" + "a2".repeat(20);

    private static PostgresService.Database database;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = PostgresService.shared().createDatabase("rewards_account_wallets_it");
        try (Connection c = database.connect();
                Statement s = c.createStatement()) {
            // The shape the task API's V1__core.sql gives accounts (the columns read here).
            s.execute(
                    "CREATE TABLE public.accounts (id bigint PRIMARY KEY, name text NOT NULL,"
                            + " wallet text UNIQUE)");
            s.execute(
                    "INSERT INTO public.accounts (id, name, wallet) VALUES (1, 'alice', NULL),"
                            + " (2, 'bob', 'not-an-address'), (3, 'carol', NULL)");
        }
    }

    @Test
    @DisplayName(
            "labels wait until the account has a wallet, are sealed with the wallet bound then, and"
                    + " keep it when the wallet changes later; a malformed wallet seals nothing")
    void walletsFromAccounts() throws Exception {
        RewardsStore store =
                RewardsStore.open(database.jdbcUrl(), database.user(), database.password())
                        .withAccountWallets("public.accounts");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        store.addAccepted(
                List.of(
                        new AcceptedLabel("l1", "i1", "p", "1", 10),
                        new AcceptedLabel("l2", "i1", "p", "2", 10)),
                t);

        assertThat(store.sealEpochs(100, t.plusSeconds(1))).as("no wallet bound yet").isEmpty();

        // alice binds a wallet through the API (mixed case as a wallet may send it).
        account(1, ALICE_1.toUpperCase().replace("0X", "0x"));
        List<Long> first = store.sealEpochs(100, t.plusSeconds(1));
        assertThat(first).hasSize(1);
        List<RewardsStore.SealedLabel> sealed = store.sealedLabels(first.get(0));
        assertThat(sealed).extracting(RewardsStore.SealedLabel::labelId).containsExactly("l1");
        assertThat(sealed.get(0).walletAddress()).isEqualTo(ALICE_1);
        assertThat(store.pendingLabels()).as("bob's wallet is malformed").isEqualTo(1);

        // A new wallet pays alice's later labels; the sealed leaf keeps the old one.
        account(1, ALICE_2);
        store.addAccepted(List.of(new AcceptedLabel("l3", "i2", "p", "1", 10)), t);
        List<Long> second = store.sealEpochs(100, t.plusSeconds(1));
        assertThat(store.sealedLabels(second.get(0)).get(0).walletAddress()).isEqualTo(ALICE_2);
        assertThat(store.sealedLabels(first.get(0)).get(0).walletAddress()).isEqualTo(ALICE_1);
    }

    @Test
    @DisplayName("a table name that is not a plain identifier is refused")
    void tableNameChecked() {
        RewardsStore store =
                RewardsStore.open(database.jdbcUrl(), database.user(), database.password());
        assertThatThrownBy(() -> store.withAccountWallets("accounts; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void account(long id, String wallet) throws Exception {
        try (Connection c = database.connect();
                var ps = c.prepareStatement("UPDATE public.accounts SET wallet = ? WHERE id = ?")) {
            ps.setString(1, wallet);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }
}

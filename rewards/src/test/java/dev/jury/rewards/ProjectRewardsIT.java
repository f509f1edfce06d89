package dev.jury.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jury.events.ItemResolved;
import dev.jury.events.LabelAgreement;
import dev.jury.events.ResolutionStatus;
import dev.jury.testsupport.PostgresService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Rewards from the task API's projects table (same database, as in {@code ./jury demo}): a
 * project's own reward is paid, a configured override wins over it, an unknown project takes the
 * configured default, and a requester's change applies once the cached answer expires.
 */
class ProjectRewardsIT {

    private static final Duration TTL = Duration.ofSeconds(30);

    private static PostgresService.Database database;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = PostgresService.shared().createDatabase("rewards_project_rewards_it");
        try (Connection c = database.connect();
                Statement s = c.createStatement()) {
            // The shape the task API's V1__core.sql gives projects (the columns read here).
            s.execute(
                    "CREATE TABLE public.projects (id bigint PRIMARY KEY, name text NOT NULL,"
                            + " reward_per_label numeric(78, 0) NOT NULL DEFAULT 0)");
            s.execute(
                    "INSERT INTO public.projects (id, name, reward_per_label) VALUES"
                            + " (1, 'pays two tokens', 2000000), (2, 'overridden', 5),"
                            + " (3, 'pays nothing', 0), (4, 'beyond a long', 10e30)");
        }
    }

    @Test
    @DisplayName(
            "a project's reward in the table weighs its labels; a configured override wins; an"
                    + " unknown project takes the default; a reward of 0 accepts nothing")
    void rewardsFromProjects() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        RewardsService service = service(clock);

        service.onItemResolved(resolved("1", "a"));
        service.onItemResolved(resolved("2", "b"));
        service.onItemResolved(resolved("99", "c"));
        service.onItemResolved(resolved("not-a-number", "d"));
        service.onItemResolved(resolved("3", "e"));
        service.onItemResolved(resolved("4", "f"));

        assertThat(weight("a")).as("the project's own reward").contains(2_000_000L);
        assertThat(weight("b")).as("the configured override wins").contains(7L);
        assertThat(weight("c")).as("unknown project: the default").contains(1_000_000L);
        assertThat(weight("d")).as("an id the API cannot have: the default").contains(1_000_000L);
        assertThat(weight("e")).as("a project that pays nothing has no records").isEmpty();
        assertThat(weight("f"))
                .as("a stored reward beyond a long is paid at the maximum, not a crash")
                .contains(Long.MAX_VALUE);
    }

    @Test
    @DisplayName("a requester's change to the reward applies once the cached value expires")
    void changesApplyAfterTheTtl() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        RewardsService service = service(clock);
        setReward(5, 1_000);
        service.onItemResolved(resolved("5", "g"));

        setReward(5, 3_000);
        clock.advance(TTL.minusSeconds(1));
        service.onItemResolved(resolved("5", "h"));
        clock.advance(Duration.ofSeconds(1));
        service.onItemResolved(resolved("5", "i"));

        assertThat(weight("g")).contains(1_000L);
        assertThat(weight("h")).as("within the TTL: the cached reward").contains(1_000L);
        assertThat(weight("i")).as("after the TTL: the new reward").contains(3_000L);
        assertThat(weight("g")).as("an accepted label keeps its weight").contains(1_000L);
    }

    @Test
    @DisplayName("a projects table name that is not a plain identifier is refused")
    void tableNameChecked() {
        RewardsStore store =
                RewardsStore.open(database.jdbcUrl(), database.user(), database.password());
        assertThatThrownBy(
                        () ->
                                new ProjectRewardsTable(
                                        store, "projects; DROP TABLE x", TTL, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static RewardsService service(Clock clock) {
        RewardsStore store =
                RewardsStore.open(database.jdbcUrl(), database.user(), database.password());
        AcceptancePolicy policy =
                new AcceptancePolicy(
                        0.0,
                        AcceptancePolicy.DEFAULT_REWARD_PER_LABEL,
                        Map.of("2", 7L),
                        new ProjectRewardsTable(store, "public.projects", TTL, clock));
        // Accepting labels touches neither the chain nor Kafka.
        return new RewardsService(store, policy, null, events -> {}, clock, Fixtures.settings(10));
    }

    /** One fully agreeing label {@code <item>/alice} of {@code projectId}. */
    private static ItemResolved resolved(String projectId, String itemId) {
        return ItemResolved.create(
                projectId,
                itemId,
                ResolutionStatus.RESOLVED,
                "cat",
                Map.of("cat", 1.0),
                1.0,
                List.of(new LabelAgreement(itemId + "/alice", "alice", "cat", 1.0)),
                "dawid-skene",
                1,
                1_700_000_000_000L);
    }

    private static Optional<Long> weight(String itemId) throws Exception {
        try (Connection c = database.connect();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT weight FROM rewards.accepted_labels WHERE item_id = ?")) {
            ps.setString(1, itemId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static void setReward(long projectId, long reward) throws Exception {
        try (Connection c = database.connect();
                PreparedStatement ps =
                        c.prepareStatement(
                                "INSERT INTO public.projects (id, name, reward_per_label)"
                                        + " VALUES (?, 'p', ?) ON CONFLICT (id) DO UPDATE"
                                        + " SET reward_per_label = excluded.reward_per_label")) {
            ps.setLong(1, projectId);
            ps.setLong(2, reward);
            ps.executeUpdate();
        }
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

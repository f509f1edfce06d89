package dev.jury.rewards;

import dev.jury.rewards.RewardsStore.ProjectReward;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rewards requesters set on their projects ({@code rewardPerLabel} in the task API), read from
 * the API's projects table when the API and the rewards service share a database, as payout
 * addresses are read from its accounts table.
 *
 * <p>Each answer is cached for {@code ttl}, so a consensus burst costs one query per project and a
 * requester's change applies to consensus events arriving at most {@code ttl} later. Labels
 * accepted before keep the weight they were accepted with. Project ids that are not numbers (events
 * from another source) and projects not in the table are unknown: the configured default applies.
 */
public final class ProjectRewardsTable implements AcceptancePolicy.ProjectRewards {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectRewardsTable.class);

    /** Bounds the cache; projects beyond it are simply read again. */
    private static final int MAX_CACHED = 10_000;

    private final RewardsStore store;
    private final String table;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> cache =
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                    return size() > MAX_CACHED;
                }
            };

    /**
     * @param store the rewards store, whose database also holds the table
     * @param table schema-qualified table name, e.g. {@code public.projects}
     * @param ttl how long an answer is reused
     * @param clock the time source for the cache
     * @throws IllegalArgumentException if the name is not a plain (optionally qualified) identifier
     */
    public ProjectRewardsTable(RewardsStore store, String table, Duration ttl, Clock clock) {
        this.store = store;
        this.table = RewardsStore.checkedTableName(table, "public.projects");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative: " + ttl);
        }
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public synchronized OptionalLong rewardPerLabel(String projectId) {
        Instant now = clock.instant();
        Cached hit = cache.get(projectId);
        if (hit != null && now.isBefore(hit.readAt().plus(ttl))) {
            return hit.reward();
        }
        OptionalLong reward = read(projectId);
        cache.put(projectId, new Cached(reward, now));
        return reward;
    }

    private OptionalLong read(String projectId) {
        long id;
        try {
            id = Long.parseLong(projectId);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        ProjectReward stored = store.projectReward(table, id);
        if (stored == null) {
            return OptionalLong.empty();
        }
        if (stored.clamped()) {
            LOG.warn(
                    "project {}: reward_per_label is beyond {} base units; paying that maximum",
                    projectId,
                    Long.MAX_VALUE);
        }
        return OptionalLong.of(stored.rewardPerLabel());
    }

    private record Cached(OptionalLong reward, Instant readAt) {}
}

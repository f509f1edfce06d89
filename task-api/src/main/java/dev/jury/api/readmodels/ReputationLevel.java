package dev.jury.api.readmodels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A contributor's level, the one definition the API reports and the UI shows: named steps of the
 * lower credible bound of their reputation. The lower bound, not the score, because it is what
 * grows only with evidence: three lucky answers give a high score but a low bound.
 *
 * <p>Steps: Newcomer below 0.5 (and anyone not scored yet), Regular from 0.5, Trusted from 0.75,
 * Expert from 0.9.
 */
enum ReputationLevel {
    NEWCOMER("Newcomer", 0.0),
    REGULAR("Regular", 0.5),
    TRUSTED("Trusted", 0.75),
    EXPERT("Expert", 0.9);

    private final String title;
    private final double from;

    ReputationLevel(String title, double from) {
        this.title = title;
        this.from = from;
    }

    /** The level of a lower bound; {@code null} (not scored yet) is a newcomer. */
    static ReputationLevel of(Double lowerBound) {
        ReputationLevel level = NEWCOMER;
        for (ReputationLevel l : values()) {
            if (lowerBound != null && lowerBound >= l.from) {
                level = l;
            }
        }
        return level;
    }

    /**
     * {@code {"name": ..., "from": ..., "next": ...}}; next is the bound of the next level, or
     * null.
     */
    Map<String, Object> view() {
        ReputationLevel[] all = values();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", title);
        out.put("from", from);
        out.put("next", ordinal() + 1 < all.length ? all[ordinal() + 1].from : null);
        return out;
    }
}

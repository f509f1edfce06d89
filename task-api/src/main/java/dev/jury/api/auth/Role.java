package dev.jury.api.auth;

/** What an account may do. Roles are enforced by the API on every route, not by the UI. */
public enum Role {
    /** Owns projects: creates them, uploads items, reads their results, exports. */
    REQUESTER,
    /** Takes assignments and submits labels; sees only their own work and never gold answers. */
    CONTRIBUTOR,
    /** Reads reputation, overrides consensus, bans and unbans contributors. */
    MODERATOR,
    /** Everything, including creating accounts. */
    ADMIN;

    /** The name stored in the database. */
    public String dbName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a stored or requested role name, case-insensitively. */
    public static Role parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "role must be one of requester, contributor, moderator, admin; got '"
                            + name
                            + "'");
        }
    }
}

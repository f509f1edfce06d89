-- Moderation: an audit trail of every override and ban, and the label a moderator set.

-- The moderator's answer for an overridden item, in the project's LabelValue shape. The
-- consensus_label column keeps one plain class name for single-choice projects (as the consensus
-- job writes it) and this value's JSON for the other shapes.
ALTER TABLE items ADD COLUMN override_label jsonb;

-- Append-only: rows are never updated or deleted, so the log shows who did what and why.
CREATE TABLE moderation_log (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    moderator_id  bigint      NOT NULL REFERENCES accounts (id),
    action        text        NOT NULL CHECK (action IN ('override', 'ban', 'unban')),
    project_id    bigint      REFERENCES projects (id),
    item_id       bigint      REFERENCES items (id),
    account_id    bigint      REFERENCES accounts (id),
    -- For an override: the item's consensus before and after, so the decision can be reviewed.
    details       jsonb       NOT NULL DEFAULT '{}',
    reason        text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX moderation_log_item ON moderation_log (item_id) WHERE item_id IS NOT NULL;
CREATE INDEX moderation_log_account ON moderation_log (account_id) WHERE account_id IS NOT NULL;

-- The review queue reads exhausted and low-confidence resolved items of a project.
CREATE INDEX items_review ON items (project_id, confidence) WHERE status IN ('exhausted', 'resolved');

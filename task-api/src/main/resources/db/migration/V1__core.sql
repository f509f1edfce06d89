-- Jury task API: accounts, projects, items, leases, labels and the outbox.
-- Ids handed to other services (events) are these bigint ids written as decimal strings.

CREATE TABLE accounts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL,
    role        text        NOT NULL CHECK (role IN ('requester', 'contributor', 'moderator', 'admin')),
    -- Payout address bound by sign-in with Ethereum, lower-case 0x hex.
    wallet      text        UNIQUE,
    banned      boolean     NOT NULL DEFAULT false,
    ban_reason  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    version     integer     NOT NULL DEFAULT 0
);

-- Contributor groups a requester can restrict items to.
CREATE TABLE account_groups (
    account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    group_name  text   NOT NULL,
    PRIMARY KEY (account_id, group_name)
);

-- Only a SHA-256 of each token is stored; the token itself is shown once, when it is issued.
CREATE TABLE api_tokens (
    token_hash  bytea       PRIMARY KEY,
    account_id  bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

CREATE TABLE projects (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id         bigint           NOT NULL REFERENCES accounts (id),
    name             text             NOT NULL,
    instructions     text             NOT NULL DEFAULT '',
    label_schema     text             NOT NULL,
    min_labels       integer          NOT NULL CHECK (min_labels >= 1),
    max_labels       integer          NOT NULL,
    confidence       double precision NOT NULL CHECK (confidence > 0 AND confidence <= 1),
    gold_share       double precision NOT NULL CHECK (gold_share >= 0 AND gold_share <= 1),
    -- Reward per accepted label in the token's smallest unit.
    reward_per_label numeric(78, 0)   NOT NULL DEFAULT 0 CHECK (reward_per_label >= 0),
    -- Contributors whose reputation lower bound is below this are refused assignments.
    reputation_gate  double precision NOT NULL DEFAULT 0 CHECK (reputation_gate >= 0 AND reputation_gate <= 1),
    -- 'open': any contributor may get any item; 'explicit': only the uploaded contributor->item pairs.
    assignment_mode  text             NOT NULL DEFAULT 'open' CHECK (assignment_mode IN ('open', 'explicit')),
    lease_seconds    integer          NOT NULL DEFAULT 600 CHECK (lease_seconds BETWEEN 5 AND 86400),
    status           text             NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'closed')),
    created_at       timestamptz      NOT NULL DEFAULT now(),
    version          integer          NOT NULL DEFAULT 0,
    CHECK (max_labels >= min_labels)
);
CREATE INDEX projects_owner ON projects (owner_id);

-- Every change to an item takes a new value, so the search index (one per API instance) can
-- follow the table by polling "changed since".
CREATE SEQUENCE item_changes;

CREATE TABLE items (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id       bigint           NOT NULL REFERENCES projects (id),
    external_id      text             NOT NULL,
    payload          jsonb            NOT NULL,
    -- The text contributors read and span labels point into.
    text             text             NOT NULL DEFAULT '',
    -- Known answer of a gold item (LabelValue JSON); never shown to contributors.
    gold_label       jsonb,
    is_gold          boolean GENERATED ALWAYS AS (gold_label IS NOT NULL) STORED,
    group_name       text,
    status           text             NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'resolved', 'exhausted', 'overridden')),
    -- Labels the item is planned to get now: min_labels at first, raised by the consensus job
    -- (NEEDS_MORE_LABELS) up to max_labels.
    target           integer          NOT NULL,
    labels_count     integer          NOT NULL DEFAULT 0,
    open_leases      integer          NOT NULL DEFAULT 0 CHECK (open_leases >= 0),
    consensus_label  text,
    confidence       double precision,
    labels_used      integer,
    posterior        jsonb,
    revision         integer          NOT NULL DEFAULT 0,
    resolved_at      timestamptz,
    overridden_by    bigint REFERENCES accounts (id),
    created_at       timestamptz      NOT NULL DEFAULT now(),
    change_seq       bigint           NOT NULL DEFAULT nextval('item_changes'),
    UNIQUE (project_id, external_id)
);
-- The queue `next` reads: open items of a project, the ones with most labels (closest to
-- resolution) first.
CREATE INDEX items_queue ON items (project_id, is_gold, labels_count DESC, id) WHERE status = 'open';
CREATE INDEX items_changes ON items (change_seq);

CREATE FUNCTION items_touch() RETURNS trigger AS $$
BEGIN
    NEW.change_seq := nextval('item_changes');
    RETURN NEW;
END $$ LANGUAGE plpgsql;

-- Only changes the search index shows bump the sequence; lease bookkeeping does not.
CREATE TRIGGER items_touch BEFORE UPDATE OF status, labels_count, consensus_label, confidence, payload, text
    ON items FOR EACH ROW EXECUTE FUNCTION items_touch();

-- Explicit assignment lists: contributor -> item pairs a requester uploaded.
CREATE TABLE item_assignments (
    contributor_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    item_id         bigint NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    project_id      bigint NOT NULL REFERENCES projects (id),
    PRIMARY KEY (contributor_id, item_id)
);
CREATE INDEX item_assignments_project ON item_assignments (project_id, contributor_id);

-- One row per (item, contributor) ever: a contributor never gets the same item twice, except an
-- item whose lease expired or was released unused.
CREATE TABLE leases (
    id              uuid        PRIMARY KEY,
    item_id         bigint      NOT NULL REFERENCES items (id),
    project_id      bigint      NOT NULL,
    contributor_id  bigint      NOT NULL REFERENCES accounts (id),
    state           text        NOT NULL CHECK (state IN ('open', 'submitted', 'released', 'skipped', 'expired')),
    issued_at       timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    UNIQUE (item_id, contributor_id)
);
CREATE INDEX leases_open_expiry ON leases (expires_at) WHERE state = 'open';
CREATE INDEX leases_contributor ON leases (contributor_id, project_id);

CREATE TABLE labels (
    id              uuid        PRIMARY KEY,
    item_id         bigint      NOT NULL REFERENCES items (id),
    project_id      bigint      NOT NULL,
    contributor_id  bigint      NOT NULL REFERENCES accounts (id),
    lease_id        uuid        NOT NULL UNIQUE,
    value           jsonb       NOT NULL,
    client_key      text,
    duration_ms     bigint      NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (item_id, contributor_id),
    UNIQUE (contributor_id, client_key)
);
CREATE INDEX labels_project ON labels (project_id, contributor_id);

-- Transactional outbox: written in the same transaction as the label, published by the relay,
-- deleted once Kafka acknowledged it.
CREATE TABLE outbox (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic       text        NOT NULL,
    record_key  text        NOT NULL,
    payload     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Item uploads, so a client (or the UI's progress bar) can follow a large import while it runs.
CREATE TABLE imports (
    id            uuid        PRIMARY KEY,
    project_id    bigint      NOT NULL REFERENCES projects (id),
    format        text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    rows_read     bigint      NOT NULL DEFAULT 0,
    rows_inserted bigint      NOT NULL DEFAULT 0,
    rows_skipped  bigint      NOT NULL DEFAULT 0,
    error         text,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz
);

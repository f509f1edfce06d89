-- Rewards service state, in its own schema so it can share a database with the task API.

-- Contributors' payout addresses. Fed by the task API later; lower-case 0x addresses.
CREATE TABLE wallets (
    contributor_id text PRIMARY KEY,
    address        text NOT NULL CHECK (address ~ '^0x[0-9a-f]{40}$'),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Known answers of gold items, learnt from LabelSubmitted (single-choice only).
CREATE TABLE gold_answers (
    item_id    text PRIMARY KEY,
    gold_label text NOT NULL
);

-- Accepted labels. epoch IS NULL: pending (no wallet yet, or waiting for the epoch to fill).
-- wallet_address, leaf_hash and proof are frozen when the label is sealed into an epoch.
CREATE TABLE accepted_labels (
    label_id       text PRIMARY KEY,
    item_id        text NOT NULL,
    project_id     text NOT NULL,
    contributor_id text NOT NULL,
    weight         bigint NOT NULL CHECK (weight > 0),
    accepted_at    timestamptz NOT NULL,
    epoch          bigint,
    wallet_address text,
    leaf_hash      text,
    proof          text[],
    CHECK ((epoch IS NULL) = (leaf_hash IS NULL))
);
CREATE INDEX accepted_labels_pending ON accepted_labels (contributor_id, accepted_at) WHERE epoch IS NULL;
CREATE INDEX accepted_labels_by_epoch ON accepted_labels (epoch) WHERE epoch IS NOT NULL;

-- One row per epoch. SEALED: content fixed, nothing sent. SUBMITTED: a signed transaction (kept in
-- raw_tx, with its hash and nonce) was stored before it was sent; recovery re-broadcasts exactly it.
-- CONFIRMED: the root is on chain.
CREATE TABLE epochs (
    epoch            bigint PRIMARY KEY CHECK (epoch >= 0),
    merkle_root      text NOT NULL,
    leaf_count       integer NOT NULL CHECK (leaf_count > 0),
    status           text NOT NULL CHECK (status IN ('SEALED', 'SUBMITTED', 'CONFIRMED')),
    nonce            bigint,
    tx_hash          text,
    raw_tx           text,
    block_number     bigint,
    attempts         integer NOT NULL DEFAULT 0,
    last_error       text,
    sealed_at        timestamptz NOT NULL DEFAULT now(),
    confirmed_at     timestamptz,
    events_published boolean NOT NULL DEFAULT false
);

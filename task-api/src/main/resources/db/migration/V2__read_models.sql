-- Read models fed from the stream jobs' and rewards' Kafka topics. Each consumer applies an event
-- and records its id in the same transaction, so a re-delivered event changes nothing.

CREATE TABLE processed_events (
    event_id      text        PRIMARY KEY,
    topic         text        NOT NULL,
    processed_at  timestamptz NOT NULL DEFAULT now()
);

-- project_id 0 holds a contributor's reputation across all projects.
CREATE TABLE contributor_reputation (
    contributor_id      bigint           NOT NULL,
    project_id          bigint           NOT NULL DEFAULT 0,
    score               double precision NOT NULL,
    lower_bound         double precision NOT NULL,
    gold_answered       bigint           NOT NULL,
    gold_correct        bigint           NOT NULL,
    consensus_answered  bigint           NOT NULL,
    consensus_agreed    bigint           NOT NULL,
    confusion           jsonb            NOT NULL,
    updated_at          bigint           NOT NULL,
    PRIMARY KEY (contributor_id, project_id)
);

CREATE TABLE project_metrics (
    project_id           bigint           NOT NULL,
    window_start         bigint           NOT NULL,
    window_end           bigint           NOT NULL,
    krippendorff_alpha   double precision,
    fleiss_kappa         double precision,
    labels_submitted     bigint           NOT NULL,
    labels_per_minute    double precision NOT NULL,
    items_resolved       bigint           NOT NULL,
    resolution_rate      double precision,
    mean_labels_per_item double precision,
    active_contributors  integer          NOT NULL,
    PRIMARY KEY (project_id, window_end)
);

CREATE TABLE contributions (
    label_id          text        PRIMARY KEY,
    epoch             bigint      NOT NULL,
    item_id           text        NOT NULL,
    project_id        text        NOT NULL,
    contributor_id    text        NOT NULL,
    wallet            text        NOT NULL,
    weight            bigint      NOT NULL,
    leaf_hash         text        NOT NULL,
    merkle_root       text        NOT NULL,
    proof             jsonb       NOT NULL,
    contract_address  text        NOT NULL,
    chain_id          bigint      NOT NULL,
    tx_hash           text        NOT NULL,
    block_number      bigint,
    status            text        NOT NULL,
    recorded_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contributions_contributor ON contributions (contributor_id, epoch);

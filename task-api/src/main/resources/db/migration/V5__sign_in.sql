-- Sign-in with Ethereum (EIP-4361): nonces the API issued and has not yet seen used. A nonce is
-- deleted in the same transaction that accepts the message carrying it, so it works once.
CREATE TABLE siwe_nonces (
    nonce       text        PRIMARY KEY,
    issued_at   timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX siwe_nonces_expiry ON siwe_nonces (expires_at);

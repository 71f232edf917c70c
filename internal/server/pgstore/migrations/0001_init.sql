-- 0001: users, device tokens, every user's event log, and the catalog.
-- Migrations are append-only: never edit one that has shipped; add the next.

CREATE TABLE users (
    id            uuid        PRIMARY KEY,
    name          text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('learner', 'author', 'admin')),
    password_hash text        NOT NULL,
    disabled      boolean     NOT NULL DEFAULT false,
    created       timestamptz NOT NULL
);
-- Names are unique case-insensitively.
CREATE UNIQUE INDEX users_name_key ON users (lower(name));

-- Only the SHA-256 of a token's secret is kept.
CREATE TABLE tokens (
    id          uuid        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id),
    hash        bytea       NOT NULL UNIQUE,
    device_id   text        NOT NULL,
    device_name text        NOT NULL,
    created     timestamptz NOT NULL,
    last_used   timestamptz,
    revoked     boolean     NOT NULL DEFAULT false
);
CREATE INDEX tokens_user_id_idx ON tokens (user_id);

-- Each user's last event number. A push locks the user's row here
-- (SELECT ... FOR UPDATE) before it numbers its events and holds the lock
-- until it commits, so one user's numbers become visible in order and a
-- reader paging with "seq > cursor" can never pass an event that commits
-- later (see events.go).
CREATE TABLE event_seqs (
    user_id  uuid   PRIMARY KEY REFERENCES users (id),
    last_seq bigint NOT NULL DEFAULT 0
);

-- Events as pushed: ids are per user, body is the canonical JSON that
-- duplicates are compared by, byte for byte.
CREATE TABLE events (
    user_id uuid   NOT NULL REFERENCES users (id),
    seq     bigint NOT NULL,
    id      uuid   NOT NULL,
    body    bytea  NOT NULL,
    PRIMARY KEY (user_id, id),
    UNIQUE (user_id, seq)
);

-- The catalog's last change number: one row, locked by every publisher
-- the way event_seqs is by a user's pushes.
CREATE TABLE catalog_seq (
    one      boolean PRIMARY KEY DEFAULT true CHECK (one),
    last_seq bigint  NOT NULL
);
INSERT INTO catalog_seq (one, last_seq) VALUES (true, 0);

-- Each pack's latest change (a put with the whole pack as JSON, or a
-- removal); earlier ones are replaced, so a new client reads each pack once.
CREATE TABLE catalog_changes (
    pack_id text        PRIMARY KEY,
    seq     bigint      NOT NULL UNIQUE,
    removed boolean     NOT NULL,
    body    bytea       CHECK ((body IS NULL) = removed),
    by_user text        NOT NULL,
    changed timestamptz NOT NULL
);

-- Which pack owns each published item, with its hash and version.
CREATE TABLE catalog_items (
    item_id text    PRIMARY KEY,
    pack_id text    NOT NULL,
    hash    text    NOT NULL,
    version integer NOT NULL
);
CREATE INDEX catalog_items_pack_id_idx ON catalog_items (pack_id);

-- warranted: production orders (retained-data authorisations), version 2 of the warrant store.
-- ONE file for both stores: PGlite (embedded) and PostgreSQL 15. Keep to the PostgreSQL 15 subset.
-- Applied once per database inside a transaction (see store-sql.ts); every statement is idempotent.

CREATE TABLE IF NOT EXISTS production_orders (
  id              uuid        PRIMARY KEY,
  reference       text        NOT NULL,
  agency_id       text        NOT NULL,
  profile_id      text        NOT NULL,
  authorisation   text        NOT NULL,
  state           text        NOT NULL CHECK (state IN ('AwaitingApproval', 'Active', 'Expired', 'Revoked', 'Lapsed')),
  -- SHA-256 hex of the canonical bytes, and the canonical text itself (exactly what was hashed/signed).
  hash            char(64)    NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  canonical       text        NOT NULL,
  signatures      jsonb       NOT NULL DEFAULT '[]'::jsonb,
  revocations     jsonb       NOT NULL DEFAULT '[]'::jsonb,
  confirm_by      timestamptz,
  period_start    timestamptz NOT NULL,
  period_end      timestamptz NOT NULL,
  valid_until     timestamptz NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  version         integer     NOT NULL CHECK (version >= 1),
  CONSTRAINT production_orders_agency_reference_key UNIQUE (agency_id, reference),
  CONSTRAINT production_orders_period_check CHECK (period_end >= period_start)
);

CREATE INDEX IF NOT EXISTS production_orders_state_idx ON production_orders (state);
CREATE INDEX IF NOT EXISTS production_orders_valid_until_idx ON production_orders (valid_until);

CREATE TABLE IF NOT EXISTS production_order_transitions (
  order_id    uuid        NOT NULL REFERENCES production_orders (id),
  seq         integer     NOT NULL CHECK (seq >= 1),
  from_state  text,
  to_state    text        NOT NULL,
  at          timestamptz NOT NULL,
  reason      text        NOT NULL,
  PRIMARY KEY (order_id, seq)
);

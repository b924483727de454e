-- warranted: warrant store schema, version 1.
-- ONE file for both stores: PGlite (embedded) and PostgreSQL 15. Keep to the PostgreSQL 15 subset.
-- Applied once per database inside a transaction (see store-sql.ts); every statement is idempotent.

CREATE TABLE IF NOT EXISTS warrants (
  id                    uuid        PRIMARY KEY,
  reference             text        NOT NULL,
  agency_id             text        NOT NULL,
  profile_id            text        NOT NULL,
  liid                  text        NOT NULL,
  state                 text        NOT NULL CHECK (state IN ('AwaitingApproval', 'EmergencyApproval', 'Approved',
                                      'Active', 'Rejected', 'Suspended', 'Cancelled', 'Expired', 'Lapsed')),
  -- SHA-256 hex of the canonical bytes, and the canonical text itself (exactly what was hashed/signed).
  hash                  char(64)    NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  canonical             text        NOT NULL,
  signatures            jsonb       NOT NULL DEFAULT '[]'::jsonb,
  confirmations         jsonb       NOT NULL DEFAULT '[]'::jsonb,
  statements            jsonb       NOT NULL DEFAULT '[]'::jsonb,
  emergency_confirm_by  timestamptz,
  renews                uuid        REFERENCES warrants (id),
  start_at              timestamptz NOT NULL,
  end_at                timestamptz NOT NULL,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL,
  version               integer     NOT NULL CHECK (version >= 1),
  CONSTRAINT warrants_agency_reference_key UNIQUE (agency_id, reference),
  CONSTRAINT warrants_agency_liid_key UNIQUE (agency_id, liid),
  CONSTRAINT warrants_timespan_check CHECK (end_at > start_at)
);

CREATE INDEX IF NOT EXISTS warrants_state_idx ON warrants (state);
CREATE INDEX IF NOT EXISTS warrants_agency_profile_idx ON warrants (agency_id, profile_id);
CREATE INDEX IF NOT EXISTS warrants_end_idx ON warrants (end_at);

-- Lifecycle history (the audit log is authoritative; this is the store's own copy).
CREATE TABLE IF NOT EXISTS warrant_transitions (
  warrant_id    uuid        NOT NULL REFERENCES warrants (id),
  seq           integer     NOT NULL CHECK (seq >= 1),
  from_state    text,
  to_state      text        NOT NULL,
  at            timestamptz NOT NULL,
  reason        text        NOT NULL,
  warrant_hash  char(64)    NOT NULL,
  actor         text,
  PRIMARY KEY (warrant_id, seq)
);

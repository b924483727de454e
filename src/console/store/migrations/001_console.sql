-- The console's query store (docs/console-data.md). One row per MonitoringRecord of the LEMF,
-- keyed by (liid, id) as the LEMF numbers them, so ingest and rebuild are idempotent.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE console_records (
  liid text NOT NULL,
  id integer NOT NULL,
  kind text NOT NULL,
  channel text NOT NULL,
  -- time of interception (else receipt) in microseconds since the epoch: exact, for keyset paging
  at_us bigint NOT NULL,
  time_stamp text NOT NULL,
  direction text,
  iri_type text,
  cin bigint,
  identities text[] NOT NULL,
  declared_targets text[] NOT NULL,
  summary jsonb NOT NULL,
  evidence jsonb NOT NULL,
  duplicate boolean NOT NULL DEFAULT false,
  -- lower-cased searchable text (identities, SIP parties, SMS text, DNS/SNI/HTTP names, cells)
  search text NOT NULL,
  PRIMARY KEY (liid, id)
);
-- Timeline keyset paging (liid, time, id), with and without a kind filter.
CREATE INDEX console_records_time ON console_records (liid, at_us, id);
CREATE INDEX console_records_kind_time ON console_records (liid, kind, at_us, id);
-- Calls, data sessions and audio: one CIN's records.
CREATE INDEX console_records_cin ON console_records (liid, cin, id);
-- Target filter and contacts.
CREATE INDEX console_records_identities ON console_records USING gin (identities);
-- Literal substring search (LIKE with escaped input) served by trigrams.
CREATE INDEX console_records_search ON console_records USING gin (search gin_trgm_ops);

-- Minimisation marks (a supervisor's; audited by the server). Kept apart from the records so a
-- rebuild of the records keeps them.
CREATE TABLE console_privileged (
  liid text NOT NULL,
  id integer NOT NULL,
  marked_by text NOT NULL,
  reason text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (liid, id)
);

CREATE TABLE console_exports (
  id text PRIMARY KEY,
  liid text NOT NULL,
  format text NOT NULL,
  cin bigint,
  status text NOT NULL,
  requested_by text NOT NULL,
  requester_role text NOT NULL,
  approved_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  manifest jsonb,
  file_name text,
  content_type text,
  file bytea
);
CREATE INDEX console_exports_liid ON console_exports (liid);

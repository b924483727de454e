-- warranted: the operator's retained-data store (RDHI side of ETSI TS 102 657), version 1.
-- ONE file for both stores: PGlite (embedded) and PostgreSQL 15. Keep to the PostgreSQL 15 subset.
-- Applied once per database inside a transaction (driver.ts); every statement is idempotent.
-- Indexes serve exact identifier + period look-ups only (issue 11): there is deliberately no index
-- by cell, by number prefix or by time alone, so "everyone in this cell yesterday" has no fast path.
-- Times are timestamptz (millisecond precision from the network); identities are digit strings
-- (MSISDN E.164 without '+', IMSI 15 digits, IMEI 15 digits with its Luhn check digit).

CREATE TABLE IF NOT EXISTS rd_subscribers (
  id              bigserial   PRIMARY KEY,
  msisdn          text        NOT NULL,
  imsi            text        NOT NULL,
  given_name      text        NOT NULL,
  family_name     text        NOT NULL,
  street          text        NOT NULL,
  city            text        NOT NULL,
  postcode        text        NOT NULL,
  country         text        NOT NULL,
  contract_start  timestamptz NOT NULL,
  contract_end    timestamptz,
  CONSTRAINT rd_subscribers_contract_key UNIQUE (msisdn, contract_start),
  CONSTRAINT rd_subscribers_contract_check CHECK (contract_end IS NULL OR contract_end >= contract_start)
);
CREATE INDEX IF NOT EXISTS rd_subscribers_imsi_idx ON rd_subscribers (imsi, contract_start);

-- Which handset (IMEI) was used with which SIM (IMSI) and number (MSISDN), from when to when.
CREATE TABLE IF NOT EXISTS rd_equipment (
  id        bigserial   PRIMARY KEY,
  imei      text        NOT NULL,
  imsi      text        NOT NULL,
  msisdn    text        NOT NULL,
  from_at   timestamptz NOT NULL,
  to_at     timestamptz,
  CONSTRAINT rd_equipment_key UNIQUE (imei, imsi, from_at),
  CONSTRAINT rd_equipment_span_check CHECK (to_at IS NULL OR to_at >= from_at)
);
CREATE INDEX IF NOT EXISTS rd_equipment_imsi_idx ON rd_equipment (imsi, from_at);
CREATE INDEX IF NOT EXISTS rd_equipment_msisdn_idx ON rd_equipment (msisdn, from_at);

-- One row per call per served subscriber of this operator (a same-operator call has two).
CREATE TABLE IF NOT EXISTS rd_calls (
  id           bigserial   PRIMARY KEY,
  call_id      text        NOT NULL,
  msisdn       text        NOT NULL,
  imsi         text        NOT NULL,
  imei         text        NOT NULL,
  direction    text        NOT NULL CHECK (direction IN ('originating', 'terminating')),
  other_party  text        NOT NULL,
  media        text        NOT NULL CHECK (media IN ('voice', 'video')),
  start_at     timestamptz NOT NULL,
  answer_at    timestamptz,
  end_at       timestamptz NOT NULL,
  sip_status   integer     NOT NULL,
  cell_id      text        NOT NULL,
  latitude     double precision NOT NULL,
  longitude    double precision NOT NULL
);
CREATE INDEX IF NOT EXISTS rd_calls_msisdn_idx ON rd_calls (msisdn, start_at);
CREATE INDEX IF NOT EXISTS rd_calls_imsi_idx ON rd_calls (imsi, start_at);
CREATE INDEX IF NOT EXISTS rd_calls_imei_idx ON rd_calls (imei, start_at);

-- One row per SMS event at this operator's SMSF (MO at the sender's, MT at the recipient's).
-- The text is content, not traffic data: it is not retained.
CREATE TABLE IF NOT EXISTS rd_sms (
  id           bigserial   PRIMARY KEY,
  msisdn       text        NOT NULL,
  imsi         text        NOT NULL,
  imei         text        NOT NULL,
  direction    text        NOT NULL CHECK (direction IN ('MO', 'MT')),
  other_party  text        NOT NULL,
  at           timestamptz NOT NULL,
  cell_id      text        NOT NULL,
  latitude     double precision NOT NULL,
  longitude    double precision NOT NULL
);
CREATE INDEX IF NOT EXISTS rd_sms_msisdn_idx ON rd_sms (msisdn, at);
CREATE INDEX IF NOT EXISTS rd_sms_imsi_idx ON rd_sms (imsi, at);
CREATE INDEX IF NOT EXISTS rd_sms_imei_idx ON rd_sms (imei, at);

-- One row per PDU session: the UE's (private) address and its CGNAT binding (public address and
-- port block, RFC 7422) for the session's whole interval.
CREATE TABLE IF NOT EXISTS rd_data_sessions (
  id              bigserial   PRIMARY KEY,
  msisdn          text        NOT NULL,
  imsi            text        NOT NULL,
  imei            text        NOT NULL,
  pdu_session_id  integer     NOT NULL,
  dnn             text        NOT NULL,
  ue_ip           text        NOT NULL,
  public_ip       text,
  port_start      integer,
  port_end        integer,
  start_at        timestamptz NOT NULL,
  end_at          timestamptz NOT NULL,
  cell_id         text        NOT NULL,
  latitude        double precision NOT NULL,
  longitude       double precision NOT NULL,
  CONSTRAINT rd_data_sessions_span_check CHECK (end_at >= start_at),
  CONSTRAINT rd_data_sessions_ports_check CHECK ((public_ip IS NULL AND port_start IS NULL AND port_end IS NULL)
    OR (public_ip IS NOT NULL AND port_start BETWEEN 0 AND 65535 AND port_end BETWEEN port_start AND 65535))
);
CREATE INDEX IF NOT EXISTS rd_data_sessions_msisdn_idx ON rd_data_sessions (msisdn, start_at);
CREATE INDEX IF NOT EXISTS rd_data_sessions_imsi_idx ON rd_data_sessions (imsi, start_at);
CREATE INDEX IF NOT EXISTS rd_data_sessions_imei_idx ON rd_data_sessions (imei, start_at);
CREATE INDEX IF NOT EXISTS rd_data_sessions_ue_ip_idx ON rd_data_sessions (ue_ip, start_at);
CREATE INDEX IF NOT EXISTS rd_data_sessions_public_ip_idx ON rd_data_sessions (public_ip, start_at) WHERE public_ip IS NOT NULL;

-- Cell/location history from the AMF: location updates, registrations, deregistrations.
CREATE TABLE IF NOT EXISTS rd_locations (
  id         bigserial   PRIMARY KEY,
  msisdn     text        NOT NULL,
  imsi       text        NOT NULL,
  imei       text        NOT NULL,
  at         timestamptz NOT NULL,
  event      text        NOT NULL CHECK (event IN ('location-update', 'registration', 'deregistration')),
  cell_id    text        NOT NULL,
  tac        integer     NOT NULL,
  latitude   double precision NOT NULL,
  longitude  double precision NOT NULL
);
CREATE INDEX IF NOT EXISTS rd_locations_msisdn_idx ON rd_locations (msisdn, at);
CREATE INDEX IF NOT EXISTS rd_locations_imsi_idx ON rd_locations (imsi, at);
CREATE INDEX IF NOT EXISTS rd_locations_imei_idx ON rd_locations (imei, at);

-- The retention sweep finds old rows by time alone: BRIN indexes (tiny, for append-ordered tables)
-- serve it. No query function reads by time alone (queries.ts); the sweep only deletes.
CREATE INDEX IF NOT EXISTS rd_calls_sweep_idx ON rd_calls USING brin (start_at);
CREATE INDEX IF NOT EXISTS rd_sms_sweep_idx ON rd_sms USING brin (at);
CREATE INDEX IF NOT EXISTS rd_data_sessions_sweep_idx ON rd_data_sessions USING brin (start_at);
CREATE INDEX IF NOT EXISTS rd_locations_sweep_idx ON rd_locations USING brin (at);

-- Every retention deletion, written in the deleting transaction, so a deletion is never lost to
-- the audit trail: `reported` turns true once the event has been handed on (re-sent at start).
CREATE TABLE IF NOT EXISTS rd_retention_sweeps (
  id          bigserial   PRIMARY KEY,
  category    text        NOT NULL,
  cutoff      timestamptz NOT NULL,
  swept_at    timestamptz NOT NULL,
  row_count   bigint      NOT NULL,
  digest      char(64)    NOT NULL,
  reported    boolean     NOT NULL DEFAULT false
);

-- Store-wide facts the queries need: the longest data session ever written bounds the IP look-up
-- (a session containing instant t started no earlier than t - longest).
CREATE TABLE IF NOT EXISTS rd_meta (
  key    text   PRIMARY KEY,
  value  bigint NOT NULL
);
INSERT INTO rd_meta (key, value) VALUES ('longest_session_ms', 0) ON CONFLICT (key) DO NOTHING;

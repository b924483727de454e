/**
 * The transparency report computed from a verified audit log (docs/audit.md "Transparency report").
 * Everything in it is a count, a time, an id of the system (warrant, LIID, XID, agency, operator,
 * network element) or a term of a warrant; never a target identity and never content.
 *
 * The JSON form (json.ts) is the canonical one: its keys come in the order declared here, so two
 * computations over the same log prefix and period give the same bytes.
 */

/** What a field says when the log holds nothing to fill it with (e.g. a warrant without `terms`). */
export const NOT_RECORDED = 'not recorded';
export type NotRecorded = typeof NOT_RECORDED;

export const REPORT_FORMAT = 'warranted-transparency-report/v1';

/** Order kinds: 18 U.S.C. §2519(1)(b) "the kind of order or extension applied for". */
export type OrderKind = 'original' | 'renewal' | 'emergency';

/** §2519(1)(c): granted as applied for, or denied; the states a warrant can end in before a decision. */
export type OrderDecision = 'granted' | 'denied' | 'withdrawn' | 'not decided' | 'pending';

export interface Approval {
  /** The authority's role (e.g. minister, judge) — never the person. */
  role: string;
  /** When it signed (ISO UTC). */
  at: string;
}

/** One warrant (order) the period touches; the fields of both reports, one row. */
export interface OrderRow {
  warrantId: string;
  warrantHash: string;
  profileId: string;
  agencyId: string;
  kind: OrderKind;
  emergency: boolean;
  /** The warrant this one renews (extension / re-issue), or null. */
  renews: string | null;
  submittedAt: string;
  decision: OrderDecision;
  /** First transition into Approved or EmergencyApproval, or null. */
  grantedAt: string | null;
  /** The warrant's state at the period's end (or the end of the log, if earlier). */
  status: string;
  /** Approval signatures in time order (IFTA 2013: the Minister's permission, then the Judge's warrant). */
  approvals: Approval[];
  /** The warrant's text, or NOT_RECORDED (the string type already holds it). */
  offence: string;
  legalBasis: string;
  /** "IRI only" or "IRI and content", as authorised (warrant terms). */
  interception: 'IRI only' | 'IRI and content' | NotRecorded;
  services: string[] | NotRecorded;
  /** Persons intercepted, as the number of target identities the warrant names. */
  targets: number | NotRecorded;
  /** Target identities per kind (MSISDN, IMSI, IMEI…), sorted by kind. */
  targetKinds: Record<string, number> | NotRecorded;
  operators: string[] | NotRecorded;
  retentionDays: number | NotRecorded;
  /** ISO UTC, or NOT_RECORDED. */
  orderStart: string;
  orderEnd: string;
  orderSeconds: number | NotRecorded;
  /** First instant a mediation task of the warrant was live (null: never intercepted). */
  interceptionStart: string | null;
  /** Last instant one was live; null while running at the cut (then seconds run to the cut). */
  interceptionEnd: string | null;
  interceptionSeconds: number | null;
  runningAtCut: boolean;
  /** HI delivery the MDF was told (HI2Only / HI2andHI3 / mixed), null when no MDF task started. */
  hiDelivery: string | null;
  /** Warrants in the log whose `renews` names this one. */
  extensions: number;
  /** Tasks the provisioning function activated (one per target per operator). */
  tasks: number;
  /** Records delivered to the agency in the period: HI2 (IRI), HI3 (content), both. */
  iriRecords: number;
  contentRecords: number;
  records: number;
  /** 18 U.S.C. §2519(2)(b)(iv): the log does not hold it. */
  encryption: NotRecorded;
}

export interface MonthRow {
  /** YYYY-MM (UTC). */
  month: string;
  iriRecords: number;
  contentRecords: number;
  records: number;
}

export interface AgencyRow {
  agencyId: string;
  orders: number;
  iriRecords: number;
  contentRecords: number;
  records: number;
}

export interface RefusedRow {
  code: string;
  count: number;
}

export interface RogueTaskRow {
  at: string;
  element: string;
  xid: string;
}

export interface NotRecordedRow {
  field: string;
  source: string;
  reason: string;
}

export interface ReportTotals {
  orders: number;
  extensions: number;
  /** Sum of the orders' target counts; NOT_RECORDED if any order was logged without its terms. */
  targets: number | NotRecorded;
  records: number;
  iriRecords: number;
  contentRecords: number;
  /** Records of LIIDs no warrant in the log maps (counted in months, not in agencies). */
  unattributedRecords: number;
  refusedRecords: number;
  rogueTasks: number;
}

export interface TransparencyReport {
  format: typeof REPORT_FORMAT;
  /** Half-open [from, to), ISO UTC. */
  period: { from: string; to: string };
  /** The verified log prefix the report was computed from. */
  log: {
    /** Entries 0..entries-1 of the log. */
    entries: number;
    /** Hex RFC 9162 root of those entries: binds the report to one history. */
    rootHash: string;
    /** min(period end, time of the last entry): state, durations and "running" are as of this instant. */
    cut: string;
  };
  totals: ReportTotals;
  orders: OrderRow[];
  recordsByMonth: MonthRow[];
  recordsByAgency: AgencyRow[];
  refusedByCode: RefusedRow[];
  rogueTasks: RogueTaskRow[];
  notRecorded: NotRecordedRow[];
}

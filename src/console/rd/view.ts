/**
 * What the console's retained-data API answers (docs/console.md "Retained data"): the agency's
 * production orders, the requests made under them, and the records of each signed answer. The UI
 * imports these shapes as types (src/console/ui/app/rd/types.ts): this file must stay free of Node code.
 */
/**
 * The TS 102 657 request categories (src/standards/rd/request.ts), spelt out so that the UI can
 * import this file without Node code; rd-routes.ts fails to compile if the two ever differ.
 */
export type RdCategory = 'subscriber' | 'calls' | 'sms' | 'dataSessions' | 'location' | 'equipment' | 'ipSubscriber';

/** The agency's orders, the operators it may ask and the categories (GET /api/rd). */
export interface RdOverview {
  /** null: the desk's list of orders is not available to this console; the order id is entered. */
  orders: RdOrderView[] | null;
  operators: string[];
  categories: RdCategory[];
}

/** One identifier of an order, as the request names it (TS 102 657 exact request, src/standards/rd/request.ts). */
export type RdIdentifierInput =
  | { kind: 'msisdn' | 'imsi' | 'imei'; value: string }
  | { kind: 'ip'; address: string; at: string; port?: number };

/** A production order as the desk shows it to the agency (src/warrants/desk/order-client.ts DeskOrder). */
export interface RdOrderView {
  id: string;
  reference: string;
  state: string;
  hash: string;
  identifiers: RdIdentifierInput[];
  categories: RdCategory[];
  period: { start: string; end: string };
  operators: string[];
  validUntil: string;
  profileId: string;
  legalBasis: string;
}

export interface RdSubscriberCard {
  subscriberId?: string;
  givenName?: string;
  familyName?: string;
  address?: string;
  msisdns: string[];
  imsi?: string;
  from?: string;
  to?: string;
}

export interface RdCommunication {
  kind: 'call' | 'sms';
  at: string;
  end?: string;
  /** As the served party's PartyRole says (TS 102 657 §B.3): outgoing = sent or placed by the target. */
  direction: 'outgoing' | 'incoming' | 'unknown';
  otherParty?: string;
  durationS?: number;
  bearer?: string;
  cellId?: string;
  latitude?: number;
  longitude?: number;
}

export interface RdLocationPoint {
  at: string;
  cellId?: string;
  latitude?: number;
  longitude?: number;
}

export interface RdEquipment {
  imeis: string[];
  imsi?: string;
  msisdns: string[];
  from?: string;
  to?: string;
}

export interface RdDataSession {
  start?: string;
  end?: string;
  msisdn?: string;
  imsi?: string;
  addresses: { address: string; type: string }[];
  translations: { private: string; public: string; ports?: string }[];
}

export interface RdRecordsView {
  subscribers: RdSubscriberCard[];
  calls: RdCommunication[];
  sms: RdCommunication[];
  locations: RdLocationPoint[];
  equipment: RdEquipment[];
  dataSessions: RdDataSession[];
  /** Records of a shape the page does not show (counted, never dropped silently). */
  other: number;
}

/** The TS 102 657 refusal the operator answered: its categorised error (value, description) and text. */
export interface RdRefusal {
  value: number | null;
  description: string;
  information: string;
}

/** A request made through the console and kept (sealed) as evidence. */
export interface RdRequestSummary {
  id: string;
  orderId: string;
  operator: string;
  category: RdCategory;
  identifier: RdIdentifierInput;
  period?: { start: string; end: string };
  user: string;
  at: string;
  outcome: 'disclosed' | 'refused';
  records: number;
  refusal?: RdRefusal;
  /** SHA-256 (hex) of the answer bytes as received (each signed answer back to back), as `--save` keeps them. */
  answerSha256: string;
}

export interface RdResultView extends RdRequestSummary {
  view: RdRecordsView;
}

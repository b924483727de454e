/**
 * TS 103 120 V1.11.1 §8.3 LDTaskObject (ts_103120_Task.xsd `LDTaskObject`): the task of disclosing
 * stored data (lawful disclosure, LD). Fields in XSD sequence order. The parts warranted does not
 * act on (DeliveryDetails §8.3.6, AlternativePreservationReferences, Deadlines) are kept
 * structurally so that a document round-trips.
 */
import type { ActionUnsuccessfulInformation, ApprovalDetails, DictionaryEntry, EndpointId, GenericElement, Hi1ObjectBase, NationalParameters } from './types.ts';

/** §8.3.5.3/§8.3.5.4 RequestValue: FormatType (owner + name, Annex C) and the value as received (LongString). */
export interface RequestValue {
  formatOwner: string;
  formatName: string;
  value: string;
}

/** §8.3.5 Table 8.18 LDRequestDetails. */
export interface RequestDetails {
  /** §8.3.5.2 RequestType dictionary entry (no ETSI entries: national, see the national profile). */
  type?: DictionaryEntry;
  startTime?: string;
  endTime?: string;
  observedTime?: string;
  observedTimes?: string[];
  /** ANDed together (§8.3.5.3). */
  requestValues?: RequestValue[];
  /** RequestSubtype entries (later versions of the Task schema). */
  subtypes?: DictionaryEntry[];
  targetIdentifierSubtype?: DictionaryEntry;
}

export interface LDTaskObject extends Hi1ObjectBase {
  objectType: 'LDTask';
  /** LDID (TS 103 280 §6.48), §8.3.2. */
  reference?: string;
  /** LDTaskStatus (Table 8.16): set by the Receiver only (§8.3.3). */
  status?: DictionaryEntry;
  statusReason?: ActionUnsuccessfulInformation;
  /** LDTaskDesiredStatus (Table 8.17). */
  desiredStatus?: DictionaryEntry;
  requestDetails?: RequestDetails;
  /** LDDeliveryDetails, kept structurally. */
  deliveryDetails?: GenericElement;
  approvalDetails?: ApprovalDetails[];
  cspId?: EndpointId;
  handlingProfile?: DictionaryEntry;
  /** LDTaskFlag entries (Table 8.25), e.g. IsEmergency. */
  flags?: DictionaryEntry[];
  alternativePreservationReferences?: GenericElement;
  nationalLDTaskingParameters?: NationalParameters;
  deadlines?: GenericElement;
  manualInformation?: string;
}

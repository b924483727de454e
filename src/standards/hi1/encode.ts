/**
 * encodeHI1Message: typed message -> TS 103 120 HI1Message XML (UTF-8 string), with explicit
 * namespaces declared on the root. Every value is checked with the decoder's XSD checks first; a
 * message that breaks them is refused with HI1_ENCODE_INVALID and nothing is emitted (§9.2.1).
 */
import { create } from 'xmlbuilder2';
import { Hi1Error } from './errors.ts';
import { NS } from './namespaces.ts';
import { v } from './values.ts';
import { dictionary, el, endpoint, generic, leaf, resetGeneratedPrefixes, timespan, unsuccessful, type Node } from './encode-common.ts';
import { encodeHi1Object } from './encode-objects.ts';
import type { ActionRequest, ActionResponse, HI1Message, ListResponseRecord } from './types.ts';

const C = NS.core;
const XMLNS = 'http://www.w3.org/2000/xmlns/';
const ROOT_PREFIXES = ['xsi', 'common', 'task', 'auth', 'doc', 'notification', 'delivery', 'etsi'] as const;

function request(parent: Node, a: ActionRequest): void {
  const n = el(parent, C, 'ActionRequest');
  leaf(n, C, 'ActionIdentifier', a.actionIdentifier, v.nonNegativeInteger);
  const verb = el(n, C, a.verb);
  switch (a.verb) {
    case 'GET': return leaf(verb, C, 'Identifier', a.identifier, v.uuid);
    case 'CREATE': case 'UPDATE': return encodeHi1Object(verb, a.object);
    case 'DELIVER':
      leaf(verb, C, 'Identifier', a.identifier, v.uuid);
      return encodeHi1Object(verb, a.object);
    case 'LIST':
      dictionary(verb, C, 'ObjectType', a.list.objectType);
      leaf(verb, C, 'LastChanged', a.list.lastChanged, v.qualifiedDateTime);
      timespan(verb, C, 'LastChangedTimespan', a.list.lastChangedTimespan, NS.common);
      leaf(verb, C, 'MaximumObjectCount', a.list.maximumObjectCount, v.positiveInteger);
      dictionary(verb, C, 'Status', a.list.status);
      leaf(verb, C, 'CountryCode', a.list.countryCode, v.countryCode);
      return;
    case 'GETCSPCONFIG': return;
  }
}

function record(parent: Node, r: ListResponseRecord): void {
  const n = el(parent, C, 'ListResponseRecord');
  dictionary(n, C, 'ObjectType', r.objectType);
  leaf(n, C, 'Identifier', r.identifier, v.uuid);
  leaf(n, C, 'CountryCode', r.countryCode, v.countryCode);
  leaf(n, C, 'OwnerIdentifier', r.ownerIdentifier, v.shortString);
  leaf(n, C, 'Generation', r.generation, v.nonNegativeInteger);
  leaf(n, C, 'ExternalIdentifier', r.externalIdentifier, v.longString);
  leaf(n, C, 'LastChanged', r.lastChanged, v.qualifiedDateTime);
}

function response(parent: Node, a: ActionResponse): void {
  const n = el(parent, C, 'ActionResponse');
  leaf(n, C, 'ActionIdentifier', a.actionIdentifier, v.nonNegativeInteger);
  if (a.verb === 'ErrorInformation') return unsuccessful(n, C, 'ErrorInformation', a.error);
  const verb = el(n, C, a.verb);
  switch (a.verb) {
    case 'GETResponse': return encodeHi1Object(verb, a.object);
    case 'CREATEResponse': case 'UPDATEResponse':
      leaf(verb, C, 'Identifier', a.identifier, v.uuid);
      if (a.object !== undefined) encodeHi1Object(verb, a.object);
      return;
    case 'LISTResponse': for (const r of a.records) record(verb, r); return;
    case 'DELIVERResponse': return leaf(verb, C, 'Identifier', a.identifier, v.uuid);
    case 'GETCSPCONFIGResponse': for (const g of a.elements) generic(verb, g);
  }
}

function build(m: HI1Message): string {
  resetGeneratedPrefixes();
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(C, 'HI1Message');
  for (const p of ROOT_PREFIXES) root.att(XMLNS, `xmlns:${p}`, NS[p]);
  const h = el(root, C, 'Header');
  endpoint(h, C, 'SenderIdentifier', m.header.senderIdentifier);
  endpoint(h, C, 'ReceiverIdentifier', m.header.receiverIdentifier);
  leaf(h, C, 'TransactionIdentifier', m.header.transactionIdentifier, v.uuid);
  leaf(h, C, 'Timestamp', m.header.timestamp, v.qualifiedMicrosecondDateTime);
  const ver = el(h, C, 'Version');
  leaf(ver, C, 'ETSIVersion', m.header.version.etsiVersion, v.etsiVersion);
  leaf(ver, C, 'NationalProfileOwner', m.header.version.nationalProfileOwner, v.shortString);
  leaf(ver, C, 'NationalProfileVersion', m.header.version.nationalProfileVersion, v.shortString);
  leaf(h, C, 'WorkflowIdentifier', m.header.workflowIdentifier, v.longString);
  const payload = el(root, C, 'Payload');
  const p = m.payload;
  if (p.kind === 'request') {
    if (p.actionRequests.length === 0) throw new Hi1Error('HI1_ENCODE_INVALID', 'a request needs at least one ActionRequest');
    p.actionRequests.forEach((a, i) => {
      if (a.actionIdentifier !== i) throw new Hi1Error('HI1_ENCODE_INVALID', 'action identifiers must count 0, 1, 2, ... (§6.4.4)');
    });
    const list = el(el(payload, C, 'RequestPayload'), C, 'ActionRequests');
    for (const a of p.actionRequests) request(list, a);
  } else if (p.kind === 'response') {
    if (p.actionResponses.length === 0) throw new Hi1Error('HI1_ENCODE_INVALID', 'a response needs at least one ActionResponse');
    const list = el(el(payload, C, 'ResponsePayload'), C, 'ActionResponses');
    for (const a of p.actionResponses) response(list, a);
  } else {
    unsuccessful(el(payload, C, 'ResponsePayload'), C, 'ErrorInformation', p.errorInformation);
  }
  for (const s of m.signatures ?? []) generic(root, s);
  return doc.end({ prettyPrint: true });
}

export function encodeHI1Message(msg: HI1Message): string {
  try {
    return build(msg);
  } catch (e) {
    if (e instanceof Hi1Error && e.code === 'HI1_ENCODE_INVALID') throw e;
    if (e instanceof Hi1Error) {
      throw new Hi1Error('HI1_ENCODE_INVALID', `message breaks the TS 103 120 schema: ${e.message}`, { cause: e, details: e.details, standardCode: e.standardCode });
    }
    throw new Hi1Error('HI1_ENCODE_INVALID', 'message could not be encoded', { cause: e });
  }
}

/**
 * decodeHI1Message: TS 103 120 HI1Message bytes -> typed message. Typed errors only (Hi1Error, whose
 * standardCode is the Annex D code to answer with). Every decoded HI1Object, signature and the whole
 * message carry `received`: the exact bytes as they arrived, for signature verification.
 */
import { hi1Fail } from './errors.ts';
import { NS } from './namespaces.ts';
import { parseXmlTree, Reader, toGeneric, type XNode } from './xml-tree.ts';
import { DEFAULT_SCAN_LIMITS, type ScanLimits } from './xml-scan.ts';
import { v } from './values.ts';
import { actionUnsuccessful, dictionaryEntry, endpointId, optDict, optLeaf, put, reqLeaf, timespan } from './decode-common.ts';
import { decodeHi1Object } from './decode-objects.ts';
import type { ActionRequest, ActionResponse, HI1Message, Hi1Header, Hi1Payload, ListRequest, ListResponseRecord } from './types.ts';

const C = NS.core;

function header(n: XNode): Hi1Header {
  const r = new Reader(n);
  const h: Hi1Header = {
    senderIdentifier: endpointId(r.req(C, 'SenderIdentifier')),
    receiverIdentifier: endpointId(r.req(C, 'ReceiverIdentifier')),
    transactionIdentifier: reqLeaf(r, C, 'TransactionIdentifier', v.uuid),
    timestamp: reqLeaf(r, C, 'Timestamp', v.qualifiedMicrosecondDateTime),
    version: (() => {
      const vr = new Reader(r.req(C, 'Version'));
      const version = {
        etsiVersion: reqLeaf(vr, C, 'ETSIVersion', v.etsiVersion),
        nationalProfileOwner: reqLeaf(vr, C, 'NationalProfileOwner', v.shortString),
        nationalProfileVersion: reqLeaf(vr, C, 'NationalProfileVersion', v.shortString),
      };
      vr.end();
      return version;
    })(),
  };
  put(h, 'workflowIdentifier', optLeaf(r, C, 'WorkflowIdentifier', v.longString));
  r.end();
  return h;
}

/** The single choice element after ActionIdentifier. */
function verbElement(r: Reader, parent: XNode): XNode {
  const c = r.peek();
  if (c?.ns !== C) hi1Fail('HI1_SCHEMA_VIOLATION', `${parent.name} needs a verb element`, { line: parent.line });
  r.rest();
  return c;
}

function single(n: XNode, name: string): XNode {
  const r = new Reader(n);
  const c = r.req(C, name);
  r.end();
  return c;
}

function actionRequest(n: XNode): ActionRequest {
  const r = new Reader(n);
  const actionIdentifier = reqLeaf(r, C, 'ActionIdentifier', v.nonNegativeInteger);
  const verb = verbElement(r, n);
  switch (verb.name) {
    case 'GET': return { actionIdentifier, verb: 'GET', identifier: v.uuid(single(verb, 'Identifier').text, 'Identifier') };
    case 'CREATE': case 'UPDATE': return { actionIdentifier, verb: verb.name, object: decodeHi1Object(single(verb, 'HI1Object')) };
    case 'DELIVER': {
      const vr = new Reader(verb);
      const identifier = reqLeaf(vr, C, 'Identifier', v.uuid);
      const object = decodeHi1Object(vr.req(C, 'HI1Object'));
      vr.end();
      return { actionIdentifier, verb: 'DELIVER', identifier, object };
    }
    case 'LIST': {
      const lr = new Reader(verb);
      const list: ListRequest = {};
      put(list, 'objectType', optDict(lr, C, 'ObjectType'));
      put(list, 'lastChanged', optLeaf(lr, C, 'LastChanged', v.qualifiedDateTime));
      const ts = lr.opt(C, 'LastChangedTimespan');
      if (ts !== undefined) list.lastChangedTimespan = timespan(ts, NS.common);
      put(list, 'maximumObjectCount', optLeaf(lr, C, 'MaximumObjectCount', v.positiveInteger));
      put(list, 'status', optDict(lr, C, 'Status'));
      put(list, 'countryCode', optLeaf(lr, C, 'CountryCode', v.countryCode));
      lr.end();
      return { actionIdentifier, verb: 'LIST', list };
    }
    case 'GETCSPCONFIG':
      if (verb.children.length > 0 || verb.text.trim() !== '') hi1Fail('HI1_SCHEMA_VIOLATION', 'GETCSPCONFIG must be empty', { line: verb.line });
      return { actionIdentifier, verb: 'GETCSPCONFIG' };
    default: return hi1Fail('HI1_SCHEMA_VIOLATION', `unknown action request verb ${verb.name}`, { line: verb.line });
  }
}

function listRecord(n: XNode): ListResponseRecord {
  const r = new Reader(n);
  const rec: ListResponseRecord = { objectType: dictionaryEntry(r.req(C, 'ObjectType')), identifier: reqLeaf(r, C, 'Identifier', v.uuid), generation: 0 };
  put(rec, 'countryCode', optLeaf(r, C, 'CountryCode', v.countryCode));
  put(rec, 'ownerIdentifier', optLeaf(r, C, 'OwnerIdentifier', v.shortString));
  rec.generation = reqLeaf(r, C, 'Generation', v.nonNegativeInteger);
  put(rec, 'externalIdentifier', optLeaf(r, C, 'ExternalIdentifier', v.longString));
  put(rec, 'lastChanged', optLeaf(r, C, 'LastChanged', v.qualifiedDateTime));
  r.end();
  // Keep the XSD field order in the object too (generation after ownerIdentifier).
  const { objectType, identifier, countryCode, ownerIdentifier, generation, externalIdentifier, lastChanged } = rec;
  const ordered: ListResponseRecord = { objectType, identifier, generation };
  put(ordered, 'countryCode', countryCode);
  put(ordered, 'ownerIdentifier', ownerIdentifier);
  put(ordered, 'externalIdentifier', externalIdentifier);
  put(ordered, 'lastChanged', lastChanged);
  return ordered;
}

function actionResponse(n: XNode): ActionResponse {
  const r = new Reader(n);
  const actionIdentifier = reqLeaf(r, C, 'ActionIdentifier', v.nonNegativeInteger);
  const verb = verbElement(r, n);
  switch (verb.name) {
    case 'GETResponse': return { actionIdentifier, verb: 'GETResponse', object: decodeHi1Object(single(verb, 'HI1Object')) };
    case 'CREATEResponse': case 'UPDATEResponse': {
      const vr = new Reader(verb);
      const identifier = reqLeaf(vr, C, 'Identifier', v.uuid);
      const obj = vr.opt(C, 'HI1Object');
      vr.end();
      return obj === undefined ? { actionIdentifier, verb: verb.name, identifier } : { actionIdentifier, verb: verb.name, identifier, object: decodeHi1Object(obj) };
    }
    case 'LISTResponse': {
      const vr = new Reader(verb);
      const records = vr.many(C, 'ListResponseRecord').map(listRecord);
      vr.end();
      return { actionIdentifier, verb: 'LISTResponse', records };
    }
    case 'ErrorInformation': return { actionIdentifier, verb: 'ErrorInformation', error: actionUnsuccessful(verb) };
    case 'DELIVERResponse': return { actionIdentifier, verb: 'DELIVERResponse', identifier: v.uuid(single(verb, 'Identifier').text, 'Identifier') };
    case 'GETCSPCONFIGResponse': return { actionIdentifier, verb: 'GETCSPCONFIGResponse', elements: verb.children.map(toGeneric) };
    default: return hi1Fail('HI1_SCHEMA_VIOLATION', `unknown action response verb ${verb.name}`, { line: verb.line });
  }
}

/** §6.4.4: action identifiers start at zero and increase by one. */
function checkSequence(ids: number[]): void {
  ids.forEach((id, i) => {
    if (id !== i) hi1Fail('HI1_ACTION_SEQUENCE', 'action identifiers must count 0, 1, 2, ... in order (§6.4.4)', { position: i, actionIdentifier: id });
  });
}

function payload(n: XNode): Hi1Payload {
  const r = new Reader(n);
  const req = r.opt(C, 'RequestPayload');
  if (req !== undefined) {
    r.end();
    const ar = new Reader(single(req, 'ActionRequests'));
    const actionRequests = ar.many(C, 'ActionRequest').map(actionRequest);
    ar.end();
    if (actionRequests.length === 0) hi1Fail('HI1_SCHEMA_VIOLATION', 'ActionRequests needs at least one ActionRequest', { line: req.line });
    checkSequence(actionRequests.map((a) => a.actionIdentifier));
    return { kind: 'request', actionRequests };
  }
  const resp = r.req(C, 'ResponsePayload');
  r.end();
  const rr = new Reader(resp);
  const err = rr.opt(C, 'ErrorInformation');
  if (err !== undefined) {
    rr.end();
    return { kind: 'error', errorInformation: actionUnsuccessful(err) };
  }
  const list = rr.req(C, 'ActionResponses');
  rr.end();
  const lr = new Reader(list);
  const actionResponses = lr.many(C, 'ActionResponse').map(actionResponse);
  lr.end();
  if (actionResponses.length === 0) hi1Fail('HI1_SCHEMA_VIOLATION', 'ActionResponses needs at least one ActionResponse', { line: list.line });
  return { kind: 'response', actionResponses };
}

export interface DecodeOptions {
  limits?: ScanLimits;
}

/** Decodes an HI1Message (UTF-8 bytes or a string, which is encoded to UTF-8 first). */
export function decodeHI1Message(xml: string | Uint8Array, options: DecodeOptions = {}): HI1Message {
  if (typeof xml !== 'string' && !(xml instanceof Uint8Array)) hi1Fail('HI1_XML_MALFORMED', 'input must be a string or Uint8Array');
  const bytes = typeof xml === 'string' ? new TextEncoder().encode(xml) : xml;
  if (bytes.length === 0) hi1Fail('HI1_XML_MALFORMED', 'empty message');
  const root = parseXmlTree(bytes, options.limits ?? DEFAULT_SCAN_LIMITS);
  if (root.ns !== C || root.name !== 'HI1Message') hi1Fail('HI1_SCHEMA_VIOLATION', 'root element must be HI1Message in the TS 103 120 Core namespace', { line: root.line });
  const r = new Reader(root);
  const message: HI1Message = { header: header(r.req(C, 'Header')), payload: payload(r.req(C, 'Payload')) };
  const signatures = [r.opt(C, 'Signature'), r.opt(NS.digsig, 'Signature'), r.opt(C, 'Signatures')]
    .filter((s): s is XNode => s !== undefined)
    .map((s) => ({ ...toGeneric(s), received: s.bytes }));
  r.end();
  if (signatures.length > 0) message.signatures = signatures;
  message.received = bytes;
  return message;
}

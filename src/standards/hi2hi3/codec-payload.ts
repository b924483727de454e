/**
 * Payload CHOICE codecs (TS 102 232-1 Annex A): IRIPayload / CCPayload sequences (§6.2.3 aggregation),
 * TRIPayload, hI1-Operation, encryptionContainer (Annex G), hI4Payload. `Payload` is a tagged CHOICE
 * (`payload [2] Payload`), so the [2] around it is explicit.
 */
import {
  children,
  ctx,
  ctxCons,
  ctxEnumerated,
  ctxInteger,
  ctxTime,
  present,
  sequence,
  TagClass,
  type BerElement,
  type BerNode,
} from '../ber/index.ts';
import {
  checkRange,
  explicitInner,
  fieldsOf,
  rawAlternative,
  readInt,
  readOctets,
  readTime,
  readUint64,
  req,
  TagClassContext,
  unexpected,
  copyBytes,
} from './ber-util.ts';
import { decodeMicroSecondTimeStamp, microSecondTimeStampNode } from './codec-common.ts';
import { decodeIpcc, decodeIpiri, ipccNode, ipiriNode } from './codec-ipaccess.ts';
import { decodeIpmmcc, decodeIpmmiri, ipmmccNode, ipmmiriNode } from './codec-ipmm.ts';
import { decodeHi1Operation, decodeHi4Payload, hi1OperationNode, hi4PayloadNode } from './codec-notifications.ts';
import { decodeTriAlternative, triAlternativeNode } from './codec-tri.ts';
import type { CCContents, CCPayload, EncryptedPayload, EncryptionContainer, IRIContents, IRIPayload, Payload } from './types.ts';

const IRI_TAGS = { iPIRI: 2, iPMMIRI: 11, threeGPP33128DefinedIRI: 19 } as const;
const CC_TAGS = { iPCC: 2, uMTSCC: 4, iPMMCC: 12, ePSCC: 15, threeGPP33128DefinedCC: 23 } as const;

export function iriContentsAlternative(c: IRIContents): BerNode {
  switch (c.kind) {
    case 'iPIRI':
      return ipiriNode(IRI_TAGS.iPIRI, c.value);
    case 'iPMMIRI':
      return ipmmiriNode(IRI_TAGS.iPMMIRI, c.value);
    case 'threeGPP33128DefinedIRI':
      return ctx(IRI_TAGS.threeGPP33128DefinedIRI, c.value);
    case 'unknown':
      return rawAlternative(c.tag, c.raw, 'IRIContents');
  }
}

export function ccContentsAlternative(c: CCContents): BerNode {
  switch (c.kind) {
    case 'iPCC':
      return ipccNode(CC_TAGS.iPCC, c.value);
    case 'iPMMCC':
      return ipmmccNode(CC_TAGS.iPMMCC, c.value);
    case 'uMTSCC':
    case 'ePSCC':
    case 'threeGPP33128DefinedCC':
      return ctx(CC_TAGS[c.kind], c.value);
    case 'unknown':
      return rawAlternative(c.tag, c.raw, 'CCContents');
  }
}

function decodeIriContents(el: BerElement, where: string): IRIContents {
  const alt = explicitInner(el, where);
  switch (alt.tagNumber) {
    case IRI_TAGS.iPIRI:
      return { kind: 'iPIRI', value: decodeIpiri(alt, `${where}.iPIRI`) };
    case IRI_TAGS.iPMMIRI:
      return { kind: 'iPMMIRI', value: decodeIpmmiri(alt, `${where}.iPMMIRI`) };
    case IRI_TAGS.threeGPP33128DefinedIRI:
      return { kind: 'threeGPP33128DefinedIRI', value: readOctets(alt, `${where}.threeGPP33128DefinedIRI`) };
    default:
      return { kind: 'unknown', tag: alt.tagNumber, raw: copyBytes(alt.raw) };
  }
}

function decodeCcContents(el: BerElement, where: string): CCContents {
  const alt = explicitInner(el, where);
  const w = `${where}[${alt.tagNumber}]`;
  switch (alt.tagNumber) {
    case CC_TAGS.iPCC:
      return { kind: 'iPCC', value: decodeIpcc(alt, `${where}.iPCC`) };
    case CC_TAGS.iPMMCC:
      return { kind: 'iPMMCC', value: decodeIpmmcc(alt, `${where}.iPMMCC`) };
    case CC_TAGS.uMTSCC:
      return { kind: 'uMTSCC', value: readOctets(alt, w) };
    case CC_TAGS.ePSCC:
      return { kind: 'ePSCC', value: readOctets(alt, w) };
    case CC_TAGS.threeGPP33128DefinedCC:
      return { kind: 'threeGPP33128DefinedCC', value: readOctets(alt, w) };
    default:
      return { kind: 'unknown', tag: alt.tagNumber, raw: copyBytes(alt.raw) };
  }
}

export function iriPayloadNode(p: IRIPayload): BerNode {
  return sequence(
    present([
      p.iRIType !== undefined && ctxEnumerated(0, p.iRIType),
      p.timeStamp && ctxTime(1, p.timeStamp),
      ctxCons(2, [iriContentsAlternative(p.iRIContents)]),
      p.microSecondTimeStamp && microSecondTimeStampNode(3, p.microSecondTimeStamp),
      p.timeStampQualifier !== undefined && ctxEnumerated(4, p.timeStampQualifier),
      p.sessionDirection !== undefined && ctxEnumerated(5, p.sessionDirection),
      p.payloadDirection !== undefined && ctxEnumerated(6, p.payloadDirection),
    ]),
  );
}

function decodeIriPayload(el: BerElement, where: string): IRIPayload {
  const f = fieldsOf(el, where);
  const p: IRIPayload = { iRIContents: decodeIriContents(req(f, 2, where, 'iRIContents'), `${where}.iRIContents`) };
  let e = f.get(0);
  if (e) {
    const t = readInt(e, `${where}.iRIType`, 1, 4);
    p.iRIType = t as IRIPayload['iRIType'] & number;
  }
  if ((e = f.get(1))) p.timeStamp = readTime(e, `${where}.timeStamp`);
  if ((e = f.get(3))) p.microSecondTimeStamp = decodeMicroSecondTimeStamp(e, `${where}.microSecondTimeStamp`);
  if ((e = f.get(4))) p.timeStampQualifier = readInt(e, `${where}.timeStampQualifier`);
  if ((e = f.get(5))) p.sessionDirection = readInt(e, `${where}.sessionDirection`);
  if ((e = f.get(6))) p.payloadDirection = readInt(e, `${where}.payloadDirection`);
  return p;
}

export function ccPayloadNode(p: CCPayload): BerNode {
  return sequence(
    present([
      p.payloadDirection !== undefined && ctxEnumerated(0, p.payloadDirection),
      p.timeStamp && ctxTime(1, p.timeStamp),
      ctxCons(2, [ccContentsAlternative(p.cCContents)]),
      p.microSecondTimeStamp && microSecondTimeStampNode(3, p.microSecondTimeStamp),
      p.timeStampQualifier !== undefined && ctxEnumerated(4, p.timeStampQualifier),
    ]),
  );
}

function decodeCcPayload(el: BerElement, where: string): CCPayload {
  const f = fieldsOf(el, where);
  const p: CCPayload = { cCContents: decodeCcContents(req(f, 2, where, 'cCContents'), `${where}.cCContents`) };
  let e = f.get(0);
  if (e) p.payloadDirection = readInt(e, `${where}.payloadDirection`);
  if ((e = f.get(1))) p.timeStamp = readTime(e, `${where}.timeStamp`);
  if ((e = f.get(3))) p.microSecondTimeStamp = decodeMicroSecondTimeStamp(e, `${where}.microSecondTimeStamp`);
  if ((e = f.get(4))) p.timeStampQualifier = readInt(e, `${where}.timeStampQualifier`);
  return p;
}

export function encryptionContainerNode(tag: number, c: EncryptionContainer): BerNode {
  return ctxCons(
    tag,
    present([
      ctxEnumerated(0, c.encryptionType),
      ctx(1, c.encryptedPayload),
      c.encryptedPayloadType !== undefined && ctxEnumerated(2, c.encryptedPayloadType),
    ]),
  );
}

function decodeEncryptionContainer(el: BerElement, where: string): EncryptionContainer {
  const f = fieldsOf(el, where, TagClassContext, el.tagNumber);
  const c: EncryptionContainer = {
    encryptionType: readInt(req(f, 0, where, 'encryptionType'), `${where}.encryptionType`),
    encryptedPayload: readOctets(req(f, 1, where, 'encryptedPayload'), `${where}.encryptedPayload`),
  };
  const e = f.get(2);
  if (e) c.encryptedPayloadType = readInt(e, `${where}.encryptedPayloadType`);
  return c;
}

/** The chosen Payload alternative (its own tag [0]..[7]), without the explicit [2] of PS-PDU. */
export function payloadAlternativeNode(p: Payload): BerNode {
  switch (p.kind) {
    case 'iRIPayloadSequence':
      return ctxCons(0, p.value.map(iriPayloadNode));
    case 'cCPayloadSequence':
      return ctxCons(1, p.value.map(ccPayloadNode));
    case 'tRIPayload':
      return ctxCons(2, [triAlternativeNode(p.value)]);
    case 'hI1Operation':
      return ctxCons(3, [hi1OperationNode(p.value)]);
    case 'encryptionContainer':
      return encryptionContainerNode(4, p.value);
    case 'hI4Payload':
      return ctxCons(7, p.value.map(hi4PayloadNode));
    case 'unknown':
      return rawAlternative(p.tag, p.raw, 'Payload');
  }
}

function sequenceOf(el: BerElement, where: string): BerElement[] {
  if (!el.constructed) throw unexpected(where, `[${el.tagNumber}] SEQUENCE OF must be constructed`);
  return children(el);
}

export function decodePayloadAlternative(alt: BerElement, where: string): Payload {
  if (alt.cls !== TagClass.Context) throw unexpected(where, 'Payload alternative with a non-context tag');
  switch (alt.tagNumber) {
    case 0:
      return { kind: 'iRIPayloadSequence', value: sequenceOf(alt, where).map((e, i) => decodeIriPayload(e, `${where}.iRIPayload[${i}]`)) };
    case 1:
      return { kind: 'cCPayloadSequence', value: sequenceOf(alt, where).map((e, i) => decodeCcPayload(e, `${where}.cCPayload[${i}]`)) };
    case 2:
      return { kind: 'tRIPayload', value: decodeTriAlternative(explicitInner(alt, `${where}.tRIPayload`), `${where}.tRIPayload`) };
    case 3:
      return { kind: 'hI1Operation', value: decodeHi1Operation(explicitInner(alt, `${where}.hI1-Operation`), `${where}.hI1-Operation`) };
    case 4:
      return { kind: 'encryptionContainer', value: decodeEncryptionContainer(alt, `${where}.encryptionContainer`) };
    case 7:
      return { kind: 'hI4Payload', value: sequenceOf(alt, where).map((e, i) => decodeHi4Payload(e, `${where}.hI4Payload[${i}]`)) };
    default:
      return { kind: 'unknown', tag: alt.tagNumber, raw: copyBytes(alt.raw) };
  }
}

// ---- Annex G EncryptedPayload (the plaintext inside encryptedPayload) ----

export function encryptedPayloadNode(p: EncryptedPayload): BerNode {
  checkRange(p.byteCounter, 0n, 0xffffffffffffffffn, 'EncryptedPayload.byteCounter');
  return sequence([ctxInteger(0, p.byteCounter), ctxCons(1, [payloadAlternativeNode(p.payload)])]);
}

export function decodeEncryptedPayloadElement(el: BerElement, where: string): EncryptedPayload {
  const f = fieldsOf(el, where);
  return {
    byteCounter: readUint64(req(f, 0, where, 'byteCounter'), `${where}.byteCounter`),
    payload: decodePayloadAlternative(explicitInner(req(f, 1, where, 'payload'), `${where}.payload`), `${where}.payload`),
  };
}

/**
 * TRIPayload codecs (TS 102 232-1 Annex A): keep-alives (§6.3.4), IntegrityCheck (§7.2.3, Annex J),
 * option negotiation (§6.3.5), PDU acknowledgement (§6.3.6), operator-LEA messages.
 */
import {
  children,
  ctx,
  ctxCons,
  ctxEnumerated,
  ctxNull,
  integer,
  present,
  TagClass,
  type BerElement,
  type BerNode,
} from '../ber/index.ts';
import {
  checkRange,
  checkSize,
  fieldsOf,
  rawAlternative,
  readInt,
  readNull,
  readOctets,
  readOctetsSized,
  readUint32,
  req,
  TagClassContext,
  unexpected,
  copyBytes,
} from './ber-util.ts';
import { TRI_NULL_TAGS, type IntegrityCheck, type Option, type TRINullKind, type TRIPayload } from './types.ts';

export function integrityCheckNode(tag: number, c: IntegrityCheck): BerNode {
  for (const n of c.includedSequenceNumbers) checkRange(n, 0, 0xffffffff, 'IntegrityCheck.includedSequenceNumbers');
  return ctxCons(
    tag,
    present([
      ctxCons(0, c.includedSequenceNumbers.map((n) => integer(n))),
      ctxEnumerated(1, c.checkType),
      c.dataType !== undefined && ctxEnumerated(2, c.dataType),
      ctx(3, c.checkValue),
      c.hashAlgorithm !== undefined && ctxEnumerated(4, c.hashAlgorithm),
      c.signatureAlgorithm !== undefined && ctxEnumerated(5, c.signatureAlgorithm),
    ]),
  );
}

export function decodeIntegrityCheck(el: BerElement, where: string): IntegrityCheck {
  const f = fieldsOf(el, where, TagClassContext, el.tagNumber);
  const seqs = req(f, 0, where, 'includedSequenceNumbers');
  if (!seqs.constructed) throw unexpected(where, 'includedSequenceNumbers [0] must be constructed');
  const includedSequenceNumbers = children(seqs).map((n) => {
    if (n.cls !== TagClass.Universal || n.tagNumber !== 2) throw unexpected(`${where}.includedSequenceNumbers`, 'element is not an INTEGER');
    return readUint32(n, `${where}.includedSequenceNumbers`);
  });
  const c: IntegrityCheck = {
    includedSequenceNumbers,
    checkType: readInt(req(f, 1, where, 'checkType'), `${where}.checkType`),
    checkValue: readOctets(req(f, 3, where, 'checkValue'), `${where}.checkValue`),
  };
  let e = f.get(2);
  if (e) c.dataType = readInt(e, `${where}.dataType`);
  if ((e = f.get(4))) c.hashAlgorithm = readInt(e, `${where}.hashAlgorithm`);
  if ((e = f.get(5))) c.signatureAlgorithm = readInt(e, `${where}.signatureAlgorithm`);
  return c;
}

function optionNode(o: Option): BerNode {
  return o.kind === 'pDUAcknowledgement' ? ctxNull(0) : rawAlternative(o.tag, o.raw, 'Option');
}

function decodeOptions(el: BerElement, where: string): Option[] {
  if (!el.constructed) throw unexpected(where, 'SEQUENCE OF Option must be constructed');
  return children(el).map((o): Option => {
    if (o.cls !== TagClass.Context) throw unexpected(where, 'Option alternative with a non-context tag');
    if (o.tagNumber === 0) {
      readNull(o, `${where}.pDUAcknowledgement`);
      return { kind: 'pDUAcknowledgement' };
    }
    return { kind: 'unknown', tag: o.tagNumber, raw: copyBytes(o.raw) };
  });
}

const NULL_KIND_BY_TAG = new Map<number, TRINullKind>(Object.entries(TRI_NULL_TAGS).map(([k, t]) => [t, k as TRINullKind]));

/** The TRIPayload alternative node (to be wrapped in Payload's explicit [2]). */
export function triAlternativeNode(t: TRIPayload): BerNode {
  switch (t.kind) {
    case 'integrityCheck':
      return integrityCheckNode(0, t.value);
    case 'paddingPDU':
      return ctx(2, t.value);
    case 'operatorLeaMessage':
      checkSize(t.value.message.length, 1, 255, 'OperatorLeaMessage.message');
      return ctxCons(8, [ctxEnumerated(0, t.value.messagePriority), ctx(1, t.value.message)]);
    case 'optionRequest':
      return ctxCons(9, [ctxCons(0, t.value.requestedOptions.map(optionNode))]);
    case 'optionResponse':
      return ctxCons(10, [ctxCons(0, t.value.acceptedOptions.map(optionNode)), ctxCons(1, t.value.declinedOptions.map(optionNode))]);
    case 'unknown':
      return rawAlternative(t.tag, t.raw, 'TRIPayload');
    default:
      return ctxNull(TRI_NULL_TAGS[t.kind]);
  }
}

export function decodeTriAlternative(alt: BerElement, where: string): TRIPayload {
  const t = alt.tagNumber;
  const w = `${where}[${t}]`;
  const nullKind = NULL_KIND_BY_TAG.get(t);
  if (nullKind) {
    readNull(alt, w);
    return { kind: nullKind };
  }
  switch (t) {
    case 0:
      return { kind: 'integrityCheck', value: decodeIntegrityCheck(alt, `${where}.integrityCheck`) };
    case 2:
      return { kind: 'paddingPDU', value: readOctets(alt, w) };
    case 8: {
      const f = fieldsOf(alt, w, TagClassContext, 8);
      return {
        kind: 'operatorLeaMessage',
        value: {
          messagePriority: readInt(req(f, 0, w, 'messagePriority'), `${w}.messagePriority`),
          message: readOctetsSized(req(f, 1, w, 'message'), `${w}.message`, 1, 255),
        },
      };
    }
    case 9: {
      const f = fieldsOf(alt, w, TagClassContext, 9);
      return { kind: 'optionRequest', value: { requestedOptions: decodeOptions(req(f, 0, w, 'requestedOptions'), w) } };
    }
    case 10: {
      const f = fieldsOf(alt, w, TagClassContext, 10);
      return {
        kind: 'optionResponse',
        value: {
          acceptedOptions: decodeOptions(req(f, 0, w, 'acceptedOptions'), w),
          declinedOptions: decodeOptions(req(f, 1, w, 'declinedOptions'), w),
        },
      };
    }
    default:
      return { kind: 'unknown', tag: t, raw: copyBytes(alt.raw) };
  }
}

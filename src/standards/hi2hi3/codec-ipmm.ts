/**
 * TS 102 232-5 IPMultimediaPDU (version13, §7) codecs: IPMMCC (one RTP/RTCP/MSRP/UDPTL packet per
 * CC, §5.5) and IPMMIRI (SIP signalling copies, §5.2).
 */
import {
  ctx,
  ctxCons,
  ctxEnumerated,
  ctxRelativeOid,
  present,
  TagClass,
  children,
  type BerElement,
  type BerNode,
} from '../ber/index.ts';
import {
  explicitInner,
  fieldsOf,
  nodeFromRaw,
  rawAlternative,
  readInt,
  readOctets,
  readRelOid,
  req,
  TagClassContext,
  unexpected,
  copyBytes,
} from './ber-util.ts';
import { decodeIpAddress, ipAddressNode } from './codec-common.ts';
import { IPMM_CC_OBJ_ID, IPMM_IRI_OBJ_ID } from './constants.ts';
import type { IPMMCC, IPMMIRI, IPMMIRIContents, SIPMessage } from './types-ipmm.ts';

export function ipmmccNode(tag: number, cc: IPMMCC): BerNode {
  return ctxCons(
    tag,
    present([
      ctxRelativeOid(0, cc.iPMMCCObjId ?? IPMM_CC_OBJ_ID),
      ctx(1, cc.mMCCContents),
      cc.frameType !== undefined && ctxEnumerated(2, cc.frameType),
      cc.streamIdentifier && ctx(3, cc.streamIdentifier),
      cc.mMCCprotocol !== undefined && ctxEnumerated(4, cc.mMCCprotocol),
    ]),
  );
}

export function decodeIpmmcc(el: BerElement, where: string): IPMMCC {
  const f = fieldsOf(el, where, TagClassContext, el.tagNumber);
  const cc: IPMMCC = {
    iPMMCCObjId: readRelOid(req(f, 0, where, 'iPMMCCObjId'), `${where}.iPMMCCObjId`),
    mMCCContents: readOctets(req(f, 1, where, 'mMCCContents'), `${where}.mMCCContents`),
  };
  let e = f.get(2);
  if (e) cc.frameType = readInt(e, `${where}.frameType`);
  if ((e = f.get(3))) cc.streamIdentifier = readOctets(e, `${where}.streamIdentifier`);
  if ((e = f.get(4))) cc.mMCCprotocol = readInt(e, `${where}.mMCCprotocol`);
  return cc;
}

const OCTET_ALTS = { originalIPMMMessage: 0, xCAPMessage: 4, iRIOnlyOriginalIPMMMessage: 5 } as const;
const SIP_ALTS = { sIPMessage: 1, iRIOnlySIPMessage: 6 } as const;

function sipMessageNode(tag: number, m: SIPMessage): BerNode {
  return ctxCons(tag, [ipAddressNode(0, m.iPSourceAddress), ipAddressNode(1, m.iPDestinationAddress), ctx(2, m.sIPContent)]);
}

function ipmmIriContentsNode(c: IPMMIRIContents): BerNode {
  switch (c.kind) {
    case 'originalIPMMMessage':
    case 'xCAPMessage':
    case 'iRIOnlyOriginalIPMMMessage':
      return ctx(OCTET_ALTS[c.kind], c.value);
    case 'sIPMessage':
    case 'iRIOnlySIPMessage':
      return sipMessageNode(SIP_ALTS[c.kind], c.value);
    case 'unknown':
      return rawAlternative(c.tag, c.raw, 'IPMMIRI.iPMMIRIContents');
  }
}

export function ipmmiriNode(tag: number, iri: IPMMIRI): BerNode {
  return ctxCons(
    tag,
    present([
      ctxRelativeOid(0, iri.iPMMIRIObjId ?? IPMM_IRI_OBJ_ID),
      ctxCons(1, [ipmmIriContentsNode(iri.iPMMIRIContents)]),
      iri.targetLocation && nodeFromRaw(iri.targetLocation),
      iri.additionalSignalling && ctxCons(3, iri.additionalSignalling.map((l) => ctx(0, l))),
    ]),
  );
}

function decodeSipMessage(el: BerElement, where: string): SIPMessage {
  const f = fieldsOf(el, where, TagClassContext, el.tagNumber);
  return {
    iPSourceAddress: decodeIpAddress(req(f, 0, where, 'iPSourceAddress'), `${where}.iPSourceAddress`),
    iPDestinationAddress: decodeIpAddress(req(f, 1, where, 'iPDestinationAddress'), `${where}.iPDestinationAddress`),
    sIPContent: readOctets(req(f, 2, where, 'sIPContent'), `${where}.sIPContent`),
  };
}

export function decodeIpmmiri(el: BerElement, where: string): IPMMIRI {
  const f = fieldsOf(el, where, TagClassContext, el.tagNumber);
  const alt = explicitInner(req(f, 1, where, 'iPMMIRIContents'), `${where}.iPMMIRIContents`);
  const w = `${where}.iPMMIRIContents`;
  let iPMMIRIContents: IPMMIRIContents;
  const t = alt.tagNumber;
  if (t === 0 || t === 4 || t === 5) {
    const kind = t === 0 ? 'originalIPMMMessage' : t === 4 ? 'xCAPMessage' : 'iRIOnlyOriginalIPMMMessage';
    iPMMIRIContents = { kind, value: readOctets(alt, w) };
  } else if (t === 1 || t === 6) iPMMIRIContents = { kind: t === 1 ? 'sIPMessage' : 'iRIOnlySIPMessage', value: decodeSipMessage(alt, w) };
  else iPMMIRIContents = { kind: 'unknown', tag: t, raw: copyBytes(alt.raw) };
  const iri: IPMMIRI = { iPMMIRIObjId: readRelOid(req(f, 0, where, 'iPMMIRIObjId'), `${where}.iPMMIRIObjId`), iPMMIRIContents };
  let e = f.get(2);
  if (e) iri.targetLocation = copyBytes(e.raw);
  if ((e = f.get(3))) {
    if (!e.constructed) throw unexpected(where, 'additionalSignalling [3] must be constructed');
    iri.additionalSignalling = children(e).map((s) => {
      if (s.cls !== TagClass.Context || s.tagNumber !== 0) throw unexpected(`${where}.additionalSignalling`, 'unknown AdditionalSignalling alternative');
      return readOctets(s, `${where}.sipHeaderLine`);
    });
  }
  return iri;
}

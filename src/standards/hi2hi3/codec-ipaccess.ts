/**
 * TS 102 232-3 IPAccessPDU codecs: IPCC (§6.3, CC of IP access) and IPIRI (§6.2, access events).
 * Each function takes/returns the alternative with its context tag from CCContents / IRIContents.
 */
import {
  ctx,
  ctxCons,
  ctxEnumerated,
  ctxInteger,
  ctxRelativeOid,
  ctxTime,
  ctxUtf8,
  present,
  type BerElement,
  type BerNode,
} from '../ber/index.ts';
import {
  checkRange,
  checkUtf8,
  explicitInner,
  fieldsOf,
  nodeFromRaw,
  readInt,
  readOctets,
  readRelOid,
  readText,
  readTime,
  readUint32,
  readUint64,
  readUtf8,
  req,
  TagClassContext,
  textBytes,
  unexpected,
  copyBytes,
} from './ber-util.ts';
import { decodeIpAddress, ipAddressNode } from './codec-common.ts';
import { IP_CC_OBJ_ID, IP_IRI_OBJ_ID } from './constants.ts';
import type { IPCC, IPIRI, IPIRIContents } from './types-ipaccess.ts';

export function ipccNode(tag: number, cc: IPCC): BerNode {
  const c = cc.iPCCContents;
  const contents =
    c.kind === 'iPPackets'
      ? ctx(0, c.value)
      : ctxCons(1, present([ctx(0, c.value.truncatedPacket), c.value.originalLength !== undefined && ctxInteger(1, c.value.originalLength)]));
  return ctxCons(tag, [ctxRelativeOid(0, cc.iPCCObjId ?? IP_CC_OBJ_ID), ctxCons(1, [contents])]);
}

export function decodeIpcc(el: BerElement, where: string): IPCC {
  const f = fieldsOf(el, where, TagClassContext, el.tagNumber);
  const alt = explicitInner(req(f, 1, where, 'iPCCContents'), `${where}.iPCCContents`);
  const iPCCObjId = readRelOid(req(f, 0, where, 'iPCCObjId'), `${where}.iPCCObjId`);
  if (f.size > 2) throw unexpected(where, 'unknown field in IPCC (not extensible)');
  if (alt.tagNumber === 0) return { iPCCObjId, iPCCContents: { kind: 'iPPackets', value: readOctets(alt, `${where}.iPPackets`) } };
  if (alt.tagNumber === 1) {
    const t = fieldsOf(alt, `${where}.iPTruncatedPacket`, TagClassContext, 1);
    const truncatedPacket = readOctets(req(t, 0, where, 'truncatedPacket'), `${where}.truncatedPacket`);
    const ol = t.get(1);
    return {
      iPCCObjId,
      iPCCContents: {
        kind: 'iPTruncatedPacket',
        value: ol ? { truncatedPacket, originalLength: readInt(ol, `${where}.originalLength`) } : { truncatedPacket },
      },
    };
  }
  throw unexpected(`${where}.iPCCContents`, `unknown alternative [${alt.tagNumber}]`);
}

/** Tags of IPIRIContents fields kept raw (not modelled). */
const RAW_TAGS = new Set([18, 20, 23, 24, 26]);

export function ipiriContentsNode(tag: number, c: IPIRIContents): BerNode {
  const w = 'IPIRIContents';
  if (c.pOPPortNumber !== undefined) checkRange(c.pOPPortNumber, 0, 0xffffffff, `${w}.pOPPortNumber`);
  for (const v of [c.octetsReceived, c.octetsTransmitted]) if (v !== undefined) checkRange(v, 0n, 0xffffffffffffffffn, `${w}.octets`);
  const fields: (BerNode | undefined | false)[] = [
    ctxEnumerated(0, c.accessEventType),
    ctx(1, textBytes(c.targetUsername, 0, Infinity, `${w}.targetUsername`)),
    ctxEnumerated(2, c.internetAccessType),
    ctxEnumerated(3, c.iPVersion),
    c.targetIPAddress && ipAddressNode(4, c.targetIPAddress),
    c.targetNetworkID !== undefined && ctxUtf8(5, checkUtf8(c.targetNetworkID, 1, 20, `${w}.targetNetworkID`)),
    c.targetCPEID !== undefined && ctxUtf8(6, checkUtf8(c.targetCPEID, 1, 128, `${w}.targetCPEID`)),
    c.targetLocation !== undefined && ctxUtf8(7, checkUtf8(c.targetLocation, 1, 64, `${w}.targetLocation`)),
    c.pOPPortNumber !== undefined && ctxInteger(8, c.pOPPortNumber),
    c.callBackNumber !== undefined && ctxUtf8(9, checkUtf8(c.callBackNumber, 1, 20, `${w}.callBackNumber`)),
    c.startTime && ctxTime(10, c.startTime),
    c.endTime && ctxTime(11, c.endTime),
    c.endReason !== undefined && ctxEnumerated(12, c.endReason),
    c.octetsReceived !== undefined && ctxInteger(13, c.octetsReceived),
    c.octetsTransmitted !== undefined && ctxInteger(14, c.octetsTransmitted),
    c.rawAAAData && ctx(15, c.rawAAAData),
    c.expectedEndTime && ctxTime(16, c.expectedEndTime),
    c.pOPPhoneNumber !== undefined && ctxUtf8(17, checkUtf8(c.pOPPhoneNumber, 1, 20, `${w}.pOPPhoneNumber`)),
    c.pOPIPAddress && ipAddressNode(19, c.pOPIPAddress),
    c.additionalIPAddress && ipAddressNode(21, c.additionalIPAddress),
    c.authenticationType !== undefined && ctxEnumerated(22, c.authenticationType),
    c.pOPPortID && ctx(25, c.pOPPortID),
  ];
  const nodes = present(fields);
  for (const raw of c.rawFields?.values() ?? []) nodes.push(nodeFromRaw(raw));
  nodes.sort((a, b) => a.tag - b.tag);
  return ctxCons(tag, nodes);
}

export function decodeIpiriContents(el: BerElement, where: string): IPIRIContents {
  const f = fieldsOf(el, where, TagClassContext, el.tagNumber);
  const r = (t: number, name: string) => req(f, t, where, name);
  const c: IPIRIContents = {
    accessEventType: readInt(r(0, 'accessEventType'), `${where}.accessEventType`),
    targetUsername: readText(r(1, 'targetUsername'), `${where}.targetUsername`, 0, Infinity),
    internetAccessType: readInt(r(2, 'internetAccessType'), `${where}.internetAccessType`),
    iPVersion: readInt(r(3, 'iPVersion'), `${where}.iPVersion`),
  };
  for (const [t, e] of f) {
    const w = `${where}[${t}]`;
    switch (t) {
      case 0: case 1: case 2: case 3: break;
      case 4: c.targetIPAddress = decodeIpAddress(e, w); break;
      case 5: c.targetNetworkID = readUtf8(e, w, 1, 20); break;
      case 6: c.targetCPEID = readUtf8(e, w, 1, 128); break;
      case 7: c.targetLocation = readUtf8(e, w, 1, 64); break;
      case 8: c.pOPPortNumber = readUint32(e, w); break;
      case 9: c.callBackNumber = readUtf8(e, w, 1, 20); break;
      case 10: c.startTime = readTime(e, w); break;
      case 11: c.endTime = readTime(e, w); break;
      case 12: c.endReason = readInt(e, w); break;
      case 13: c.octetsReceived = readUint64(e, w); break;
      case 14: c.octetsTransmitted = readUint64(e, w); break;
      case 15: c.rawAAAData = readOctets(e, w); break;
      case 16: c.expectedEndTime = readTime(e, w); break;
      case 17: c.pOPPhoneNumber = readUtf8(e, w, 1, 20); break;
      case 19: c.pOPIPAddress = decodeIpAddress(e, w); break;
      case 21: c.additionalIPAddress = decodeIpAddress(e, w); break;
      case 22: c.authenticationType = readInt(e, w); break;
      case 25: c.pOPPortID = readOctets(e, w); break;
      default:
        // [18], [20], [23], [24], [26] and later extensions: kept whole, re-encoded as received.
        if (t < 16 && !RAW_TAGS.has(t)) throw unexpected(where, `unknown field [${t}] before the extension marker`);
        (c.rawFields ??= new Map()).set(t, copyBytes(e.raw));
    }
  }
  return c;
}

export function ipiriNode(tag: number, iri: IPIRI): BerNode {
  return ctxCons(tag, [ctxRelativeOid(0, iri.iPIRIObjId ?? IP_IRI_OBJ_ID), ipiriContentsNode(1, iri.iPIRIContents)]);
}

export function decodeIpiri(el: BerElement, where: string): IPIRI {
  const f = fieldsOf(el, where, TagClassContext, el.tagNumber);
  return {
    iPIRIObjId: readRelOid(req(f, 0, where, 'iPIRIObjId'), `${where}.iPIRIObjId`),
    iPIRIContents: decodeIpiriContents(req(f, 1, where, 'iPIRIContents'), `${where}.iPIRIContents`),
  };
}

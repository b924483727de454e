/**
 * Codecs for the TS 102 232-1 common parameters used by several service modules:
 * IPAddress and IP-value (Annex A), MicroSecondTimeStamp.
 */
import {
  ctx,
  ctxAscii,
  ctxBoolean,
  ctxCons,
  ctxEnumerated,
  ctxInteger,
  present,
  type BerElement,
  type BerNode,
} from '../ber/index.ts';
import {
  checkRange,
  checkSize,
  encodeFail,
  explicitInner,
  fieldsOf,
  readBool,
  readInt,
  readOctetsSized,
  readText,
  readUint64,
  req,
  TagClassContext,
  unexpected,
} from './ber-util.ts';
import type { IPAddress, MicroSecondTimeStamp } from './types.ts';

export function ipAddressNode(tag: number, a: IPAddress): BerNode {
  let value: BerNode;
  if (a.iPValue.kind === 'iPBinaryAddress') {
    checkSize(a.iPValue.value.length, 4, 16, 'IP-value.iPBinaryAddress');
    value = ctx(1, a.iPValue.value);
  } else {
    checkSize(a.iPValue.value.length, 7, 45, 'IP-value.iPTextAddress');
    value = ctxAscii(2, a.iPValue.value);
  }
  if (a.iPv6PrefixLength !== undefined) checkRange(a.iPv6PrefixLength, 1, 128, 'IPAddress.iPv6PrefixLength');
  if (a.iPv4SubnetMask !== undefined) checkSize(a.iPv4SubnetMask.length, 4, 4, 'IPAddress.iPv4SubnetMask');
  return ctxCons(
    tag,
    present([
      ctxEnumerated(1, a.iPType),
      ctxCons(2, [value]),
      a.iPAssignment !== undefined && ctxEnumerated(3, a.iPAssignment),
      a.iPv6PrefixLength !== undefined && ctxInteger(4, a.iPv6PrefixLength),
      a.iPv4SubnetMask !== undefined && ctx(5, a.iPv4SubnetMask),
      a.iPNATTranslated !== undefined && ctxBoolean(6, a.iPNATTranslated),
    ]),
  );
}

export function decodeIpAddress(el: BerElement, where: string): IPAddress {
  const f = fieldsOf(el, where, TagClassContext, el.tagNumber);
  const v = explicitInner(req(f, 2, where, 'iP-value'), `${where}.iP-value`);
  let iPValue: IPAddress['iPValue'];
  if (v.tagNumber === 1) iPValue = { kind: 'iPBinaryAddress', value: readOctetsSized(v, `${where}.iPBinaryAddress`, 4, 16) };
  else if (v.tagNumber === 2) {
    const s = readText(v, `${where}.iPTextAddress`, 7, 45);
    iPValue = { kind: 'iPTextAddress', value: s };
  } else throw unexpected(`${where}.iP-value`, `unknown alternative [${v.tagNumber}]`);
  const a: IPAddress = { iPType: readInt(req(f, 1, where, 'iP-type'), `${where}.iP-type`), iPValue };
  const g = (t: number) => f.get(t);
  let e = g(3);
  if (e) a.iPAssignment = readInt(e, `${where}.iP-assignment`);
  if ((e = g(4))) a.iPv6PrefixLength = readInt(e, `${where}.iPv6PrefixLength`, 1, 128);
  if ((e = g(5))) a.iPv4SubnetMask = readOctetsSized(e, `${where}.iPv4SubnetMask`, 4, 4);
  if ((e = g(6))) a.iPNATTranslated = readBool(e, `${where}.iP-NAT-translated`);
  return a;
}

export function microSecondTimeStampNode(tag: number, m: MicroSecondTimeStamp): BerNode {
  checkRange(m.seconds, 0n, 0xffffffffffffffffn, 'MicroSecondTimeStamp.seconds');
  checkRange(m.microSeconds, 0, 999999, 'MicroSecondTimeStamp.microSeconds');
  return ctxCons(tag, [ctxInteger(0, m.seconds), ctxInteger(1, m.microSeconds)]);
}

export function decodeMicroSecondTimeStamp(el: BerElement, where: string): MicroSecondTimeStamp {
  const f = fieldsOf(el, where, TagClassContext, el.tagNumber);
  return {
    seconds: readUint64(req(f, 0, where, 'seconds'), `${where}.seconds`),
    microSeconds: readInt(req(f, 1, where, 'microSeconds'), `${where}.microSeconds`, 0, 999999),
  };
}

/** A Date as MicroSecondTimeStamp (millisecond precision of a JS Date). */
export function microSecondTimeStampOf(d: Date, extraMicros = 0): MicroSecondTimeStamp {
  const ms = d.getTime();
  if (!Number.isFinite(ms) || ms < 0) throw encodeFail('MicroSecondTimeStamp needs a date after 1970');
  return { seconds: BigInt(Math.floor(ms / 1000)), microSeconds: (ms % 1000) * 1000 + extraMicros };
}

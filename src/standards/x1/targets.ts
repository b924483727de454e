/**
 * TargetIdentifier ↔ the XSD `TargetIdentifier` choice (TS 103 221-1 §6.2.1.2 Table 5).
 * The system handles exact identities only (src/standards/identifiers/types.ts); every choice the XSD
 * has beyond those (MAC address, port ranges, hashed identifiers, GTP tunnels, IMPU/IMPI, ...) is
 * refused on decode with §6.7 code 3010 "Unsupported TargetIdentifier type".
 */
import type { create } from 'xmlbuilder2';
import type { XmlElement } from 'libxml2-wasm';
import type { TargetIdentifier, TargetIdentifierKind } from '../identifiers/types.ts';
import { ETSI_103280_NS, X1_NS } from './constants.ts';
import { X1SchemaError, X1UnsupportedTargetIdentifierError } from './errors.ts';
import type { X1ErrorDetails } from './errors.ts';
import { SequenceReader, elementChildren, textOf } from './xml-reader.ts';
import {
  E164, IMEI, IMEI_CHECK_DIGIT, IMEISV, IMSI, IPV4_ADDRESS, IPV4_CIDR, IPV6_ADDRESS, IPV6_CIDR, SIP_URI, TEL_URI,
  checkEmail, checkPattern, checkXmlString, collapse, expandIpv6,
} from './values.ts';

type Builder = ReturnType<typeof create>;

/** Every XSD TargetIdentifier choice that this codec does not map to a TargetIdentifierKind. */
const UNSUPPORTED_CHOICES = new Set([
  'macAddress', 'tcpPort', 'tcpPortRange', 'tcpPortList', 'udpPort', 'udpPortRange', 'udpPortList',
  'internationalizedEmailAddress', 'h323Uri', 'impu', 'impi', 'radiusAttribute', 'gtpuTunnelId', 'gtpcTunnelId',
  'callPartyRole', 'nonLocalIdentifier', 'suci', 'eui64', 'serviceAccessIdentifier', 'hashedIdentifier',
  'targetIdentifierExtension', 'vrf',
]);

/** Kind → XSD element used when encoding (imei picks imei or peiImeiCheckDigit by length). */
const ENCODE_ELEMENT: Readonly<Record<TargetIdentifierKind, string>> = {
  e164Number: 'e164Number',
  imsi: 'imsi',
  imei: 'imei',
  imeisv: 'peiImeisv',
  sipUri: 'sipUri',
  telUri: 'telUri',
  ipv4Address: 'ipv4Address',
  ipv6Address: 'ipv6Address',
  ipv4Cidr: 'ipv4Cidr',
  ipv6Cidr: 'ipv6Cidr',
  emailAddress: 'emailAddress',
  nai: 'nai',
  supiNai: 'supinai',
  gpsiNai: 'gpsiNai',
};

function checkNai(v: string, path: string): string {
  checkXmlString(v, path);
  // NAI is xs:string in TS 103 280; an empty one names nobody, so refuse it (exact identities only).
  if (v.length === 0 || v.length > 255) throw new X1SchemaError(`${path} is empty or too long`, { path });
  return v;
}

/** Checks a value against the XSD type of its choice element; returns the XSD lexical form. */
function lexicalFor(t: TargetIdentifier, path: string): { element: string; value: string } {
  const v = t.value;
  switch (t.kind) {
    case 'e164Number': return { element: 'e164Number', value: checkPattern(v, E164, path, 'InternationalE164') };
    case 'imsi': return { element: 'imsi', value: checkPattern(v, IMSI, path, 'IMSI') };
    case 'imei':
      if (IMEI_CHECK_DIGIT.test(v)) return { element: 'peiImeiCheckDigit', value: v };
      return { element: 'imei', value: checkPattern(v, IMEI, path, 'IMEI') };
    case 'imeisv': return { element: 'peiImeisv', value: checkPattern(v, IMEISV, path, 'PEIIMEISV') };
    case 'sipUri': return { element: 'sipUri', value: checkPattern(v, SIP_URI, path, 'SIPURI') };
    case 'telUri': return { element: 'telUri', value: checkPattern(v, TEL_URI, path, 'TELURI') };
    case 'ipv4Address': return { element: 'ipv4Address', value: checkPattern(v, IPV4_ADDRESS, path, 'IPv4Address') };
    case 'ipv4Cidr': return { element: 'ipv4Cidr', value: checkPattern(v, IPV4_CIDR, path, 'IPv4CIDR') };
    case 'ipv6Address': {
      const full = expandIpv6(v);
      if (full === undefined) throw new X1SchemaError(`${path} is not a valid IPv6Address`, { path });
      return { element: 'ipv6Address', value: full };
    }
    case 'ipv6Cidr': {
      const slash = v.lastIndexOf('/');
      const full = slash < 0 ? undefined : expandIpv6(v.slice(0, slash));
      const value = full === undefined ? v : `${full}${v.slice(slash)}`;
      return { element: 'ipv6Cidr', value: checkPattern(value, IPV6_CIDR, path, 'IPv6CIDR') };
    }
    case 'emailAddress': return { element: 'emailAddress', value: checkEmail(v, path) };
    case 'nai': return { element: 'nai', value: checkNai(v, path) };
    case 'supiNai': return { element: 'supinai', value: checkNai(v, path) };
    case 'gpsiNai': return { element: 'gpsiNai', value: checkNai(v, path) };
    default: {
      const kind: never = t.kind;
      throw new X1SchemaError(`${path}: unknown TargetIdentifier kind ${String(kind)}`, { path });
    }
  }
}

/** Writes one `<targetIdentifier>` under `parent`. */
export function encodeTargetIdentifier(parent: Builder, t: TargetIdentifier, path: string): void {
  if (typeof t !== 'object' || t === null || !Object.hasOwn(ENCODE_ELEMENT, t.kind) || typeof t.value !== 'string') {
    throw new X1SchemaError(`${path}: not a TargetIdentifier`, { path });
  }
  const { element, value } = lexicalFor(t, path);
  const ti = parent.ele(X1_NS, 'targetIdentifier');
  if (element === 'ipv4Cidr') {
    // XSD: ipv4Cidr is etsi103280:IPCIDR, a choice of IPv4CIDR / IPv6CIDR.
    ti.ele(X1_NS, 'ipv4Cidr').ele(ETSI_103280_NS, 'etsi:IPv4CIDR').txt(value);
  } else {
    ti.ele(X1_NS, element).txt(value);
  }
}

function token(el: XmlElement, path: string, ctx: X1ErrorDetails): string {
  return collapse(textOf(el, path, ctx));
}

/** Reads one `<targetIdentifier>` element. */
export function decodeTargetIdentifier(el: XmlElement, path: string, ctx: X1ErrorDetails): TargetIdentifier {
  const children = elementChildren(el, path, ctx);
  const choice = children[0];
  if (choice === undefined || children.length !== 1) throw new X1SchemaError(`${path} must hold exactly one choice`, { ...ctx, path });
  const name = choice.name;
  const p = `${path}/${name}`;
  if (choice.namespaceUri !== X1_NS) throw new X1SchemaError(`${p}: not an X1 TargetIdentifier choice`, { ...ctx, path: p });
  const c = { ...ctx, path: p };
  const pat = (re: RegExp, what: string): string => {
    const v = token(choice, p, c);
    if (!re.test(v)) throw new X1SchemaError(`${p} is not a valid ${what}`, c);
    return v;
  };
  switch (name) {
    case 'e164Number': return { kind: 'e164Number', value: pat(E164, 'InternationalE164') };
    case 'gpsiMsisdn': return { kind: 'e164Number', value: pat(E164, 'GPSIMSISDN') };
    case 'imsi': return { kind: 'imsi', value: pat(IMSI, 'IMSI') };
    case 'supiimsi': return { kind: 'imsi', value: pat(IMSI, 'SUPIIMSI') };
    case 'imei': return { kind: 'imei', value: pat(IMEI, 'IMEI') };
    case 'peiImei': return { kind: 'imei', value: pat(IMEI, 'PEIIMEI') };
    case 'peiImeiCheckDigit': return { kind: 'imei', value: pat(IMEI_CHECK_DIGIT, 'PEIIMEICheckDigit') };
    case 'peiImeisv': return { kind: 'imeisv', value: pat(IMEISV, 'PEIIMEISV') };
    case 'sipUri': return { kind: 'sipUri', value: pat(SIP_URI, 'SIPURI') };
    case 'telUri': return { kind: 'telUri', value: pat(TEL_URI, 'TELURI') };
    case 'ipv4Address': return { kind: 'ipv4Address', value: pat(IPV4_ADDRESS, 'IPv4Address') };
    case 'ipv6Address': return { kind: 'ipv6Address', value: pat(IPV6_ADDRESS, 'IPv6Address') };
    case 'ipv6Cidr': return { kind: 'ipv6Cidr', value: pat(IPV6_CIDR, 'IPv6CIDR') };
    case 'ipv4Cidr': {
      const inner = new SequenceReader(choice, p, c);
      const v4 = inner.opt('IPv4CIDR', ETSI_103280_NS);
      const v6 = v4 === undefined ? inner.take('IPv6CIDR', ETSI_103280_NS) : undefined;
      inner.end();
      if (v4 !== undefined) {
        const v = token(v4, `${p}/IPv4CIDR`, c);
        return { kind: 'ipv4Cidr', value: checkPattern(v, IPV4_CIDR, `${p}/IPv4CIDR`, 'IPv4CIDR') };
      }
      const v = token(v6!, `${p}/IPv6CIDR`, c);
      return { kind: 'ipv6Cidr', value: checkPattern(v, IPV6_CIDR, `${p}/IPv6CIDR`, 'IPv6CIDR') };
    }
    case 'emailAddress': return { kind: 'emailAddress', value: checkEmail(token(choice, p, c), p) };
    case 'nai': return { kind: 'nai', value: checkNai(textOf(choice, p, c), p) };
    case 'supinai': return { kind: 'supiNai', value: checkNai(textOf(choice, p, c), p) };
    case 'gpsiNai': return { kind: 'gpsiNai', value: checkNai(textOf(choice, p, c), p) };
    default:
      if (UNSUPPORTED_CHOICES.has(name)) throw new X1UnsupportedTargetIdentifierError(name, c);
      throw new X1SchemaError(`${p}: not an X1 TargetIdentifier choice`, c);
  }
}

/** For tests and docs: the XSD choice each kind is written as. */
export const TARGET_IDENTIFIER_ELEMENTS: Readonly<Record<TargetIdentifierKind, string>> = ENCODE_ELEMENT;
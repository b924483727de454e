/**
 * Identity labels for records: `<kind>:<value>` with the TS 103 280 kind names the rest of the
 * system uses (e164Number, imsi, imei, nai, sipUri, ipv4Address, ...), so a demo can compare the
 * parties a record names with the warrant's target identities.
 */
import { uriUser } from '../standards/payloads/index.ts';
import type { GPSI, PEI, SUPI, TargetIdentifier } from '../standards/ts33128/index.ts';

export function supiLabel(s: SUPI): string {
  return s.kind === 'iMSI' ? `imsi:${s.value}` : `nai:${s.value}`;
}

export function gpsiLabel(g: GPSI): string {
  return g.kind === 'mSISDN' ? `e164Number:${g.value}` : `nai:${g.value}`;
}

/** TS 33.128 PEI.iMEI is the 14-digit IMEI without its check digit (TS 23.003 §6.2.1). */
export function peiLabel(p: PEI): string {
  return p.kind === 'iMEI' ? `imei:${p.value}` : `imeisv:${p.value}`;
}

export function targetIdentifierLabel(t: TargetIdentifier): string {
  switch (t.kind) {
    case 'sUPI':
      return supiLabel(t.value);
    case 'gPSI':
      return gpsiLabel(t.value);
    case 'pEI':
      return peiLabel(t.value);
    case 'iMSI':
      return `imsi:${t.value}`;
    case 'iMEI':
      return `imei:${t.value}`;
    case 'mSISDN':
      return `e164Number:${t.value}`;
    case 'nAI':
      return `nai:${t.value}`;
    case 'iPv4Address':
      return `ipv4Address:${t.value}`;
    case 'iPv6Address':
      return `ipv6Address:${t.value}`;
    case 'ethernetAddress':
      return `macAddress:${t.value}`;
  }
}

/** A SIP/TEL URI: its telephone number when the user part is one (RFC 3966), else the URI. */
export function sipUriLabel(uri: string): string {
  const user = uriUser(uri);
  if (user !== undefined && /^\d{3,15}$/.test(user)) return `e164Number:${user}`;
  return `sipUri:${uri}`;
}

/** An SMS party address: digits are an E.164 number, anything else an alphanumeric sender. */
export function smsAddressLabel(address: string): string {
  return /^\+?\d{1,20}$/.test(address) ? `e164Number:${address.replace(/^\+/, '')}` : `smsAlphanumeric:${address}`;
}

/** The value part of a label (`e164Number:447700900123` → `447700900123`). */
export function labelValue(label: string): string {
  const i = label.indexOf(':');
  return i < 0 ? label : label.slice(i + 1);
}

export function addUnique(list: string[], label: string | undefined): void {
  if (label !== undefined && !list.includes(label)) list.push(label);
}

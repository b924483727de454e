/**
 * SMS TPDUs (3GPP TS 23.040 §9.2.2): SMS-SUBMIT (MS → SC, MO) and SMS-DELIVER (SC → MS, MT), with
 * address fields (§9.1.2.5), service centre time stamp (§9.2.3.11), data coding GSM 7-bit or UCS2
 * (TS 23.038 §4) and single-part user data (no UDH).
 */
import { PayloadError, need } from '../errors.ts';
import { isGsm7, packSeptets, septetsToText, textToSeptets, unpackSeptets } from './gsm7.ts';

export interface SmsSubmit {
  type: 'SMS-SUBMIT';
  messageReference: number;
  /** Destination: E.164 digits (international) or a short code. */
  destination: string;
  text: string;
  /** TP-VP relative (§9.2.3.12.1), default 0xA7 = 24 hours. */
  validityPeriod?: number;
}

export interface SmsDeliver {
  type: 'SMS-DELIVER';
  /** Originator: E.164 digits, or an alphanumeric sender such as "BANK" (TON 101, §9.1.2.5). */
  originator: string;
  text: string;
  /** TP-SCTS in ms since the epoch (written as UTC, second precision). */
  serviceCentreTimeMs: number;
}

export type SmsTpdu = SmsSubmit | SmsDeliver;

const DCS_GSM7 = 0x00;
const DCS_UCS2 = 0x08;

function swapBcd(digits: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < digits.length; i += 2) {
    const lo = Number(digits[i]);
    const hi = i + 1 < digits.length ? Number(digits[i + 1]) : 0xf;
    out.push((hi << 4) | lo);
  }
  return out;
}

function readBcd(bytes: Uint8Array, count: number): string {
  let digits = '';
  for (let i = 0; i < count; i++) {
    const byte = bytes[i >> 1] ?? 0xff;
    const d = i % 2 === 0 ? byte & 0x0f : byte >> 4;
    digits += d < 10 ? String(d) : d === 0xa ? '*' : d === 0xb ? '#' : '';
  }
  return digits;
}

function encodeAddress(address: string): number[] {
  if (/^\+?\d{1,20}$/.test(address)) {
    const digits = address.replace(/^\+/, '');
    const international = address.startsWith('+') || digits.length > 8;
    return [digits.length, international ? 0x91 : 0x81, ...swapBcd(digits)]; // TON international/unknown, NPI E.164
  }
  if (!isGsm7(address) || address.length > 11) throw new PayloadError('PAYLOAD_BAD_VALUE', 'alphanumeric address must be ≤ 11 GSM characters');
  const packed = packSeptets(textToSeptets(address));
  return [packed.length * 2, 0xd0, ...packed]; // TON alphanumeric (101), length in semi-octets
}

function decodeAddress(bytes: Uint8Array, offset: number): { address: string; next: number } {
  need(bytes, offset, 2, 'TP address');
  const semiOctets = bytes[offset] ?? 0;
  const toa = bytes[offset + 1] ?? 0;
  const octets = Math.ceil(semiOctets / 2);
  need(bytes, offset + 2, octets, 'TP address value');
  const value = bytes.subarray(offset + 2, offset + 2 + octets);
  const address = ((toa >> 4) & 7) === 5 ? septetsToText(unpackSeptets(value, Math.floor((semiOctets * 4) / 7))) : readBcd(value, semiOctets);
  return { address, next: offset + 2 + octets };
}

function encodeUserData(text: string): { dcs: number; udl: number; ud: Uint8Array } {
  if (isGsm7(text)) {
    const septets = textToSeptets(text);
    if (septets.length > 160) throw new PayloadError('PAYLOAD_BAD_VALUE', 'GSM 7-bit text longer than 160 septets (no concatenation here)');
    return { dcs: DCS_GSM7, udl: septets.length, ud: packSeptets(septets) };
  }
  const units: number[] = [];
  for (let i = 0; i < text.length; i++) units.push(text.charCodeAt(i) >> 8, text.charCodeAt(i) & 0xff);
  if (units.length > 140) throw new PayloadError('PAYLOAD_BAD_VALUE', 'UCS2 text longer than 70 characters');
  return { dcs: DCS_UCS2, udl: units.length, ud: Uint8Array.from(units) };
}

function decodeUserData(bytes: Uint8Array, offset: number, dcs: number): string {
  need(bytes, offset, 1, 'TP-UDL');
  const udl = bytes[offset] ?? 0;
  const ud = bytes.subarray(offset + 1);
  const alphabet = (dcs & 0xc0) === 0 ? (dcs >> 2) & 3 : (dcs & 0xf0) === 0xf0 ? (dcs >> 2) & 1 : 0;
  if (alphabet === 0) {
    if (udl > 160) throw new PayloadError('SMS_BAD_TPDU', `TP-UDL ${udl} septets exceeds 160`);
    need(ud, 0, Math.ceil((udl * 7) / 8), 'TP-UD');
    return septetsToText(unpackSeptets(ud, udl));
  }
  need(ud, 0, udl, 'TP-UD');
  if (alphabet === 2) {
    let text = '';
    for (let i = 0; i + 1 < udl; i += 2) text += String.fromCharCode(((ud[i] ?? 0) << 8) | (ud[i + 1] ?? 0));
    return text;
  }
  throw new PayloadError('SMS_BAD_TPDU', '8-bit data coding is not text');
}

function bcdPair(n: number): number {
  return ((n % 10) << 4) | Math.floor(n / 10) % 10;
}

function encodeScts(timeMs: number): number[] {
  const d = new Date(Math.floor(timeMs / 1000) * 1000);
  return [d.getUTCFullYear() % 100, d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), 0].map(bcdPair);
}

function decodeScts(bytes: Uint8Array, offset: number): number {
  need(bytes, offset, 7, 'TP-SCTS');
  const v = (i: number): number => {
    const b = bytes[offset + i] ?? 0;
    return (b & 0x0f) * 10 + ((b >> 4) & 0x0f);
  };
  const tzByte = bytes[offset + 6] ?? 0;
  const tzQuarters = ((tzByte & 0x07) * 10 + (tzByte >> 4)) * ((tzByte & 0x08) !== 0 ? -1 : 1);
  return Date.UTC(2000 + v(0), v(1) - 1, v(2), v(3), v(4), v(5)) - tzQuarters * 15 * 60_000;
}

export function buildSmsTpdu(tpdu: SmsTpdu): Uint8Array {
  const { dcs, udl, ud } = encodeUserData(tpdu.text);
  if (tpdu.type === 'SMS-SUBMIT') {
    // TP-MTI=01, TP-VPF=10 (relative) (§9.2.2.2)
    const vp = tpdu.validityPeriod ?? 0xa7;
    return Uint8Array.from([0x11, tpdu.messageReference & 0xff, ...encodeAddress(tpdu.destination), 0x00, dcs, vp & 0xff, udl, ...ud]);
  }
  // TP-MTI=00, TP-MMS=1 no more messages waiting (§9.2.2.1)
  return Uint8Array.from([0x04, ...encodeAddress(tpdu.originator), 0x00, dcs, ...encodeScts(tpdu.serviceCentreTimeMs), udl, ...ud]);
}

/** Parses a TPDU; `direction` says which MTI meaning applies (MTI 00/01 differ by direction, §9.2.3.1). */
export function parseSmsTpdu(bytes: Uint8Array, direction: 'MO' | 'MT'): SmsTpdu {
  need(bytes, 0, 1, 'TPDU first octet');
  const first = bytes[0] ?? 0;
  const mti = first & 0x03;
  if (first & 0x40) throw new PayloadError('SMS_BAD_TPDU', 'user data headers (concatenation) are not supported');
  if (direction === 'MO' && mti === 1) {
    need(bytes, 1, 1, 'TP-MR');
    const { address, next } = decodeAddress(bytes, 2);
    need(bytes, next, 2, 'TP-PID/TP-DCS');
    const dcs = bytes[next + 1] ?? 0;
    const vpf = (first >> 3) & 3;
    const vpLength = vpf === 0 ? 0 : vpf === 2 ? 1 : 7;
    need(bytes, next + 2, vpLength, 'TP-VP');
    const result: SmsSubmit = { type: 'SMS-SUBMIT', messageReference: bytes[1] ?? 0, destination: address, text: decodeUserData(bytes, next + 2 + vpLength, dcs) };
    if (vpf === 2) result.validityPeriod = bytes[next + 2] ?? 0;
    return result;
  }
  if (direction === 'MT' && mti === 0) {
    const { address, next } = decodeAddress(bytes, 1);
    need(bytes, next, 2, 'TP-PID/TP-DCS');
    const dcs = bytes[next + 1] ?? 0;
    return { type: 'SMS-DELIVER', originator: address, serviceCentreTimeMs: decodeScts(bytes, next + 2), text: decodeUserData(bytes, next + 9, dcs) };
  }
  throw new PayloadError('SMS_BAD_TPDU', `TP-MTI ${mti} in the ${direction} direction is not SMS-SUBMIT/SMS-DELIVER`);
}

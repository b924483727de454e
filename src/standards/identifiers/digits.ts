/**
 * Digit-string identities: E.164 numbers (MSISDN), IMSI, IMEI (with Luhn check digit) and IMEISV.
 * TS 103 280 §6.6-6.10 give the XSD patterns; the stricter rules (country code, MCC, Luhn) come from
 * ITU-T E.164 §6, ITU-T E.212 and 3GPP TS 23.003 §2.2 / §6.2.
 */
import { fail } from './errors.ts';
import { guardRaw, isDigits } from './guards.ts';

/**
 * E.164 number in international format (MSISDN, GPSI-msisdn). Accepts a leading '+', spaces and
 * dashes as visual separators; returns digits only, e.g. "+44 7700-900123" -> "447700900123".
 */
export function parseE164(raw: string): string {
  const value = guardRaw(raw, { maxLength: 40 });
  if (!/^\+?[0-9][0-9 -]*$/u.test(value) || /[ -]{2}/u.test(value) || /[ -]$/u.test(value)) {
    fail('E164_BAD_FORMAT', 'E.164 number may contain only a leading +, digits, and single spaces or dashes between digits');
  }
  const parts = value.replace(/^\+/u, '').split('-');
  // Two dash-separated halves that each look like a full number are a range written without spaces.
  if (parts.length === 2 && parts.every((p) => p.replace(/ /gu, '').length >= 7)) {
    fail('IDENTIFIER_RANGE', 'E.164 value looks like a range of two numbers');
  }
  const digits = value.replace(/[^0-9]/gu, '');
  if (digits.length < 1 || digits.length > 15) fail('E164_BAD_LENGTH', 'E.164 number must have 1-15 digits', { digits: digits.length });
  if (digits.startsWith('0')) fail('E164_BAD_COUNTRY_CODE', 'E.164 country codes never start with 0 (use international format)');
  return digits;
}

/** IMSI: 14-15 digits, MCC allocatable (2xx-9xx, or 001 test network). */
export function parseImsi(raw: string): string {
  const value = guardRaw(raw, { maxLength: 32 });
  if (!isDigits(value)) fail('IMSI_BAD_FORMAT', 'IMSI must be decimal digits only');
  if (value.length < 14 || value.length > 15) fail('IMSI_BAD_LENGTH', 'IMSI must have 14 or 15 digits', { digits: value.length });
  const mcc = value.slice(0, 3);
  if (!/^[2-9]/u.test(mcc) && mcc !== '001') fail('IMSI_BAD_MCC', 'IMSI mobile country code is not allocatable');
  return value;
}

/** The 3-digit mobile country code of a (valid) IMSI. */
export function imsiMcc(imsi: string): string {
  return parseImsi(imsi).slice(0, 3);
}

/**
 * Luhn check digit of the 14-digit IMEI body (3GPP TS 23.003 §6.2.1, ISO/IEC 7812-1 annex B):
 * double every second digit from the right of the body, add the digits, round up to ten.
 */
export function imeiCheckDigit(body14: string): string {
  if (!/^[0-9]{14}$/u.test(body14)) fail('IMEI_BAD_LENGTH', 'IMEI body must be exactly 14 digits');
  return String(luhnCheckDigit(body14));
}

/** Luhn check digit for any digit string (the digit to append). */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Rightmost digit of the body is doubled (it sits next to the check digit).
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the last digit of `digits` is the Luhn check digit of the rest. */
export function luhnValid(digits: string): boolean {
  if (!/^[0-9]{2,}$/u.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}

/**
 * IMEI: 14 digits (TS 103 280 §6.8, no check digit) or 15 digits whose last is a valid Luhn check
 * digit (§6.9 IMEICheckDigit). Spaces and dashes ("35-209900-176148-1") are removed. The value keeps
 * the form given; use `imeiBody` to compare IMEIs given in both forms.
 */
export function parseImei(raw: string): string {
  const value = guardRaw(raw, { maxLength: 32 });
  if (!/^[0-9]+([ -][0-9]+)*$/u.test(value)) fail('IMEI_BAD_FORMAT', 'IMEI must be digits, optionally grouped by single spaces or dashes');
  const digits = value.replace(/[ -]/gu, '');
  if (digits.length === 14) return digits;
  if (digits.length !== 15) fail('IMEI_BAD_LENGTH', 'IMEI must have 14 digits, or 15 with the Luhn check digit', { digits: digits.length });
  if (!luhnValid(digits)) fail('IMEI_BAD_CHECK_DIGIT', 'the 15th IMEI digit is not the Luhn check digit');
  return digits;
}

/** The 14-digit IMEI body (TAC + serial) of a valid 14- or 15-digit IMEI. */
export function imeiBody(imei: string): string {
  return parseImei(imei).slice(0, 14);
}

/** The 15-digit IMEI with its Luhn check digit. */
export function imeiWithCheckDigit(imei: string): string {
  const body = imeiBody(imei);
  return body + imeiCheckDigit(body);
}

/** IMEISV: exactly 16 digits (14-digit IMEI body + 2-digit software version, TS 23.003 §6.2.2). */
export function parseImeisv(raw: string): string {
  const value = guardRaw(raw, { maxLength: 32 });
  const digits = /^[0-9]+([ -][0-9]+)*$/u.test(value) ? value.replace(/[ -]/gu, '') : '';
  if (digits.length !== 16) fail('IMEISV_BAD_FORMAT', 'IMEISV must be exactly 16 decimal digits');
  return digits;
}

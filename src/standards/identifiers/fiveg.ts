/**
 * 5G string forms of subscription and equipment identities (3GPP TS 29.571 Supi/Pei/Gpsi patterns,
 * TS 23.003 §2.2A, §6, §28.8): "imsi-…", "nai-…", "imei-…", "imeisv-…", "msisdn-…", "extid-…".
 * Each is mapped onto the matching TS 103 280 kind: SUPIIMSI is an IMSI, PEIIMEI an IMEI, and so on.
 */
import { fail, IdentifierError } from './errors.ts';
import { guardRaw } from './guards.ts';
import { parseE164, parseImei, parseImeisv, parseImsi } from './digits.ts';
import { parseNai } from './uri.ts';
import type { TargetIdentifier } from './types.ts';

function splitForm(raw: string, code: string, prefixes: readonly string[]): [string, string] {
  const value = guardRaw(raw, { maxLength: 260 });
  const dash = value.indexOf('-');
  const prefix = dash < 0 ? '' : value.slice(0, dash).toLowerCase();
  if (!prefixes.includes(prefix)) fail(code, `expected one of ${prefixes.map((p) => `${p}-`).join(', ')}`);
  return [prefix, value.slice(dash + 1)];
}

/** Re-raises an inner format error under the 5G form's own code, keeping wildcard/range codes. */
function inner<T>(code: string, parse: () => T): T {
  try {
    return parse();
  } catch (cause) {
    if (cause instanceof IdentifierError && /^IDENTIFIER_|_NO_USERNAME$/u.test(cause.code)) throw cause;
    throw new IdentifierError(code, 'the value after the 5G prefix is not valid', { cause });
  }
}

/** SUPI: "imsi-<IMSI>" -> { kind: 'imsi' }, "nai-<NAI>" -> { kind: 'supiNai' }. */
export function parseSupi(raw: string): TargetIdentifier {
  const [prefix, rest] = splitForm(raw, 'SUPI_BAD_FORMAT', ['imsi', 'nai']);
  return prefix === 'imsi'
    ? { kind: 'imsi', value: inner('SUPI_BAD_FORMAT', () => parseImsi(rest)) }
    : { kind: 'supiNai', value: inner('SUPI_BAD_FORMAT', () => parseNai(rest)) };
}

/** PEI: "imei-<14 or 15 digits>" -> { kind: 'imei' }, "imeisv-<16 digits>" -> { kind: 'imeisv' }. */
export function parsePei(raw: string): TargetIdentifier {
  const [prefix, rest] = splitForm(raw, 'PEI_BAD_FORMAT', ['imei', 'imeisv']);
  return prefix === 'imei'
    ? { kind: 'imei', value: inner('PEI_BAD_FORMAT', () => parseImei(rest)) }
    : { kind: 'imeisv', value: inner('PEI_BAD_FORMAT', () => parseImeisv(rest)) };
}

/** GPSI: "msisdn-<E.164>" -> { kind: 'e164Number' }, "extid-<user@domain>" -> { kind: 'gpsiNai' }. */
export function parseGpsi(raw: string): TargetIdentifier {
  const [prefix, rest] = splitForm(raw, 'GPSI_BAD_FORMAT', ['msisdn', 'extid']);
  if (prefix === 'msisdn') {
    if (!/^[0-9]+$/u.test(rest)) fail('GPSI_BAD_FORMAT', 'GPSI msisdn form is digits only');
    return { kind: 'e164Number', value: inner('GPSI_BAD_FORMAT', () => parseE164(rest)) };
  }
  // TS 23.003 §19.7.2: External Identifier is <Local Identifier>@<Domain Identifier>, both required.
  if (!rest.includes('@')) fail('GPSI_BAD_FORMAT', 'GPSI extid form must be local-identifier@domain');
  return { kind: 'gpsiNai', value: inner('GPSI_BAD_FORMAT', () => parseNai(rest)) };
}

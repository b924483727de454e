/**
 * URI and name-like identities: SIP URI (TS 103 280 §6.31, RFC 3261 §19.1), TEL URI (§6.32,
 * RFC 3966), e-mail (§6.26), NAI (§6.47, RFC 7542). Normalisation lowercases what the RFCs make
 * case-insensitive (scheme, host/realm/domain, parameter names, percent-escape hex) and keeps the rest.
 */
import { fail } from './errors.ts';
import { guardRaw } from './guards.ts';
import { parseE164 } from './digits.ts';
import { parseIpv4Address, parseIpv6Address } from './ip.ts';

const LABEL = '[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const DOMAIN = new RegExp(`^${LABEL}(\\.${LABEL})*$`, 'u');

/** Host of a SIP URI: domain name, IPv4, or [IPv6]; returned lowercase / canonical. */
function normaliseHost(host: string): string | undefined {
  if (host.startsWith('[') && host.endsWith(']')) {
    try {
      return `[${parseIpv6Address(host.slice(1, -1))}]`;
    } catch {
      return undefined;
    }
  }
  if (/^[0-9.]+$/u.test(host)) {
    try {
      return parseIpv4Address(host);
    } catch {
      return undefined;
    }
  }
  const h = host.endsWith('.') ? host.slice(0, -1) : host;
  return DOMAIN.test(h) && h.length <= 253 ? h.toLowerCase() : undefined;
}

const upperEscapes = (s: string): string => s.replace(/%[0-9a-fA-F]{2}/gu, (e) => e.toUpperCase());

/** URI parameters ";name[=value]": names lowercased (RFC 3261 §19.1.4), values kept. */
function normaliseParams(params: string[], code: string): string {
  return params
    .map((p) => {
      const m = /^([a-zA-Z0-9\-_.!'()+]+)(=([a-zA-Z0-9\-_.!'()+:[\]/&$%]+))?$/u.exec(p);
      if (m === null) fail(code, 'URI parameter is malformed');
      return `;${m[1]!.toLowerCase()}${m[3] === undefined ? '' : `=${upperEscapes(m[3])}`}`;
    })
    .join('');
}

/**
 * SIP or SIPS URI of one user: "sip:user@host[:port][;params]". Headers ("?…") are refused with the
 * other wildcards; a URI with no user part names a whole domain and is refused.
 */
export function parseSipUri(raw: string): string {
  const value = guardRaw(raw, { maxLength: 255, percentEncoding: true, ipv6Reference: true });
  const m = /^(sips?):(.*)$/iu.exec(value);
  if (m === null) fail('SIP_URI_BAD_FORMAT', 'SIP URI must start with sip: or sips:');
  const scheme = m[1]!.toLowerCase();
  const [addr = '', ...params] = m[2]!.split(';');
  const at = addr.lastIndexOf('@');
  if (at < 0) fail('SIP_URI_NO_USER', 'SIP URI without a user part would select a whole domain');
  const userinfo = addr.slice(0, at);
  // RFC 3261 §25.1 user / password characters (unreserved, escaped, user-unreserved), minus wildcards.
  if (!/^[a-zA-Z0-9\-_.!~'()&=+$,;/%]+(:[a-zA-Z0-9\-_.!~'()&=+$,%]*)?$/u.test(userinfo)) {
    fail(userinfo === '' ? 'SIP_URI_NO_USER' : 'SIP_URI_BAD_FORMAT', 'SIP URI user part is empty or malformed');
  }
  const hostport = addr.slice(at + 1);
  const hp = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(:([1-9][0-9]{0,4}))?$/u.exec(hostport);
  const host = hp === null ? undefined : normaliseHost(hp[1]!);
  if (hp === null || host === undefined) fail('SIP_URI_BAD_FORMAT', 'SIP URI host is not a domain name or IP address');
  const port = hp[3];
  if (port !== undefined && Number(port) > 65535) fail('SIP_URI_BAD_FORMAT', 'SIP URI port is out of range');
  const p = normaliseParams(params, 'SIP_URI_BAD_FORMAT');
  return `${scheme}:${upperEscapes(userinfo)}@${host}${port === undefined ? '' : `:${port}`}${p}`;
}

/**
 * TEL URI (RFC 3966): global "tel:+<E.164>" with visual separators (- . ( )) removed, or a local
 * number that carries its ";phone-context=". Parameter names are lowercased.
 */
export function parseTelUri(raw: string): string {
  const value = guardRaw(raw, { maxLength: 255, percentEncoding: true });
  const m = /^tel:([^;]*)((;[^;]*)*)$/iu.exec(value);
  if (m === null) fail('TEL_URI_BAD_FORMAT', 'TEL URI must start with tel:');
  const number = m[1]!;
  const params = m[2] === '' ? [] : m[2]!.slice(1).split(';');
  if (!/^\+?[0-9A-Fa-f*#().-]+$/u.test(number)) fail('TEL_URI_BAD_FORMAT', 'TEL URI number has invalid characters');
  const digits = number.replace(/[().-]/gu, '');
  const p = normaliseParams(params, 'TEL_URI_BAD_FORMAT');
  if (digits.startsWith('+')) {
    let e164: string;
    try {
      e164 = parseE164(digits);
    } catch (cause) {
      failWith(cause);
    }
    return `tel:+${e164}${p}`;
  }
  const ctx = /;phone-context=([^;]+)/u.exec(p);
  if (ctx === null) fail('TEL_URI_BAD_FORMAT', 'local TEL URI numbers need a phone-context parameter (RFC 3966 §5.1.5)');
  if (!/^[0-9A-F]+$/u.test(digits.toUpperCase())) fail('TEL_URI_BAD_FORMAT', 'TEL URI local number has invalid characters');
  const context = ctx[1]!.startsWith('+') ? ctx[1]! : normaliseHost(ctx[1]!);
  if (context === undefined) fail('TEL_URI_BAD_FORMAT', 'TEL URI phone-context is not a domain or global number');
  return `tel:${digits.toUpperCase()}${p.replace(ctx[0], `;phone-context=${context}`)}`;
}

function failWith(cause: unknown): never {
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  if (code === 'IDENTIFIER_RANGE' || code === 'IDENTIFIER_WILDCARD') fail(code, 'TEL URI number is not one exact number');
  fail('TEL_URI_BAD_FORMAT', 'TEL URI global number is not a valid E.164 number');
}

// TS 103 280 §6.26 (W3C HTML5) local part, without the wildcard and list characters refused above.
const EMAIL = new RegExp(`^([a-zA-Z0-9.!#$&'+/=^_\`~-]+)@(${LABEL}(\\.${LABEL})*)$`, 'u');

/** E-mail address: local part kept as given (RFC 5321 §2.4: case-sensitive), domain lowercased. */
export function parseEmailAddress(raw: string): string {
  const value = guardRaw(raw, { maxLength: 255 });
  const m = EMAIL.exec(value);
  if (m === null) fail('EMAIL_BAD_FORMAT', 'not an e-mail address (TS 103 280 §6.26)');
  return `${m[1]!}@${m[2]!.toLowerCase()}`;
}

/**
 * NAI "username@realm" (RFC 7542 §2.2). The username is required: a bare realm ("@realm") would
 * select every subscriber of the realm. Realm lowercased; username (UTF-8 allowed) kept.
 */
export function parseNai(raw: string, code = 'NAI_BAD_FORMAT'): string {
  const value = guardRaw(raw, { maxLength: 253 });
  if (new TextEncoder().encode(value).length > 253) fail(code, 'NAI is longer than 253 octets');
  const at = value.lastIndexOf('@');
  const username = at < 0 ? value : value.slice(0, at);
  if (username === '') fail('NAI_NO_USERNAME', 'NAI without a username would select a whole realm');
  // RFC 7542 utf8-username: no spaces, no "@" (decoration uses "!"), no backslash, no controls.
  if (/[\s@\\"<>]/u.test(username) || username.startsWith('.') || username.endsWith('.') || username.includes('..')) {
    fail(code, 'NAI username is malformed');
  }
  if (at < 0) return username;
  const realm = value.slice(at + 1);
  if (!DOMAIN.test(realm) || !realm.includes('.')) fail(code, 'NAI realm is not a domain name with at least two labels');
  return `${username}@${realm.toLowerCase()}`;
}

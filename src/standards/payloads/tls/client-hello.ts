/**
 * TLS ClientHello (RFC 8446 §4.1.2; TLS 1.2 RFC 5246 §7.4.1.2) in a handshake record (§5.1), with
 * server_name (RFC 6066 §3), supported_groups, signature_algorithms, ALPN (RFC 7301),
 * supported_versions and key_share (RFC 8446 §4.2.1, §4.2.8). Random values come from the caller
 * so output is deterministic. `parseClientHello` / `extractSni` read what any client sends.
 */
import { PayloadError, need } from '../errors.ts';

export const TLS_EXT_SERVER_NAME = 0;
export const TLS_EXT_SUPPORTED_GROUPS = 10;
export const TLS_EXT_EC_POINT_FORMATS = 11;
export const TLS_EXT_SIGNATURE_ALGORITHMS = 13;
export const TLS_EXT_ALPN = 16;
export const TLS_EXT_SUPPORTED_VERSIONS = 43;
export const TLS_EXT_PSK_KEY_EXCHANGE_MODES = 45;
export const TLS_EXT_KEY_SHARE = 51;

export interface ClientHelloOptions {
  serverName: string;
  /** 32 bytes (RFC 8446 §4.1.2 `Random`). */
  random: Uint8Array;
  /** 0-32 bytes; TLS 1.3 clients send 32 for middlebox compatibility (RFC 8446 Appendix D.4). */
  sessionId?: Uint8Array;
  /** Offer TLS 1.3 (supported_versions + key_share); default true. TLS 1.2 is always offered. */
  tls13?: boolean;
  /** 32-byte X25519 public key for key_share (required when tls13). */
  keyShare?: Uint8Array;
  alpn?: readonly string[];
  cipherSuites?: readonly number[];
}

export interface ParsedClientHello {
  legacyVersion: number;
  random: Uint8Array;
  sessionId: Uint8Array;
  cipherSuites: number[];
  extensions: { type: number; data: Uint8Array }[];
  serverName: string | undefined;
  alpn: string[];
  supportedVersions: number[];
}

const DEFAULT_SUITES = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8] as const;

function u16(v: number): number[] {
  return [(v >> 8) & 0xff, v & 0xff];
}
function u24(v: number): number[] {
  return [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
}
function vec16(body: readonly number[]): number[] {
  return [...u16(body.length), ...body];
}
function vec8(body: readonly number[]): number[] {
  return [body.length & 0xff, ...body];
}
function extension(type: number, body: readonly number[]): number[] {
  return [...u16(type), ...vec16(body)];
}

export function buildClientHello(options: ClientHelloOptions): Uint8Array {
  if (options.random.length !== 32) throw new PayloadError('PAYLOAD_BAD_VALUE', 'ClientHello random must be 32 bytes');
  const sessionId = options.sessionId ?? new Uint8Array(0);
  if (sessionId.length > 32) throw new PayloadError('PAYLOAD_BAD_VALUE', 'session id longer than 32 bytes');
  const tls13 = options.tls13 ?? true;
  const host = [...new TextEncoder().encode(options.serverName)];
  if (host.length === 0 || host.length > 255) throw new PayloadError('PAYLOAD_BAD_VALUE', 'server name must be 1-255 bytes');
  const extensions: number[] = [
    // RFC 6066 §3: ServerNameList { NameType host_name(0), HostName }
    ...extension(TLS_EXT_SERVER_NAME, vec16([0, ...vec16(host)])),
    ...extension(TLS_EXT_SUPPORTED_GROUPS, vec16([...u16(0x001d), ...u16(0x0017), ...u16(0x0018)])),
    ...extension(TLS_EXT_EC_POINT_FORMATS, vec8([0])),
    ...extension(TLS_EXT_SIGNATURE_ALGORITHMS, vec16([0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601].flatMap(u16))),
  ];
  if (options.alpn && options.alpn.length > 0) {
    const list = options.alpn.flatMap((p) => vec8([...new TextEncoder().encode(p)]));
    extensions.push(...extension(TLS_EXT_ALPN, vec16(list)));
  }
  if (tls13) {
    const key = options.keyShare;
    if (key?.length !== 32) throw new PayloadError('PAYLOAD_BAD_VALUE', 'TLS 1.3 key_share needs a 32-byte X25519 key');
    extensions.push(...extension(TLS_EXT_SUPPORTED_VERSIONS, vec8([...u16(0x0304), ...u16(0x0303)])));
    extensions.push(...extension(TLS_EXT_PSK_KEY_EXCHANGE_MODES, vec8([1])));
    extensions.push(...extension(TLS_EXT_KEY_SHARE, vec16([...u16(0x001d), ...vec16([...key])])));
  }
  const suites = options.cipherSuites ?? (tls13 ? DEFAULT_SUITES : DEFAULT_SUITES.slice(3));
  const body = [
    ...u16(0x0303), // legacy_version TLS 1.2 (RFC 8446 §4.1.2)
    ...options.random,
    ...vec8([...sessionId]),
    ...vec16(suites.flatMap(u16)),
    ...vec8([0]), // legacy_compression_methods: null
    ...vec16(extensions),
  ];
  const handshake = [1, ...u24(body.length), ...body]; // HandshakeType client_hello(1)
  return Uint8Array.from([22, 0x03, 0x01, ...u16(handshake.length), ...handshake]); // record: handshake(22), legacy 0x0301
}

/** Parses the first ClientHello in TLS records (a ClientHello split over several records is joined). */
export function parseClientHello(bytes: Uint8Array): ParsedClientHello {
  // Gather handshake-record fragments (RFC 8446 §5.1 allows fragmentation).
  const fragments: Uint8Array[] = [];
  let offset = 0;
  let gathered = 0;
  let wanted = -1;
  while (offset < bytes.length) {
    need(bytes, offset, 5, 'TLS record header');
    if (bytes[offset] !== 22) throw new PayloadError('TLS_NOT_CLIENT_HELLO', `record type ${bytes[offset]}, expected handshake (22)`);
    const length = ((bytes[offset + 3] ?? 0) << 8) | (bytes[offset + 4] ?? 0);
    if (length === 0 || offset + 5 + length > bytes.length) throw new PayloadError('TLS_BAD_LENGTH', `record length ${length} overruns data`);
    fragments.push(bytes.subarray(offset + 5, offset + 5 + length));
    gathered += length;
    offset += 5 + length;
    if (wanted < 0 && fragments[0]!.length >= 4) wanted = 4 + (((fragments[0]![1] ?? 0) << 16) | ((fragments[0]![2] ?? 0) << 8) | (fragments[0]![3] ?? 0));
    if (wanted >= 0 && gathered >= wanted) break;
  }
  const hs = new Uint8Array(gathered);
  let at = 0;
  for (const f of fragments) {
    hs.set(f, at);
    at += f.length;
  }
  need(hs, 0, 4, 'TLS handshake header');
  if (hs[0] !== 1) throw new PayloadError('TLS_NOT_CLIENT_HELLO', `handshake type ${hs[0]}, expected client_hello (1)`);
  const bodyLength = ((hs[1] ?? 0) << 16) | ((hs[2] ?? 0) << 8) | (hs[3] ?? 0);
  need(hs, 4, bodyLength, 'ClientHello body');
  const body = hs.subarray(4, 4 + bodyLength);
  const r16 = (o: number): number => ((body[o] ?? 0) << 8) | (body[o + 1] ?? 0);
  need(body, 0, 35, 'ClientHello fixed part');
  const legacyVersion = r16(0);
  const random = body.slice(2, 34);
  let p = 34;
  const sidLength = body[p] ?? 0;
  if (sidLength > 32) throw new PayloadError('TLS_BAD_LENGTH', 'session id longer than 32');
  need(body, p + 1, sidLength + 2, 'ClientHello session id');
  const sessionId = body.slice(p + 1, p + 1 + sidLength);
  p += 1 + sidLength;
  const suitesLength = r16(p);
  if (suitesLength % 2) throw new PayloadError('TLS_BAD_LENGTH', 'odd cipher suites length');
  need(body, p + 2, suitesLength + 1, 'ClientHello cipher suites');
  const cipherSuites: number[] = [];
  for (let i = 0; i < suitesLength; i += 2) cipherSuites.push(r16(p + 2 + i));
  p += 2 + suitesLength;
  const compLength = body[p] ?? 0;
  need(body, p + 1, compLength, 'ClientHello compression methods');
  p += 1 + compLength;
  const extensions: ParsedClientHello['extensions'] = [];
  if (p < body.length) {
    need(body, p, 2, 'ClientHello extensions length');
    const extEnd = p + 2 + r16(p);
    if (extEnd > body.length) throw new PayloadError('TLS_BAD_LENGTH', 'extensions overrun the ClientHello');
    p += 2;
    while (p < extEnd) {
      need(body, p, 4, 'extension header');
      const type = r16(p);
      const length = r16(p + 2);
      if (p + 4 + length > extEnd) throw new PayloadError('TLS_BAD_LENGTH', `extension ${type} overruns the list`);
      extensions.push({ type, data: body.slice(p + 4, p + 4 + length) });
      p += 4 + length;
    }
  }
  return { legacyVersion, random, sessionId, cipherSuites, extensions, ...decodeKnownExtensions(extensions) };
}

function decodeKnownExtensions(extensions: ParsedClientHello['extensions']): Pick<ParsedClientHello, 'serverName' | 'alpn' | 'supportedVersions'> {
  let serverName: string | undefined;
  const alpn: string[] = [];
  const supportedVersions: number[] = [];
  for (const { type, data } of extensions) {
    const r16 = (o: number): number => ((data[o] ?? 0) << 8) | (data[o + 1] ?? 0);
    if (type === TLS_EXT_SERVER_NAME && data.length >= 2) {
      const end = Math.min(data.length, 2 + r16(0));
      for (let p = 2; p + 3 <= end; ) {
        const length = r16(p + 1);
        if (p + 3 + length > end) throw new PayloadError('TLS_BAD_LENGTH', 'server_name entry overruns the list');
        if (data[p] === 0 && serverName === undefined) serverName = new TextDecoder().decode(data.subarray(p + 3, p + 3 + length));
        p += 3 + length;
      }
    } else if (type === TLS_EXT_ALPN && data.length >= 2) {
      const end = Math.min(data.length, 2 + r16(0));
      for (let p = 2; p < end; ) {
        const length = data[p] ?? 0;
        if (p + 1 + length > end) throw new PayloadError('TLS_BAD_LENGTH', 'ALPN entry overruns the list');
        alpn.push(new TextDecoder().decode(data.subarray(p + 1, p + 1 + length)));
        p += 1 + length;
      }
    } else if (type === TLS_EXT_SUPPORTED_VERSIONS && data.length >= 1) {
      for (let p = 1; p + 1 < Math.min(data.length, 1 + (data[0] ?? 0)); p += 2) supportedVersions.push(r16(p));
    }
  }
  return { serverName, alpn, supportedVersions };
}

/** The SNI host name in a ClientHello, or undefined if it has none. */
export function extractSni(bytes: Uint8Array): string | undefined {
  return parseClientHello(bytes).serverName;
}

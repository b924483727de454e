/**
 * A synthetic mobile operator: a PLMN (MCC/MNC), a numbering plan, cells and N subscribers whose
 * identities (MSISDN, IMSI, IMEI, IPv4 address) are computed from their index, so 100 000
 * subscribers cost a few typed arrays, not 100 000 objects. Formats: MSISDN E.164 digits without
 * '+' (ITU-T E.164 §6), IMSI = MCC + MNC + MSIN, 15 digits (TS 23.003 §2.2), IMEI = TAC (8) +
 * SNR (6) + Luhn check digit (TS 23.003 §6.2.1).
 */
import { createCells, neighbourCells } from './cells.ts';
import { Cgnat, defaultCgnatPool } from './cgnat.ts';
import type { Cell, CityCentre, Rat } from './cells.ts';
import { NetworkConfigError } from './errors.ts';
import { DigitPermutation, Ipv4Pool, luhnCheckDigit } from './identities.ts';
import { Random } from './random.ts';
import type { Seed } from './random.ts';

export interface OperatorConfig {
  /** Short id used in events, e.g. 'opA'. */
  id: string;
  name: string;
  /** Mobile country code, 3 digits. */
  mcc: string;
  /** Mobile network code, 2 or 3 digits. */
  mnc: string;
  /** E.164 country code digits, e.g. '44'. */
  countryCode: string;
  /** National destination code / number block after the country code, e.g. '7700'. */
  msisdnPrefix: string;
  /** Number of subscribers (1 .. 1 000 000). */
  subscribers: number;
  /** Number of cells (1 .. 30 000). */
  cells: number;
  seed: Seed;
  /** Total MSISDN length in digits (country code included), default 12. */
  msisdnLength?: number;
  /** City centre the cells are placed around (default 51.5074, -0.1278). */
  centre?: CityCentre;
  /** Site-to-site distance in metres, default 800. */
  siteSpacingM?: number;
  rat?: Rat;
  /** IPv4 pool for data sessions (CIDR); default 100.64.0.0/10 carved per operator (RFC 6598 space). */
  ipv4Pool?: string;
  /** First digit of every IMEI serial number handed out here (0-9); keeps operators' IMEIs apart. */
  imeiBlock?: number;
  /** Operator's DNS resolver address, default derived from the pool (x.x.0.53 style). */
  dnsServer?: string;
  /** Public IPv4 pool of the operator's CGNAT (CIDR); default one /26 of RFC 5737 space chosen from `id` (cgnat.ts). */
  cgnatPool?: string;
}

/** The identities of one subscriber (what a warrant can name). */
export interface SubscriberIdentities {
  operatorId: string;
  /** Index within the operator (0-based). */
  index: number;
  msisdn: string;
  imsi: string;
  imei: string;
  ipv4: string;
  /** IMS public identity, e.g. sip:+447700900123@ims.mnc015.mcc234.3gppnetwork.org */
  sipUri: string;
}

export interface Subscriber extends SubscriberIdentities {
  cell: Cell;
  registered: boolean;
}

/** Handset type allocation codes spread over subscribers (invented values). */
const TACS = ['35332509', '35925406', '86091203', '35674108', '35391110', '35290611', '01332700', '35875805'] as const;

function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function checkDigits(name: string, value: string, min: number, max: number): void {
  if (!new RegExp(`^\\d{${min},${max}}$`).test(value)) throw new NetworkConfigError('NETWORK_BAD_CONFIG', `${name} must be ${min}-${max} digits`);
}

export class Operator {
  readonly id: string;
  readonly name: string;
  readonly mcc: string;
  readonly mnc: string;
  readonly countryCode: string;
  readonly msisdnPrefix: string;
  readonly size: number;
  readonly cells: readonly Cell[];
  /** IMS home domain (TS 23.003 §13.2). */
  readonly imsDomain: string;
  readonly ipv4Pool: Ipv4Pool;
  readonly imeiBlock: number;
  readonly dnsServer: string;
  /** Deterministic CGNAT (RFC 7422): the public address and port block of each subscriber. */
  readonly cgnat: Cgnat;
  /** P-CSCF address the UEs send SIP to. */
  readonly pcscfAddress: string;
  readonly random: Random;

  private readonly msisdnDigits: DigitPermutation;
  private readonly msinDigits: DigitPermutation;
  private readonly snrDigits: DigitPermutation;
  private readonly cellOf: Int32Array;
  private readonly deregistered: Uint8Array;
  private readonly neighbourCache = new Map<number, Cell[]>();
  private readonly identityCache = new Map<number, SubscriberIdentities>();

  constructor(config: OperatorConfig) {
    checkDigits('mcc', config.mcc, 3, 3);
    checkDigits('mnc', config.mnc, 2, 3);
    checkDigits('countryCode', config.countryCode, 1, 3);
    checkDigits('msisdnPrefix', config.msisdnPrefix, 0, 8);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(config.id)) throw new NetworkConfigError('NETWORK_BAD_CONFIG', 'operator id must be 1-32 of [A-Za-z0-9_-]');
    if (!Number.isInteger(config.subscribers) || config.subscribers < 1 || config.subscribers > 1_000_000) throw new NetworkConfigError('NETWORK_BAD_CONFIG', 'subscribers must be 1..1000000');
    if (!Number.isInteger(config.cells) || config.cells < 1 || config.cells > 30_000) throw new NetworkConfigError('NETWORK_BAD_CONFIG', 'cells must be 1..30000');
    this.id = config.id;
    this.name = config.name;
    this.mcc = config.mcc;
    this.mnc = config.mnc;
    this.countryCode = config.countryCode;
    this.msisdnPrefix = config.msisdnPrefix;
    this.size = config.subscribers;
    this.random = new Random(`${String(config.seed)}/operator/${config.id}`);
    const mnc3 = config.mnc.padStart(3, '0');
    this.imsDomain = `ims.mnc${mnc3}.mcc${config.mcc}.3gppnetwork.org`;

    const subscriberDigits = (config.msisdnLength ?? 12) - config.countryCode.length - config.msisdnPrefix.length;
    if (subscriberDigits < 1 || (config.msisdnLength ?? 12) > 15) throw new NetworkConfigError('NETWORK_BAD_CONFIG', 'msisdnLength leaves no subscriber digits or exceeds 15 (E.164 §6.1)');
    const r = this.random;
    this.msisdnDigits = new DigitPermutation(subscriberDigits, r.nextUint32(), r.nextUint32());
    this.msinDigits = new DigitPermutation(15 - config.mcc.length - config.mnc.length, r.nextUint32(), r.nextUint32());
    this.snrDigits = new DigitPermutation(5, r.nextUint32(), r.nextUint32());
    this.imeiBlock = config.imeiBlock ?? hash32(`${config.id}/${config.mcc}${config.mnc}`) % 10;
    if (!Number.isInteger(this.imeiBlock) || this.imeiBlock < 0 || this.imeiBlock > 9) throw new NetworkConfigError('NETWORK_BAD_CONFIG', 'imeiBlock must be 0-9');
    const imeiCapacity = TACS.length * 100_000;
    const poolText = config.ipv4Pool ?? `100.${64 + 4 * (hash32(config.id) % 16)}.0.0/14`;
    try {
      this.ipv4Pool = new Ipv4Pool(poolText);
    } catch (cause) {
      throw new NetworkConfigError('NETWORK_BAD_CONFIG', `bad ipv4Pool ${poolText}`, { cause });
    }
    for (const [what, capacity] of [['MSISDN', this.msisdnDigits.size], ['IMSI', this.msinDigits.size], ['IMEI', imeiCapacity], ['IPv4 pool', this.ipv4Pool.size - 256]] as const) {
      if (config.subscribers > capacity) throw new NetworkConfigError('NETWORK_CAPACITY', `${config.subscribers} subscribers exceed the ${what} space of ${capacity}`);
    }
    // The last /24 of the pool holds the operator's own servers (resolver, P-CSCF).
    this.dnsServer = config.dnsServer ?? this.ipv4Pool.address(this.ipv4Pool.size - 200);
    this.pcscfAddress = this.ipv4Pool.address(this.ipv4Pool.size - 199);
    this.cgnat = new Cgnat(config.cgnatPool ?? defaultCgnatPool(config.id), config.subscribers);

    this.cells = createCells({
      count: config.cells,
      mcc: config.mcc,
      mnc: config.mnc,
      centre: config.centre ?? { latitude: 51.5074, longitude: -0.1278 },
      rat: config.rat ?? 'NR',
      siteSpacingM: config.siteSpacingM ?? 800,
      random: this.random.fork('cells'),
      siteIdBase: 0x10000 + (hash32(config.id) % 0x1000) * 16,
    });
    this.cellOf = new Int32Array(config.subscribers);
    const placement = this.random.fork('placement');
    for (let i = 0; i < config.subscribers; i++) this.cellOf[i] = placement.int(0, this.cells.length - 1);
    this.deregistered = new Uint8Array(config.subscribers);
  }

  msisdnOf(index: number): string {
    return this.countryCode + this.msisdnPrefix + this.msisdnDigits.forward(index);
  }
  imsiOf(index: number): string {
    return this.mcc + this.mnc + this.msinDigits.forward(index);
  }
  imeiOf(index: number): string {
    const tac = TACS[index % TACS.length]!;
    const body = tac + String(this.imeiBlock) + this.snrDigits.forward(Math.floor(index / TACS.length));
    return body + String(luhnCheckDigit(body));
  }
  ipv4Of(index: number): string {
    return this.ipv4Pool.address(index);
  }

  identities(index: number): SubscriberIdentities {
    const cached = this.identityCache.get(index);
    if (cached) return { ...cached };
    this.checkIndex(index);
    const msisdn = this.msisdnOf(index);
    const ids: SubscriberIdentities = { operatorId: this.id, index, msisdn, imsi: this.imsiOf(index), imei: this.imeiOf(index), ipv4: this.ipv4Of(index), sipUri: `sip:+${msisdn}@${this.imsDomain}` };
    // subscribers in calls are looked up per RTP packet: keep recent ones (bounded)
    if (this.identityCache.size >= 4096) this.identityCache.clear();
    this.identityCache.set(index, ids);
    return { ...ids };
  }

  /** A snapshot of subscriber `index` (identities + current cell and registration state). */
  subscriber(index: number): Subscriber {
    return { ...this.identities(index), cell: this.cellOfSubscriber(index), registered: this.isRegistered(index) };
  }

  *subscribers(): IterableIterator<Subscriber> {
    for (let i = 0; i < this.size; i++) yield this.subscriber(i);
  }

  /**
   * The index of the subscriber holding `identity`: an MSISDN (digits, optional '+'), IMSI,
   * IMEI (15 digits, or 14 without the check digit), IPv4 address, or sip:/tel: URI.
   */
  findIndex(identity: string): number | undefined {
    let value = identity.trim();
    const uri = /^(?:sips?:|tel:)\+?([^@;]+)/.exec(value);
    if (uri) value = uri[1] ?? '';
    if (value.includes('.')) {
      const index = this.ipv4Pool.indexOf(value);
      return index !== undefined && index < this.size ? index : undefined;
    }
    value = value.replace(/^\+/, '');
    if (!/^\d+$/.test(value)) return undefined;
    const candidates: number[] = [];
    const national = this.countryCode + this.msisdnPrefix;
    if (value.startsWith(national) && value.length === national.length + this.msisdnDigits.digits) candidates.push(this.msisdnDigits.inverse(value.slice(national.length)));
    if (value.length === 15 && value.startsWith(this.mcc + this.mnc)) candidates.push(this.msinDigits.inverse(value.slice(this.mcc.length + this.mnc.length)));
    if (value.length === 14 || value.length === 15) {
      const tacIndex = TACS.indexOf(value.slice(0, 8) as (typeof TACS)[number]);
      if (tacIndex >= 0 && value[8] === String(this.imeiBlock)) candidates.push(this.snrDigits.inverse(value.slice(9, 14)) * TACS.length + tacIndex);
    }
    for (const index of candidates) {
      if (index >= this.size) continue;
      const ids = this.identities(index);
      if (ids.msisdn === value || ids.imsi === value || ids.imei === value || ids.imei.slice(0, 14) === value) return index;
    }
    return undefined;
  }

  cellOfSubscriber(index: number): Cell {
    return this.cells[this.cellOf[index] ?? 0]!;
  }
  moveSubscriber(index: number, cell: Cell): void {
    this.checkIndex(index);
    this.cellOf[index] = cell.index;
  }
  isRegistered(index: number): boolean {
    return this.deregistered[index] === 0;
  }
  setRegistered(index: number, registered: boolean): void {
    this.checkIndex(index);
    this.deregistered[index] = registered ? 0 : 1;
  }
  neighbours(cell: Cell): Cell[] {
    let list = this.neighbourCache.get(cell.index);
    if (!list) {
      list = neighbourCells(this.cells, cell);
      this.neighbourCache.set(cell.index, list);
    }
    return list;
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new NetworkConfigError('NETWORK_UNKNOWN_SUBSCRIBER', `subscriber index ${index} outside 0..${this.size - 1}`);
  }
}

export function createOperator(config: OperatorConfig): Operator {
  return new Operator(config);
}

/**
 * Throws NETWORK_IDENTITY_COLLISION if two operators could hand out the same identity: same PLMN
 * (IMSI space), overlapping MSISDN blocks, the same IMEI block, or overlapping IPv4 pools.
 */
export function assertDisjointOperators(operators: readonly Operator[]): void {
  for (let i = 0; i < operators.length; i++) {
    for (let j = i + 1; j < operators.length; j++) {
      const a = operators[i]!;
      const b = operators[j]!;
      const clash = (what: string): never => {
        throw new NetworkConfigError('NETWORK_IDENTITY_COLLISION', `operators ${a.id} and ${b.id} share ${what}`);
      };
      if (a.id === b.id) clash('an id');
      if (a.mcc + a.mnc === b.mcc + b.mnc || (a.mcc === b.mcc && (a.mnc.startsWith(b.mnc) || b.mnc.startsWith(a.mnc)))) clash('a PLMN (IMSI space)');
      const blockA = a.countryCode + a.msisdnPrefix;
      const blockB = b.countryCode + b.msisdnPrefix;
      if (blockA.startsWith(blockB) || blockB.startsWith(blockA)) clash('an MSISDN block');
      if (a.imeiBlock === b.imeiBlock) clash('an IMEI block (set imeiBlock)');
      if (a.ipv4Pool.overlaps(b.ipv4Pool)) clash('IPv4 pool space (set ipv4Pool)');
    }
  }
}

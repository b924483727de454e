/**
 * Carrier-grade NAT of a synthetic operator: deterministic port-block allocation (RFC 7422 §2,
 * "Deterministic Address Mapping"): subscriber i's private (RFC 6598 shared) address is always
 * translated to the same public address and the same block of ports, so the operator logs one
 * binding per data session (public address, port range, time) instead of every connection — what
 * a retained-data request "IP address + time + port → subscriber" is answered from.
 * The public addresses are documentation space (RFC 5737 TEST-NET-1 and TEST-NET-2; TEST-NET-3
 * holds the synthetic web servers), one /26 per operator chosen from its id unless configured.
 */
import { NetworkConfigError } from './errors.ts';
import { Ipv4Pool } from './identities.ts';

/** Ports below this are never handed out: well-known ports stay out of the blocks, as in RFC 7422's examples. */
export const CGNAT_FIRST_PORT = 1024;
const PORTS = 65536 - CGNAT_FIRST_PORT;
/** The largest block a subscriber gets when the pool is large enough (RFC 7422 §3 suggests 512-4096). */
export const CGNAT_MAX_BLOCK = 2048;

/** The eight /26s of TEST-NET-1 and TEST-NET-2 (RFC 5737 §3). */
const DOCUMENTATION_SLICES = ['192.0.2.0', '192.0.2.64', '192.0.2.128', '192.0.2.192', '198.51.100.0', '198.51.100.64', '198.51.100.128', '198.51.100.192'];

export interface CgnatBinding {
  publicIpv4: string;
  /** First and last port of the block (inclusive). */
  portStart: number;
  portEnd: number;
}

export function defaultCgnatPool(operatorId: string): string {
  let h = 0;
  for (let i = 0; i < operatorId.length; i++) h = (h * 31 + operatorId.charCodeAt(i)) >>> 0;
  return `${DOCUMENTATION_SLICES[h % DOCUMENTATION_SLICES.length]!}/26`;
}

export class Cgnat {
  readonly pool: Ipv4Pool;
  readonly blockSize: number;
  readonly blocksPerAddress: number;

  constructor(cidr: string, subscribers: number) {
    try {
      this.pool = new Ipv4Pool(cidr);
    } catch (cause) {
      throw new NetworkConfigError('NETWORK_BAD_CONFIG', `bad cgnatPool ${cidr}`, { cause });
    }
    const perAddress = Math.ceil(subscribers / this.pool.size);
    this.blockSize = Math.min(CGNAT_MAX_BLOCK, Math.floor(PORTS / perAddress));
    if (this.blockSize < 1) throw new NetworkConfigError('NETWORK_CAPACITY', `${subscribers} subscribers exceed the CGNAT pool ${cidr}`);
    this.blocksPerAddress = Math.floor(PORTS / this.blockSize);
  }

  /** The public address and port block of subscriber `index` (RFC 7422 §2: a pure function of the index). */
  binding(index: number): CgnatBinding {
    const address = Math.floor(index / this.blocksPerAddress);
    const block = index % this.blocksPerAddress;
    const portStart = CGNAT_FIRST_PORT + block * this.blockSize;
    return { publicIpv4: this.pool.address(address), portStart, portEnd: portStart + this.blockSize - 1 };
  }
}

/**
 * Radio cells of a synthetic operator: three-sector sites on a hexagonal spiral around a city
 * centre. Each cell has a global identity built like an NCGI (TS 38.413 §9.3.1.7: PLMN + 36-bit NR
 * cell identity = 24-bit gNB id + 12-bit local cell id) or an ECGI (TS 36.413 §9.2.1.38: PLMN +
 * 28-bit E-UTRAN cell identity = 20-bit eNB id + 8-bit cell id), a tracking area code, a
 * position and a sector azimuth.
 */
import { Random } from './random.ts';

export type Rat = 'NR' | 'EUTRA';

export interface Cell {
  /** Position in the operator's cell list. */
  index: number;
  /** Global cell id text: `${mcc}-${mnc}-${cellIdentity as hex}` (NCGI for NR, ECGI for E-UTRA). */
  id: string;
  rat: Rat;
  mcc: string;
  mnc: string;
  /** Tracking area code (24-bit for NR, 16-bit for E-UTRA). */
  tac: number;
  /** 36-bit NR cell identity or 28-bit E-UTRAN cell identity. */
  cellIdentity: number;
  /** gNB / eNB id. */
  siteId: number;
  /** Sector 0..2. */
  sector: number;
  latitude: number;
  longitude: number;
  /** Antenna azimuth, degrees clockwise from north. */
  azimuthDeg: number;
}

export interface CityCentre {
  latitude: number;
  longitude: number;
}

const METRES_PER_DEGREE_LAT = 111_320;
const SITES_PER_TRACKING_AREA = 12;

/** Axial hex coordinates of the n-th site on a spiral out from the centre. */
function hexSpiral(n: number): { q: number; r: number } {
  if (n === 0) return { q: 0, r: 0 };
  const directions = [[1, 0], [1, -1], [0, -1], [-1, 0], [-1, 1], [0, 1]] as const;
  let ring = 1;
  let remaining = n - 1;
  while (remaining >= 6 * ring) {
    remaining -= 6 * ring;
    ring++;
  }
  let q = -ring;
  let r = ring; // start corner: direction 4 × ring
  const side = Math.floor(remaining / ring);
  const step = remaining % ring;
  for (let s = 0; s < side; s++) {
    const [dq, dr] = directions[s]!;
    q += dq * ring;
    r += dr * ring;
  }
  const [dq, dr] = directions[side]!;
  return { q: q + dq * step, r: r + dr * step };
}

export function createCells(options: { count: number; mcc: string; mnc: string; centre: CityCentre; rat: Rat; siteSpacingM: number; random: Random; siteIdBase: number }): Cell[] {
  const cells: Cell[] = [];
  const { centre, random } = options;
  const metresPerDegreeLon = METRES_PER_DEGREE_LAT * Math.cos((centre.latitude * Math.PI) / 180);
  const sites = Math.ceil(options.count / 3);
  for (let site = 0; site < sites; site++) {
    const { q, r } = hexSpiral(site);
    const x = options.siteSpacingM * (q + r / 2) + random.gaussian() * options.siteSpacingM * 0.12;
    const y = options.siteSpacingM * ((Math.sqrt(3) / 2) * r) + random.gaussian() * options.siteSpacingM * 0.12;
    const latitude = round6(centre.latitude + y / METRES_PER_DEGREE_LAT);
    const longitude = round6(centre.longitude + x / metresPerDegreeLon);
    const rotation = random.int(0, 59);
    const siteId = options.siteIdBase + site;
    const tac = 1 + Math.floor(site / SITES_PER_TRACKING_AREA);
    for (let sector = 0; sector < 3 && cells.length < options.count; sector++) {
      const cellIdentity = options.rat === 'NR' ? siteId * 4096 + sector + 1 : (siteId & 0xfffff) * 256 + sector + 1;
      const hexDigits = options.rat === 'NR' ? 9 : 7;
      cells.push({
        index: cells.length,
        id: `${options.mcc}-${options.mnc}-${cellIdentity.toString(16).padStart(hexDigits, '0')}`,
        rat: options.rat,
        mcc: options.mcc,
        mnc: options.mnc,
        tac,
        cellIdentity,
        siteId,
        sector,
        latitude,
        longitude,
        azimuthDeg: (rotation + sector * 120) % 360,
      });
    }
  }
  return cells;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Approximate ground distance in metres (equirectangular; fine at city scale). */
export function distanceMetres(a: Pick<Cell, 'latitude' | 'longitude'>, b: Pick<Cell, 'latitude' | 'longitude'>): number {
  const lat = ((a.latitude + b.latitude) / 2) * (Math.PI / 180);
  const dx = (b.longitude - a.longitude) * METRES_PER_DEGREE_LAT * Math.cos(lat);
  const dy = (b.latitude - a.latitude) * METRES_PER_DEGREE_LAT;
  return Math.hypot(dx, dy);
}

/**
 * Neighbours of a cell: the other sectors of the same site, and the cells of the nearest other
 * sites, nearest first (a handover/reselection candidate list).
 */
export function neighbourCells(cells: readonly Cell[], cell: Cell, count = 6): Cell[] {
  return cells
    .filter((c) => c.index !== cell.index)
    .map((c) => ({ c, d: distanceMetres(cell, c) + (c.siteId === cell.siteId ? 0 : 1) }))
    .sort((x, y) => x.d - y.d || x.c.index - y.c.index)
    .slice(0, count)
    .map((x) => x.c);
}

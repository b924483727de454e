/**
 * The outline of a cell's sector for the map: a wedge from the site, centred on the antenna azimuth
 * the record carries (TS 33.128 CellSiteInformation `azimuth`, degrees clockwise from north).
 * CellSiteInformation has no beam width and no range, so both are the drawing's own: a 120° wedge
 * (a three-sector site, as the synthetic network builds them, src/network/cells.ts) of a fixed
 * radius. The wedge shows which way the serving antenna points, not where the phone was.
 */
export const SECTOR_WIDTH_DEG = 120;
export const SECTOR_RADIUS_M = 300;
const EARTH_RADIUS_M = 6_371_000;
const STEPS = 12;

/** Points (latitude, longitude) of the wedge: the site, an arc of STEPS segments, back to the site. */
export function sectorOutline(
  latitude: number,
  longitude: number,
  azimuthDeg: number,
  radiusM = SECTOR_RADIUS_M,
  widthDeg = SECTOR_WIDTH_DEG,
): [number, number][] {
  const out: [number, number][] = [[latitude, longitude]];
  const start = azimuthDeg - widthDeg / 2;
  for (let i = 0; i <= STEPS; i++)
    out.push(destination(latitude, longitude, start + (widthDeg * i) / STEPS, radiusM));
  out.push([latitude, longitude]);
  return out;
}

/** The point `distanceM` from (lat, lon) on the great circle of `bearingDeg` (spherical Earth). */
function destination(lat: number, lon: number, bearingDeg: number, distanceM: number): [number, number] {
  const rad = Math.PI / 180;
  const d = distanceM / EARTH_RADIUS_M;
  const b = bearingDeg * rad;
  const p1 = lat * rad;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
  const l2 =
    lon * rad +
    Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return [p2 / rad, l2 / rad];
}

/**
 * TS 33.128 Location (TS 29.518 LocationInfo / TS 29.571 UserLocation) → the cell and coordinates a
 * console puts on a map. Cell site coordinates (CellSiteInformation) come first, then the
 * LocationInfo geoInfo, then a positioning result; coordinates are decimal degrees (TS 29.572 §6.1.6.2).
 */
import type { CellInformation, CellSiteInformation, GeographicArea, GeographicalCoordinates, Location, PLMNID } from '../standards/ts33128/index.ts';
import type { LocationSummary } from './types.ts';

function coordinates(c: GeographicalCoordinates | undefined): { latitude: number; longitude: number } | undefined {
  if (!c) return undefined;
  const latitude = Number(c.latitude);
  const longitude = Number(c.longitude);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  return { latitude, longitude };
}

function areaPoint(a: GeographicArea | undefined): GeographicalCoordinates | undefined {
  if (!a) return undefined;
  switch (a.kind) {
    case 'point':
    case 'pointUncertaintyCircle':
    case 'pointUncertaintyEllipse':
      return a.value.geographicalCoordinates;
    case 'pointAltitude':
    case 'pointAltitudeUncertainty':
    case 'ellipsoidArc':
      return a.value.point;
    case 'polygon':
      return a.value.pointList[0];
  }
}

/** The sector's azimuth as sent (TS 33.128 CellSiteInformation, INTEGER (0..359)); anything else is not one. */
function azimuthOf(site: CellSiteInformation | undefined): number | undefined {
  const a = site?.azimuth;
  return typeof a === 'number' && Number.isInteger(a) && a >= 0 && a <= 359 ? a : undefined;
}

const hex = (n: number, digits: number): string => n.toString(16).padStart(digits, '0');
const cellName = (p: PLMNID, id: number, digits: number): string => `${p.mCC}-${p.mNC}-${hex(id, digits)}`;
const tacHex = (tac: Uint8Array): string => Buffer.from(tac).toString('hex');

export function summariseLocation(loc: Location | undefined): LocationSummary | undefined {
  if (!loc) return undefined;
  const out: LocationSummary = {};
  const info = loc.locationInfo;
  const nr = info?.userLocation?.nRLocation;
  const eutra = info?.userLocation?.eUTRALocation;
  let cellSite: CellSiteInformation | undefined;
  if (nr) {
    out.cellId = cellName(nr.nCGI.pLMNID, nr.nCGI.nRCellID, 9);
    out.tac = tacHex(nr.tAI.tAC);
    out.rat = 'NR';
    cellSite = nr.cellSiteInformation;
  } else if (eutra) {
    out.cellId = cellName(eutra.eCGI.pLMNID, eutra.eCGI.eUTRACellID, 7);
    out.tac = tacHex(eutra.tAI.tAC);
    out.rat = 'EUTRA';
    cellSite = eutra.cellSiteInformation;
  }
  if (info?.rATType) out.rat = info.rATType;
  const estimate = loc.positioningInfo?.positionInfo;
  if (!out.cellId && estimate?.nCGI) out.cellId = cellName(estimate.nCGI.pLMNID, estimate.nCGI.nRCellID, 9);
  if (!out.cellId && estimate?.eCGI) out.cellId = cellName(estimate.eCGI.pLMNID, estimate.eCGI.eUTRACellID, 7);
  const candidates: [LocationSummary['source'], GeographicalCoordinates | undefined][] = [
    ['cell-site', cellSite?.geographicalCoordinates],
    ['geo-info', areaPoint(info?.geoInfo)],
    ['positioning', areaPoint(estimate?.locationEstimate)],
  ];
  for (const [source, c] of candidates) {
    const xy = coordinates(c);
    if (xy) {
      out.latitude = xy.latitude;
      out.longitude = xy.longitude;
      out.source = source;
      break;
    }
  }
  const azimuth = azimuthOf(cellSite);
  if (azimuth !== undefined) out.azimuth = azimuth;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** One CellInformation (TS 33.128 MDFCellSiteReport, additionalCellIDs). */
export function summariseCell(c: CellInformation): LocationSummary {
  const r = c.rANCGI;
  const out: LocationSummary =
    r.kind === 'nCGI' ? { cellId: cellName(r.value.pLMNID, r.value.nRCellID, 9), rat: 'NR' } : { cellId: cellName(r.value.pLMNID, r.value.eUTRACellID, 7), rat: 'EUTRA' };
  const xy = coordinates(c.cellSiteinformation?.geographicalCoordinates);
  if (xy) Object.assign(out, xy, { source: 'cell-site' as const });
  const azimuth = azimuthOf(c.cellSiteinformation);
  if (azimuth !== undefined) out.azimuth = azimuth;
  return out;
}

/**
 * Geographic location shapes of TS33128Payloads r16 (TS 29.572 [24] clause 6.1.6.2, as imported by
 * TS 33.128 Annex A): GeographicalCoordinates, the GeographicArea CHOICE (Point, circle, ellipse,
 * polygon, altitude forms, ellipsoid arc) and CivicAddress.
 */
import { present } from '../ber/index.ts';
import {
  choiceTag,
  encodeFail,
  rInt,
  rSeqList,
  rUtf8,
  seqReader,
  unknownAlternative,
  wInt,
  wS,
  wSeq,
  wSeqList,
  wUtf8,
  type ChoiceCodec,
  type Fields,
  type SeqCodec,
} from './asn.ts';
import type { BerNode } from '../ber/index.ts';

/**
 * GeographicalCoordinates ::= SEQUENCE { latitude [1] UTF8String, longitude [2] UTF8String,
 *   mapDatumInformation [3] OGCURN OPTIONAL }
 * Latitude/longitude are decimal degrees as text (TS 29.572: e.g. "51.5074", "-0.1278").
 */
export interface GeographicalCoordinates {
  latitude: string;
  longitude: string;
  mapDatumInformation?: string;
}
export const GeographicalCoordinatesCodec: SeqCodec<GeographicalCoordinates> = {
  fields: (v) => present([wUtf8(1, v.latitude), wUtf8(2, v.longitude), v.mapDatumInformation !== undefined && wUtf8(3, v.mapDatumInformation)]),
  read: seqReader('GeographicalCoordinates', (f) => ({
    latitude: f.req(1, 'latitude', rUtf8),
    longitude: f.req(2, 'longitude', rUtf8),
    mapDatumInformation: f.opt(3, 'mapDatumInformation', rUtf8),
  })),
};

/** UncertaintyEllipse ::= SEQUENCE { semiMajor [1] Uncertainty, semiMinor [2] Uncertainty, orientationMajor [3] Orientation }  -- Uncertainty 0..127, Orientation 0..180 */
export interface UncertaintyEllipse {
  semiMajor: number;
  semiMinor: number;
  orientationMajor: number;
}
const UncertaintyEllipseCodec: SeqCodec<UncertaintyEllipse> = {
  fields: (v, w) => [wInt(1, v.semiMajor, `${w}.semiMajor`, 0, 127), wInt(2, v.semiMinor, `${w}.semiMinor`, 0, 127), wInt(3, v.orientationMajor, `${w}.orientationMajor`, 0, 180)],
  read: seqReader('UncertaintyEllipse', (f) => ({
    semiMajor: f.req(1, 'semiMajor', rInt(0, 127)),
    semiMinor: f.req(2, 'semiMinor', rInt(0, 127)),
    orientationMajor: f.req(3, 'orientationMajor', rInt(0, 180)),
  })),
};

/**
 * GeographicArea ::= CHOICE {
 *   point [1] Point,                        -- Point ::= SEQUENCE { geographicalCoordinates [1] GeographicalCoordinates }
 *   pointUncertaintyCircle [2] PointUncertaintyCircle,   -- { geographicalCoordinates [1], uncertainty [2] Uncertainty }
 *   pointUncertaintyEllipse [3] PointUncertaintyEllipse, -- { geographicalCoordinates [1], uncertainty [2] UncertaintyEllipse, confidence [3] Confidence }
 *   polygon [4] Polygon,                    -- { pointList [1] SET SIZE (3..15) OF GeographicalCoordinates }
 *   pointAltitude [5] PointAltitude,        -- { point [1] GeographicalCoordinates, altitude [2] Altitude }
 *   pointAltitudeUncertainty [6] PointAltitudeUncertainty,
 *       -- { point [1], altitude [2] Altitude, uncertaintyEllipse [3] UncertaintyEllipse, uncertaintyAltitude [4] Uncertainty, confidence [5] Confidence }
 *   ellipsoidArc [7] EllipsoidArc }
 *       -- { point [1], innerRadius [2] InnerRadius, uncertaintyRadius [3] Uncertainty, offsetAngle [4] Angle, includedAngle [5] Angle, confidence [6] Confidence }
 * Altitude ::= UTF8String; Confidence 0..100; InnerRadius 0..65535; Angle 0..360.
 */
export type GeographicArea =
  | { kind: 'point'; value: { geographicalCoordinates: GeographicalCoordinates } }
  | { kind: 'pointUncertaintyCircle'; value: { geographicalCoordinates: GeographicalCoordinates; uncertainty: number } }
  | {
      kind: 'pointUncertaintyEllipse';
      value: { geographicalCoordinates: GeographicalCoordinates; uncertainty: UncertaintyEllipse; confidence: number };
    }
  | { kind: 'polygon'; value: { pointList: GeographicalCoordinates[] } }
  | { kind: 'pointAltitude'; value: { point: GeographicalCoordinates; altitude: string } }
  | {
      kind: 'pointAltitudeUncertainty';
      value: { point: GeographicalCoordinates; altitude: string; uncertaintyEllipse: UncertaintyEllipse; uncertaintyAltitude: number; confidence: number };
    }
  | {
      kind: 'ellipsoidArc';
      value: { point: GeographicalCoordinates; innerRadius: number; uncertaintyRadius: number; offsetAngle: number; includedAngle: number; confidence: number };
    };

const GC = GeographicalCoordinatesCodec;
function areaFields(v: GeographicArea, w: string): BerNode[] {
  switch (v.kind) {
    case 'point':
      return [wS(1, GC, v.value.geographicalCoordinates, w)];
    case 'pointUncertaintyCircle':
      return [wS(1, GC, v.value.geographicalCoordinates, w), wInt(2, v.value.uncertainty, `${w}.uncertainty`, 0, 127)];
    case 'pointUncertaintyEllipse':
      return [wS(1, GC, v.value.geographicalCoordinates, w), wS(2, UncertaintyEllipseCodec, v.value.uncertainty, w), wInt(3, v.value.confidence, `${w}.confidence`, 0, 100)];
    case 'polygon': {
      if (v.value.pointList.length < 3 || v.value.pointList.length > 15) throw encodeFail(w, 'Polygon pointList must have SIZE(3..15)');
      return [wSeqList(1, GC, v.value.pointList, `${w}.pointList`, true)];
    }
    case 'pointAltitude':
      return [wS(1, GC, v.value.point, w), wUtf8(2, v.value.altitude)];
    case 'pointAltitudeUncertainty':
      return [
        wS(1, GC, v.value.point, w),
        wUtf8(2, v.value.altitude),
        wS(3, UncertaintyEllipseCodec, v.value.uncertaintyEllipse, w),
        wInt(4, v.value.uncertaintyAltitude, `${w}.uncertaintyAltitude`, 0, 127),
        wInt(5, v.value.confidence, `${w}.confidence`, 0, 100),
      ];
    case 'ellipsoidArc':
      return [
        wS(1, GC, v.value.point, w),
        wInt(2, v.value.innerRadius, `${w}.innerRadius`, 0, 65535),
        wInt(3, v.value.uncertaintyRadius, `${w}.uncertaintyRadius`, 0, 127),
        wInt(4, v.value.offsetAngle, `${w}.offsetAngle`, 0, 360),
        wInt(5, v.value.includedAngle, `${w}.includedAngle`, 0, 360),
        wInt(6, v.value.confidence, `${w}.confidence`, 0, 100),
      ];
  }
}

const KINDS = ['point', 'pointUncertaintyCircle', 'pointUncertaintyEllipse', 'polygon', 'pointAltitude', 'pointAltitudeUncertainty', 'ellipsoidArc'] as const;

export const GeographicAreaCodec: ChoiceCodec<GeographicArea> = {
  node(v, w) {
    return wSeq(KINDS.indexOf(v.kind) + 1, areaFields(v, `${w}.${v.kind}`));
  },
  read(el, w): GeographicArea {
    const tag = choiceTag(el, w);
    const kind = KINDS[tag - 1];
    if (kind === undefined) throw unknownAlternative(`${w}(GeographicArea)`, tag);
    const r = <T extends object>(read: (f: Fields) => T) => seqReader(kind, read)(el, `${w}.${kind}`);
    switch (kind) {
      case 'point':
        return { kind, value: r((f) => ({ geographicalCoordinates: f.req(1, 'geographicalCoordinates', GC.read) })) };
      case 'pointUncertaintyCircle':
        return { kind, value: r((f) => ({ geographicalCoordinates: f.req(1, 'geographicalCoordinates', GC.read), uncertainty: f.req(2, 'uncertainty', rInt(0, 127)) })) };
      case 'pointUncertaintyEllipse':
        return {
          kind,
          value: r((f) => ({
            geographicalCoordinates: f.req(1, 'geographicalCoordinates', GC.read),
            uncertainty: f.req(2, 'uncertainty', UncertaintyEllipseCodec.read),
            confidence: f.req(3, 'confidence', rInt(0, 100)),
          })),
        };
      case 'polygon':
        return { kind, value: r((f) => ({ pointList: f.req(1, 'pointList', rSeqList(GC)) })) };
      case 'pointAltitude':
        return { kind, value: r((f) => ({ point: f.req(1, 'point', GC.read), altitude: f.req(2, 'altitude', rUtf8) })) };
      case 'pointAltitudeUncertainty':
        return {
          kind,
          value: r((f) => ({
            point: f.req(1, 'point', GC.read),
            altitude: f.req(2, 'altitude', rUtf8),
            uncertaintyEllipse: f.req(3, 'uncertaintyEllipse', UncertaintyEllipseCodec.read),
            uncertaintyAltitude: f.req(4, 'uncertaintyAltitude', rInt(0, 127)),
            confidence: f.req(5, 'confidence', rInt(0, 100)),
          })),
        };
      case 'ellipsoidArc':
        return {
          kind,
          value: r((f) => ({
            point: f.req(1, 'point', GC.read),
            innerRadius: f.req(2, 'innerRadius', rInt(0, 65535)),
            uncertaintyRadius: f.req(3, 'uncertaintyRadius', rInt(0, 127)),
            offsetAngle: f.req(4, 'offsetAngle', rInt(0, 360)),
            includedAngle: f.req(5, 'includedAngle', rInt(0, 360)),
            confidence: f.req(6, 'confidence', rInt(0, 100)),
          })),
        };
    }
  },
};

/**
 * CivicAddress ::= SEQUENCE { country [1] UTF8String, a1 [2] UTF8String OPTIONAL, ... pom [31] UTF8String OPTIONAL }
 * (TS 29.572 clause 6.1.6.2.14; the 30 optional elements are RFC 4776 / RFC 5139 civic address labels.)
 */
export const CIVIC_ADDRESS_ELEMENTS = [
  'country', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'prd', 'pod', 'sts', 'hno', 'hns', 'lmk', 'loc', 'nam', 'pc',
  'bld', 'unit', 'flr', 'room', 'plc', 'pcn', 'pobox', 'addcode', 'seat', 'rd', 'rdsec', 'rdbr', 'rdsubbr', 'prm', 'pom',
] as const;
export type CivicAddress = { country: string } & Partial<Record<Exclude<(typeof CIVIC_ADDRESS_ELEMENTS)[number], 'country'>, string>>;
export const CivicAddressCodec: SeqCodec<CivicAddress> = {
  fields: (v) => present(CIVIC_ADDRESS_ELEMENTS.map((k, i) => v[k] !== undefined && wUtf8(i + 1, v[k]))),
  read: seqReader('CivicAddress', (f) => {
    const out: CivicAddress = { country: f.req(1, 'country', rUtf8) };
    CIVIC_ADDRESS_ELEMENTS.forEach((k, i) => {
      if (k === 'country') return;
      const s = f.opt(i + 1, k, rUtf8);
      if (s !== undefined) out[k] = s;
    });
    return out;
  }),
};

/**
 * Where the target was (`GET …/locations`): each cell the records name drawn as its sector — a wedge
 * from the site towards the antenna azimuth the record carries (sector.ts) — or as a circle when the
 * record gave no azimuth; the track over time as a line through the positions in time order. No
 * tile layer unless the deployment configures one (`GET /api/config` → `{"tileUrl": string | null}`):
 * by default nothing leaves the browser for a map server, and the geometry alone is drawn.
 */
import { useEffect, useRef, useState } from 'react';
import * as L from 'leaflet';
import type { Cell, Locations } from '../types.ts';
import { getJson, warrantPath } from '../api.ts';
import { useApi } from '../components/useApi.ts';
import { Loading } from '../components/Loading.tsx';
import { when } from '../format.ts';
import { SECTOR_WIDTH_DEG, sectorOutline } from './sector.ts';

/** The configured tile URL template; `null` (no tile server) until `/api/config` says otherwise or when it fails. */
export function useTileUrl(): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    getJson<{ tileUrl: string | null }>('/api/config').then(
      (c) => {
        if (live)
          setUrl(typeof c.tileUrl === 'string' && c.tileUrl.startsWith('https://') ? c.tileUrl : null);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return url;
}

export function MapTab({ liid }: { liid: string }) {
  const [loaded] = useApi<Locations>(warrantPath(liid, 'locations'));
  const tileUrl = useTileUrl();
  return (
    <section aria-labelledby="map-h">
      <h2 id="map-h">Map</h2>
      <Loading loaded={loaded}>
        {(loc) => (
          <>
            <LocationMap locations={loc} tileUrl={tileUrl} />
            <CellTable cells={loc.cells} />
            <p>
              {loc.points.length} positions; track from {when(loc.points[0]?.at)} to{' '}
              {when(loc.points[loc.points.length - 1]?.at)}.
            </p>
          </>
        )}
      </Loading>
    </section>
  );
}

function located<T extends { latitude?: number; longitude?: number }>(
  c: T,
): c is T & { latitude: number; longitude: number } {
  return typeof c.latitude === 'number' && typeof c.longitude === 'number';
}

export function LocationMap({ locations, tileUrl }: { locations: Locations; tileUrl: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const map = L.map(ref.current, { attributionControl: tileUrl !== null });
    if (tileUrl !== null) L.tileLayer(tileUrl, { maxZoom: 19, className: 'configured-tiles' }).addTo(map);
    const bounds = L.latLngBounds([]);
    const track = locations.points.filter(located).map((p) => L.latLng(p.latitude, p.longitude));
    if (track.length > 1) L.polyline(track, { color: '#b4005a', weight: 3, className: 'track' }).addTo(map);
    for (const c of locations.cells.filter(located)) {
      const at = L.latLng(c.latitude, c.longitude);
      bounds.extend(at);
      const tip = `${c.cellId}: ${c.count} records, ${when(c.firstAt)} – ${when(c.lastAt)}`;
      const weight = 0.25 + Math.min(0.5, Math.log2(1 + c.count) / 10); // more records, stronger fill
      if (c.azimuth !== undefined) {
        const wedge = sectorOutline(c.latitude, c.longitude, c.azimuth).map(([lat, lon]) =>
          L.latLng(lat, lon),
        );
        for (const p of wedge) bounds.extend(p);
        L.polygon(wedge, { color: '#0b4f8a', weight: 1, fillOpacity: weight, className: 'cell-sector' })
          .bindTooltip(`${tip}, sector azimuth ${c.azimuth}°`)
          .addTo(map);
        L.circleMarker(at, { radius: 3, color: '#0b4f8a', fillOpacity: 1, className: 'cell-site' }).addTo(
          map,
        );
      } else {
        L.circleMarker(at, {
          radius: 6 + Math.min(12, Math.log2(1 + c.count) * 2),
          color: '#0b4f8a',
          fillOpacity: weight,
          className: 'cell-marker',
        })
          .bindTooltip(tip)
          .addTo(map);
      }
    }
    for (const p of track) bounds.extend(p);
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.2), { maxZoom: 15 });
    else map.setView([0, 0], 2);
    return () => {
      map.remove();
    };
  }, [locations, tileUrl]);
  return <div ref={ref} className="map" role="region" aria-label="Map of cells and track" />;
}

function CellTable({ cells }: { cells: Cell[] }) {
  if (cells.length === 0) return <p>No cells in the records.</p>;
  return (
    <>
      <p className="note">
        A wedge is a cell's sector: it points along the antenna azimuth the record carries; its{' '}
        {SECTOR_WIDTH_DEG}° width and its length are drawn, not measured (the records carry neither). A circle
        is a cell whose record gave no azimuth.
      </p>
      <table aria-label="Cells">
        <thead>
          <tr>
            <th scope="col">Cell</th>
            <th scope="col">Latitude</th>
            <th scope="col">Longitude</th>
            <th scope="col">Sector azimuth</th>
            <th scope="col">First seen</th>
            <th scope="col">Last seen</th>
            <th scope="col">Records</th>
          </tr>
        </thead>
        <tbody>
          {cells.map((c) => (
            <tr key={c.cellId} data-cell={c.cellId}>
              <td>{c.cellId}</td>
              <td>{c.latitude?.toFixed(5) ?? '—'}</td>
              <td>{c.longitude?.toFixed(5) ?? '—'}</td>
              <td data-azimuth={c.azimuth}>{c.azimuth === undefined ? '—' : `${c.azimuth}°`}</td>
              <td>{when(c.firstAt)}</td>
              <td>{when(c.lastAt)}</td>
              <td>{c.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

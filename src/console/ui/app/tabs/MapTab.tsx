/**
 * Where the target was (`GET …/locations`): the cells named by the records as markers (radius by how
 * often), the track over time as a line through the positions in time order. No tile layer unless
 * the deployment configures one (`GET /api/config` → `tileUrl`): by default nothing leaves the
 * browser for a map server, and the geometry alone is drawn on a plain background.
 */
import { useEffect, useRef, useState } from 'react';
import * as L from 'leaflet';
import type { Cell, Locations } from '../types.ts';
import { getJson, warrantPath } from '../api.ts';
import { useApi } from '../components/useApi.ts';
import { Loading } from '../components/Loading.tsx';
import { when } from '../format.ts';

function useTileUrl(): string | undefined {
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    getJson<{ tileUrl?: string }>('/api/config').then(
      (c) => setUrl(typeof c.tileUrl === 'string' ? c.tileUrl : undefined),
      () => setUrl(undefined),
    );
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
              {loc.points.length} positions; track from {when(loc.points[0]?.at)} to {when(loc.points[loc.points.length - 1]?.at)}.
            </p>
          </>
        )}
      </Loading>
    </section>
  );
}

function located<T extends { latitude?: number; longitude?: number }>(c: T): c is T & { latitude: number; longitude: number } {
  return typeof c.latitude === 'number' && typeof c.longitude === 'number';
}

function LocationMap({ locations, tileUrl }: { locations: Locations; tileUrl: string | undefined }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const map = L.map(ref.current, { attributionControl: Boolean(tileUrl) });
    if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(map);
    const bounds = L.latLngBounds([]);
    const track = locations.points.filter(located).map((p) => L.latLng(p.latitude, p.longitude));
    if (track.length > 1) L.polyline(track, { color: '#b4005a', weight: 3, className: 'track' }).addTo(map);
    for (const c of locations.cells.filter(located)) {
      const at = L.latLng(c.latitude, c.longitude);
      bounds.extend(at);
      L.circleMarker(at, { radius: 6 + Math.min(12, Math.log2(1 + c.count) * 2), color: '#0b4f8a', fillOpacity: 0.5, className: 'cell-marker' })
        .bindTooltip(`${c.cellId}: ${c.count} records, ${when(c.firstAt)} – ${when(c.lastAt)}`)
        .addTo(map);
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
    <table aria-label="Cells">
      <thead>
        <tr>
          <th scope="col">Cell</th>
          <th scope="col">Latitude</th>
          <th scope="col">Longitude</th>
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
            <td>{when(c.firstAt)}</td>
            <td>{when(c.lastAt)}</td>
            <td>{c.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

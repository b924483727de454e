/**
 * The report's two charts, drawn as inline SVG by hand (no library, no script, no external URL):
 * records per month as stacked columns and records per agency as stacked bars, IRI (HI2) below or
 * left, content (HI3) above or right. Every bar carries its numbers in data-* attributes and a
 * <title>, and its value is written beside it, so the page reads the same printed or to a screen
 * reader; lengths are exactly proportional to the counts (the Chromium test measures them).
 */
import type { AgencyRow, MonthRow } from './model.ts';

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** A round axis maximum >= max (1, 2, 2.5 or 5 times a power of ten). */
export function axisMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

const fmt = (n: number): string => String(Math.round(n * 100) / 100);

export function monthChart(months: readonly MonthRow[]): string {
  const width = 760;
  const height = 280;
  const left = 64;
  const right = 16;
  const top = 24;
  const bottom = 48;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const scale = axisMax(Math.max(0, ...months.map((m) => m.records)));
  const slot = plotW / Math.max(1, months.length);
  const barW = Math.max(2, slot * 0.7);
  const labelEvery = Math.max(1, Math.ceil(months.length / 12));
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = (scale * i) / 4;
    const y = top + plotH - (plotH * i) / 4;
    parts.push(`<line class="grid" x1="${left}" x2="${width - right}" y1="${fmt(y)}" y2="${fmt(y)}"/>`);
    parts.push(`<text class="tick" x="${left - 6}" y="${fmt(y + 4)}" text-anchor="end">${esc(formatCount(v))}</text>`);
  }
  months.forEach((m, i) => {
    const x = left + slot * i + (slot - barW) / 2;
    const iriH = (plotH * m.iriRecords) / scale;
    const contentH = (plotH * m.contentRecords) / scale;
    const base = top + plotH;
    const label = `${m.month}: ${formatCount(m.records)} records (${formatCount(m.iriRecords)} IRI, ${formatCount(m.contentRecords)} content)`;
    parts.push(
      `<g class="bar" data-month="${esc(m.month)}" data-iri="${m.iriRecords}" data-content="${m.contentRecords}" data-records="${m.records}"><title>${esc(label)}</title>` +
        `<rect class="iri" x="${fmt(x)}" y="${fmt(base - iriH)}" width="${fmt(barW)}" height="${fmt(iriH)}"/>` +
        `<rect class="content" x="${fmt(x)}" y="${fmt(base - iriH - contentH)}" width="${fmt(barW)}" height="${fmt(contentH)}"/>` +
        `<text class="value" x="${fmt(x + barW / 2)}" y="${fmt(base - iriH - contentH - 4)}" text-anchor="middle">${esc(formatCount(m.records))}</text></g>`,
    );
    if (i % labelEvery === 0) parts.push(`<text class="axis-label" x="${fmt(x + barW / 2)}" y="${top + plotH + 18}" text-anchor="middle">${esc(m.month)}</text>`);
  });
  parts.push(`<line class="axis" x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}"/>`);
  return svg('chart-month', width, height, 'Records delivered per month, IRI and content', parts);
}

export function agencyChart(agencies: readonly AgencyRow[]): string {
  const width = 760;
  const rowH = 28;
  const left = 160;
  const right = 96;
  const top = 12;
  const height = top * 2 + rowH * Math.max(1, agencies.length);
  const plotW = width - left - right;
  const scale = axisMax(Math.max(0, ...agencies.map((a) => a.records)));
  const parts: string[] = [];
  agencies.forEach((a, i) => {
    const y = top + rowH * i + 4;
    const barH = rowH - 8;
    const iriW = (plotW * a.iriRecords) / scale;
    const contentW = (plotW * a.contentRecords) / scale;
    const label = `${a.agencyId}: ${formatCount(a.records)} records (${formatCount(a.iriRecords)} IRI, ${formatCount(a.contentRecords)} content) under ${a.orders} order(s)`;
    parts.push(
      `<g class="bar" data-agency="${esc(a.agencyId)}" data-iri="${a.iriRecords}" data-content="${a.contentRecords}" data-records="${a.records}"><title>${esc(label)}</title>` +
        `<text class="axis-label" x="${left - 8}" y="${fmt(y + barH / 2 + 4)}" text-anchor="end">${esc(a.agencyId)}</text>` +
        `<rect class="iri" x="${left}" y="${fmt(y)}" width="${fmt(iriW)}" height="${barH}"/>` +
        `<rect class="content" x="${fmt(left + iriW)}" y="${fmt(y)}" width="${fmt(contentW)}" height="${barH}"/>` +
        `<text class="value" x="${fmt(left + iriW + contentW + 6)}" y="${fmt(y + barH / 2 + 4)}">${esc(formatCount(a.records))}</text></g>`,
    );
  });
  if (agencies.length === 0) parts.push(`<text class="axis-label" x="${left}" y="${top + rowH / 2 + 4}">no orders in the period</text>`);
  parts.push(`<line class="axis" x1="${left}" x2="${left}" y1="${top}" y2="${height - top}"/>`);
  return svg('chart-agency', width, height, 'Records delivered per agency, IRI and content', parts);
}

function svg(id: string, width: number, height: number, title: string, parts: string[]): string {
  return `<svg id="${id}" class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><title>${esc(title)}</title>${parts.join('')}</svg>`;
}

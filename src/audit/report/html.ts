/**
 * The HTML form of the report: one self-contained page (inline CSS, inline SVG charts, no script
 * to run, no external URL), printable, for publication. It shows the totals, the two charts, the
 * per-order tables of the US Wiretap Report (18 U.S.C. §2519) and of the IFTA 2013 review, refused
 * records, rogue tasks, what is not recorded and the legal source of each column; and it embeds
 * the canonical JSON (a data block, type application/json, never executed) so the page itself can
 * be checked against the log (`checkReportFile`).
 */
import { agencyChart, esc, formatCount, monthChart } from './charts.ts';
import { formatReportJson } from './json.ts';
import { LEGAL_SOURCES } from './legal-sources.ts';
import { NOT_RECORDED, type OrderRow, type TransparencyReport } from './model.ts';

export const HTML_JSON_ID = 'report-json';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1400px;padding:0 1rem;color:#1a202c}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #cbd5e0}
.meta{color:#4a5568}.meta code{font-size:.85em;word-break:break-all}
table{border-collapse:collapse;margin:.5rem 0;font-size:.8rem}th,td{border:1px solid #cbd5e0;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#edf2f7}td.num{text-align:right;font-variant-numeric:tabular-nums}.scroll{overflow-x:auto}
.nr{color:#a0aec0;font-style:italic}
.chart{max-width:100%;height:auto;display:block;margin:.5rem 0}.chart .iri{fill:#2b6cb0}.chart .content{fill:#dd6b20}
.chart .grid{stroke:#e2e8f0}.chart .axis{stroke:#4a5568}.chart text{font-size:11px;fill:#2d3748}.chart .value{font-weight:600}
.legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;vertical-align:-.1em}.legend .iri{background:#2b6cb0}.legend .content{background:#dd6b20}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}.scroll{overflow:visible}}
`;

const cell = (value: string | number | null | undefined, cls = ''): string => {
  if (value === null || value === undefined) return `<td class="nr${cls ? ` ${cls}` : ''}">—</td>`;
  if (value === NOT_RECORDED) return `<td class="nr${cls ? ` ${cls}` : ''}">not recorded</td>`;
  if (typeof value === 'number') return `<td class="num${cls ? ` ${cls}` : ''}">${esc(formatCount(value))}</td>`;
  return `<td${cls ? ` class="${cls}"` : ''}>${esc(value)}</td>`;
};

export function formatDuration(seconds: number | string | null): string | null {
  if (typeof seconds !== 'number') return seconds;
  if (seconds >= 86_400) return `${(seconds / 86_400).toFixed(2)} days`;
  if (seconds >= 3_600) return `${(seconds / 3_600).toFixed(1)} h`;
  if (seconds >= 60) return `${(seconds / 60).toFixed(1)} min`;
  return `${seconds} s`;
}

/** ISO UTC as people read it in a table: date and time, no milliseconds when they are zero. */
const when = (iso: string | null): string | null => (iso === null || iso === NOT_RECORDED ? iso : iso.replace('T', ' ').replace(/\.000Z$/, 'Z'));

const list = (v: string[] | string): string => (typeof v === 'string' ? v : v.length === 0 ? '—' : v.join(', '));

function header(fields: readonly (string | [key: string, label: string])[]): string {
  return `<tr>${fields
    .map((f) => {
      const [key, label] = typeof f === 'string' ? [f, LEGAL_SOURCES[f]?.label ?? f] : f;
      const source = LEGAL_SOURCES[key];
      return `<th${source ? ` title="${esc(`${source.us} | ${source.ifta}`)}"` : ''}>${esc(label)}</th>`;
    })
    .join('')}</tr>`;
}

function usRow(o: OrderRow): string {
  const type = o.interception === NOT_RECORDED ? NOT_RECORDED : `${o.interception} (${list(o.services)})`;
  const actual = o.interceptionStart === null ? 'never' : `${when(o.interceptionStart) ?? ''} · ${formatDuration(o.interceptionSeconds) ?? ''}${o.runningAtCut ? ' (running)' : ''}`;
  return `<tr data-warrant="${esc(o.warrantId)}">${[
    `<td title="${esc(o.warrantId)}"><code>${esc(o.warrantId.slice(0, 8))}</code></td>`,
    cell(o.agencyId),
    cell(o.kind + (o.renews ? ` of ${o.renews.slice(0, 8)}` : '')),
    cell(o.decision),
    cell(o.offence),
    cell(type),
    cell(when(o.orderStart)),
    cell(formatDuration(o.orderSeconds)),
    cell(o.extensions),
    cell(actual),
    cell(o.targets),
    cell(o.iriRecords, 'iri'),
    cell(o.contentRecords, 'content'),
    cell(o.records, 'records'),
    cell(o.encryption),
  ].join('')}</tr>`;
}

function iftaRow(o: OrderRow): string {
  const signed = (role: string): string | null => when(o.approvals.find((a) => a.role === role)?.at ?? null);
  const days = typeof o.orderSeconds === 'number' ? Math.round((o.orderSeconds / 86_400) * 100) / 100 : o.orderSeconds;
  return `<tr data-warrant="${esc(o.warrantId)}">${[
    `<td title="${esc(o.warrantId)}"><code>${esc(o.warrantId.slice(0, 8))}</code></td>`,
    cell(o.agencyId),
    cell(o.offence),
    cell(o.legalBasis),
    cell(signed('minister')),
    cell(signed('judge')),
    cell(o.orderStart === NOT_RECORDED ? NOT_RECORDED : `${when(o.orderStart) ?? ''} – ${when(o.orderEnd) ?? ''}`),
    cell(days),
    cell(o.renews),
    cell(o.extensions),
    cell(o.targets),
    cell(o.operators === NOT_RECORDED ? NOT_RECORDED : list(o.operators)),
    cell(o.retentionDays),
    cell(o.status),
  ].join('')}</tr>`;
}

function table(id: string, head: string, rows: string[], empty: string, columns: number): string {
  const body = rows.length > 0 ? rows.join('') : `<tr><td colspan="${columns}" class="nr">${esc(empty)}</td></tr>`;
  return `<div class="scroll"><table id="${id}"><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

export function renderReportHtml(report: TransparencyReport): string {
  const r = report;
  const t = r.totals;
  const totals: [string, string, number | string][] = [
    ['orders', 'orders (warrants) in the period', t.orders],
    ['extensions', 'of which extensions / re-issues', t.extensions],
    ['targets', 'target identities named', t.targets],
    ['records', 'records delivered', t.records],
    ['iriRecords', 'of which IRI (HI2)', t.iriRecords],
    ['contentRecords', 'of which content (HI3)', t.contentRecords],
    ['unattributedRecords', 'records of no known warrant', t.unattributedRecords],
    ['refusedRecords', 'records refused by mediation', t.refusedRecords],
    ['rogueTasks', 'rogue tasks found', t.rogueTasks],
  ];
  const usHead = header([['warrantId', 'warrant'], 'agencyId', 'kind', 'decision', 'offence', 'interception', 'orderStart', 'orderSeconds', 'extensions', 'interceptionStart', 'targets', ['records', 'IRI records'], ['records', 'content records'], ['records', 'all records'], 'encryption']);
  const iftaHead = header([
    ['warrantId', 'warrant'],
    ['agencyId', 'designated agency'],
    'offence',
    'legalBasis',
    ['approvals', "Minister's permission"],
    ['approvals', "Judge's warrant"],
    ['orderStart', 'period authorised'],
    ['orderSeconds', 'days authorised'],
    ['kind', 're-issue of'],
    ['extensions', 're-issues'],
    ['targets', 'targets'],
    'operators',
    ['retentionDays', 'retention (days)'],
    ['status', 'status'],
  ]);
  const json = formatReportJson(r).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Transparency report ${esc(r.period.from.slice(0, 10))} – ${esc(r.period.to.slice(0, 10))}</title><style>${CSS}</style></head>
<body>
<h1>Lawful interception transparency report</h1>
<p class="meta">Period <strong>${esc(r.period.from)}</strong> to <strong>${esc(r.period.to)}</strong> (end excluded), as of <span id="cut">${esc(r.log.cut)}</span>.
Computed from the first <span id="log-entries">${esc(formatCount(r.log.entries))}</span> entries of an audit log that verified (hash chain, Merkle root, signed checkpoints); their RFC 9162 root is <code id="log-root">${esc(r.log.rootHash)}</code>.
Records are counted by summing the delivery batches the mediation function logged. No target identity and no content appear here.</p>
<h2>Totals</h2>
${table('totals', '<tr><th>what</th><th>count</th></tr>', totals.map(([k, label, v]) => `<tr><td>${esc(label)}</td><td class="num" data-field="${k}">${esc(typeof v === 'number' ? formatCount(v) : v)}</td></tr>`), '', 2)}
<h2>Records per month</h2>
<p class="legend"><span class="iri"></span>IRI (HI2)<span class="content"></span>content (HI3)</p>
${monthChart(r.recordsByMonth)}
<h2>Records per agency</h2>
${agencyChart(r.recordsByAgency)}
<h2>Orders — US Wiretap Report fields (18 U.S.C. §2519)</h2>
${table('orders-us', usHead, r.orders.map(usRow), 'no orders in the period', 15)}
<h2>Orders — Investigation for Fair Trial Act 2013 review</h2>
${table('orders-ifta', iftaHead, r.orders.map(iftaRow), 'no orders in the period', 14)}
<h2>Records refused by mediation</h2>
${table('refused', '<tr><th>code</th><th>records</th></tr>', r.refusedByCode.map((x) => `<tr><td><code>${esc(x.code)}</code></td>${cell(x.count, 'count')}</tr>`), 'none', 2)}
<h2>Rogue tasks found by reconciliation</h2>
${table('rogue', '<tr><th>time</th><th>network element</th><th>XID</th></tr>', r.rogueTasks.map((x) => `<tr>${cell(when(x.at))}${cell(x.element)}<td><code>${esc(x.xid)}</code></td></tr>`), 'none', 3)}
<h2>Not recorded</h2>
${table('not-recorded', '<tr><th>field</th><th>legal source</th><th>why</th></tr>', r.notRecorded.map((x) => `<tr>${cell(x.field)}${cell(x.source)}${cell(x.reason)}</tr>`), 'nothing', 3)}
<h2>Legal source of each column</h2>
${table('sources', '<tr><th>column</th><th>US (18 U.S.C.)</th><th>IFTA 2013</th></tr>', Object.values(LEGAL_SOURCES).map((s) => `<tr>${cell(s.label)}${cell(s.us)}${cell(s.ifta)}</tr>`), '', 3)}
<script type="application/json" id="${HTML_JSON_ID}">
${json}</script>
</body></html>
`;
}

/** The canonical JSON a page embeds (undefined when there is none). */
export function embeddedReportJson(html: string): string | undefined {
  const open = `<script type="application/json" id="${HTML_JSON_ID}">`;
  const start = html.indexOf(open);
  if (start < 0) return undefined;
  const end = html.indexOf('</script>', start);
  if (end < 0) return undefined;
  // The page writes "<" as the JSON escape \u003c so no string can close the block; JSON.parse reads it back.
  return html.slice(start + open.length, end);
}

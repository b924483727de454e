/**
 * The CSV form of the report (RFC 4180: comma-separated, CRLF line ends, a cell quoted with "
 * when it holds a comma, quote, line break or starts with #; quotes doubled). One table per
 * section, in the order of the JSON:
 *
 *   # warranted-transparency-report/v1        first line: the format
 *   (blank line)
 *   # period                                  a section: "# name", a header row, its rows
 *   from,to
 *   2026-01-01T00:00:00.000Z,2027-01-01T00:00:00.000Z
 *   (blank line)
 *   # log | # totals | # orders | # recordsByMonth | # recordsByAgency | # refusedByCode
 *   # rogueTasks | # notRecorded               (the columns are the JSON fields, schema.ts)
 *
 * Cells: numbers in decimal; booleans true/false; null as an empty cell (an empty string is a
 * quoted ""); lists joined with ";" (a ";" or "\" inside an item escaped with "\"); counts as
 * kind=n;kind=n; approvals as role@time;role@time; a missing value as "not recorded". The CSV
 * holds every field, so parseReportCsv(formatReportCsv(r)) gives r back exactly.
 */
import { AuditError } from '../errors.ts';
import { NOT_RECORDED, REPORT_FORMAT, type TransparencyReport } from './model.ts';
import { LOG_FIELDS, normalizeReport, PERIOD_FIELDS, ROW_SECTIONS, TOTALS_FIELDS, type FieldSpec, type FieldType } from './schema.ts';

const CRLF = '\r\n';

const SINGLE_ROW_SECTIONS: readonly { name: 'period' | 'log' | 'totals'; fields: readonly FieldSpec[] }[] = [
  { name: 'period', fields: PERIOD_FIELDS },
  { name: 'log', fields: LOG_FIELDS },
  { name: 'totals', fields: TOTALS_FIELDS },
];

function unreadable(why: string): never {
  throw new AuditError('AUDIT_REPORT_UNREADABLE', `report CSV: ${why}`);
}

const escapeItem = (s: string): string => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;');

function splitItems(cell: string): string[] {
  const items: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i]!;
    if (c === '\\' && i + 1 < cell.length) current += cell[++i]!;
    else if (c === ';') {
      items.push(current);
      current = '';
    } else current += c;
  }
  items.push(current);
  return items;
}

/** A cell's text; `null` for a null value (written as an unquoted empty cell). */
function encodeCell(type: FieldType, value: unknown): string | null {
  if (value === null) return null;
  if (value === NOT_RECORDED && type !== 'string' && type !== 'stringOrNotRecorded') return NOT_RECORDED;
  switch (type) {
    case 'int':
    case 'nullableInt':
    case 'intOrNotRecorded':
      return `${value as number}`;
    case 'bool':
      return value === true ? 'true' : 'false';
    case 'listOrNotRecorded':
      return (value as string[]).map(escapeItem).join(';');
    case 'countsOrNotRecorded':
      return Object.entries(value as Record<string, number>)
        .map(([k, n]) => `${escapeItem(k)}=${n}`)
        .join(';');
    case 'approvals':
      return (value as { role: string; at: string }[]).map((a) => escapeItem(`${a.role}@${a.at}`)).join(';');
    default:
      return value as string;
  }
}

function decodeCell(type: FieldType, cell: Cell, where: string): unknown {
  const { text, quoted } = cell;
  if (!quoted && text === '' && (type === 'nullableString' || type === 'nullableInt')) return null;
  if (text === NOT_RECORDED && type !== 'string' && type !== 'stringOrNotRecorded' && type !== 'nullableString') return NOT_RECORDED;
  const int = (): number => (/^-?\d+$/.test(text) ? Number(text) : unreadable(`${where}: "${text}" is not an integer`));
  switch (type) {
    case 'int':
    case 'nullableInt':
    case 'intOrNotRecorded':
      return int();
    case 'bool':
      return text === 'true' ? true : text === 'false' ? false : unreadable(`${where}: "${text}" is not true/false`);
    case 'listOrNotRecorded':
      return text === '' ? [] : splitItems(text);
    case 'countsOrNotRecorded':
      return Object.fromEntries(
        (text === '' ? [] : splitItems(text)).map((item) => {
          const eq = item.lastIndexOf('=');
          if (eq < 0 || !/^\d+$/.test(item.slice(eq + 1))) return unreadable(`${where}: "${item}" is not kind=n`);
          return [item.slice(0, eq), Number(item.slice(eq + 1))];
        }),
      );
    case 'approvals':
      return (text === '' ? [] : splitItems(text)).map((item) => {
        const at = item.indexOf('@');
        if (at < 0) return unreadable(`${where}: "${item}" is not role@time`);
        return { role: item.slice(0, at), at: item.slice(at + 1) };
      });
    default:
      return text;
  }
}

function quote(cell: string | null): string {
  if (cell === null) return '';
  if (cell === '' || /[",\r\n]/.test(cell) || cell.startsWith('#')) return `"${cell.replace(/"/g, '""')}"`;
  return cell;
}

function table(name: string, fields: readonly FieldSpec[], rows: readonly Record<string, unknown>[]): string {
  const lines = [`# ${name}`, fields.map(([f]) => f).join(',')];
  for (const row of rows) lines.push(fields.map(([f, type]) => quote(encodeCell(type, row[f]))).join(','));
  return lines.join(CRLF) + CRLF;
}

export function formatReportCsv(report: TransparencyReport): string {
  const r = normalizeReport(report) as unknown as Record<string, unknown>;
  const parts = [`# ${REPORT_FORMAT}${CRLF}`];
  for (const s of SINGLE_ROW_SECTIONS) parts.push(table(s.name, s.fields, [r[s.name] as Record<string, unknown>]));
  for (const s of ROW_SECTIONS) parts.push(table(s.name, s.fields, r[s.name] as Record<string, unknown>[]));
  return parts.join(CRLF);
}

interface Cell {
  text: string;
  quoted: boolean;
}

/** RFC 4180 rows (LF or CRLF line ends). */
function parseRows(text: string): Cell[][] {
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let cell: Cell;
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= n) unreadable('a quoted cell is not closed');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++]!;
      }
      cell = { text: value, quoted: true };
    } else {
      let end = i;
      while (end < n && text[end] !== ',' && text[end] !== '\r' && text[end] !== '\n') end++;
      cell = { text: text.slice(i, end), quoted: false };
      i = end;
    }
    row.push(cell);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else if (text[i] === '\n') i++;
    else if (i < n) unreadable(`unexpected character after a quoted cell at offset ${i}`);
    rows.push(row);
    row = [];
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** Parses the CSV form back into the report; throws AUDIT_REPORT_UNREADABLE. */
export function parseReportCsv(text: string): TransparencyReport {
  const rows = parseRows(text);
  const marker = (row: Cell[]): string | undefined => (row.length === 1 && !row[0]!.quoted && row[0]!.text.startsWith('# ') ? row[0]!.text.slice(2) : undefined);
  const blank = (row: Cell[]): boolean => row.length === 1 && !row[0]!.quoted && row[0]!.text === '';
  if (rows.length === 0 || marker(rows[0]!) !== REPORT_FORMAT) unreadable(`the first line must be "# ${REPORT_FORMAT}"`);
  const tables = new Map<string, Cell[][]>();
  let current: Cell[][] | undefined;
  for (const row of rows.slice(1)) {
    const name = marker(row);
    if (name !== undefined) {
      if (tables.has(name)) unreadable(`section "${name}" appears twice`);
      current = [];
      tables.set(name, current);
    } else if (!blank(row)) {
      if (current === undefined) unreadable('a row before the first section');
      current.push(row);
    }
  }
  const read = (name: string, fields: readonly FieldSpec[]): Record<string, unknown>[] => {
    const t = tables.get(name) ?? unreadable(`section "${name}" is missing`);
    const [header, ...body] = t;
    const expected = fields.map(([f]) => f).join(',');
    if (header?.map((c) => c.text).join(',') !== expected) unreadable(`section "${name}": the header must be ${expected}`);
    return body.map((cells, r) => {
      if (cells.length !== fields.length) unreadable(`section "${name}" row ${r + 1}: ${cells.length} cells, expected ${fields.length}`);
      return Object.fromEntries(fields.map(([f, type], c) => [f, decodeCell(type, cells[c]!, `${name}[${r}].${f}`)]));
    });
  };
  const out: Record<string, unknown> = { format: REPORT_FORMAT };
  for (const s of SINGLE_ROW_SECTIONS) {
    const body = read(s.name, s.fields);
    if (body.length !== 1) unreadable(`section "${s.name}" must have exactly one row`);
    out[s.name] = body[0];
  }
  for (const s of ROW_SECTIONS) out[s.name] = read(s.name, s.fields);
  return normalizeReport(out);
}

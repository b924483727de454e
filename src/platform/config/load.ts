/**
 * Loads and validates the deployment file. Every problem is collected — YAML syntax, then the
 * schema's shape (unknown keys, types, missing or unreadable files, key file modes), then the
 * checks across sections (checks.ts) — so one run of `warranted config check` lists them all.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { semanticErrors } from './checks.ts';
import { deploymentSchema } from './deployment-schema.ts';
import { ConfigError } from './errors.ts';
import { INVALID, type Ctx } from './schema.ts';
import type { Deployment, RoleName } from './types.ts';

export type CheckResult = { ok: true; deployment: Deployment } | { ok: false; errors: string[] };

/** Parses YAML text; syntax errors come back as `file:line:column: expected valid YAML, got …`. */
function parseYaml(file: string, text: string): { value: unknown; errors: string[] } {
  // YAML 1.2 core schema (the library's default): `yes`/`no` stay strings, so a boolean is `true`/`false` only.
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const errors = doc.errors.map((e) => {
    const pos = e.linePos?.[0];
    const message = e.message.split(/ at line \d+, column \d+/)[0]!.trim();
    return `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: expected valid YAML, got ${JSON.stringify(message)} (${e.code})`;
  });
  if (errors.length > 0) return { value: undefined, errors };
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }) as unknown, errors: [] };
  } catch (err) {
    return {
      value: undefined,
      errors: [
        `${file}: expected valid YAML, got ${JSON.stringify(err instanceof Error ? err.message : String(err))}`,
      ],
    };
  }
}

/** Validates a deployment given as text (`file` names it and anchors its relative paths). */
/** Whose files to check on disk: one role instance's (`serve`), or every file (`config check`, `up`). */
export interface FilesOf {
  role: RoleName;
  /** The instance (an agency's LEMF id, an operator id); absent for single-instance roles. */
  id?: string;
}

/**
 * The YAML paths of the files one role opens: its own section, and the CA. Indexes are found in the
 * raw document by id, before the shape is checked (a wrong id simply checks nothing of that list).
 */
function filesOfRole(raw: unknown, f: FilesOf): (at: string) => boolean {
  const doc = (raw ?? {}) as { agencies?: { lemf?: { id?: unknown } }[]; operators?: { id?: unknown }[]; witnesses?: { id?: unknown }[] };
  const idx = (list: { id?: unknown }[] | undefined) => (list ?? []).findIndex((x) => f.id === undefined || x.id === f.id);
  const prefixes =
    f.role === 'audit' ? ['audit.']
    : f.role === 'control' ? ['control.']
    : f.role === 'mdf' ? ['mediation.']
    : f.role === 'lemf' ? [`agencies[${(doc.agencies ?? []).findIndex((a) => f.id === undefined || a.lemf?.id === f.id)}].lemf.`]
    // A witness verifies the log's checkpoints: it holds the log's public key, never its signing key.
    : f.role === 'witness' ? [`witnesses[${idx(doc.witnesses)}].`, 'audit.publicKey']
    : [`operators[${idx(doc.operators)}].`];
  // The audit log verifies the witnesses' cosignatures: it holds their public keys.
  const extra = f.role === 'audit' ? (at: string) => /^witnesses\[\d+\]\.publicKey$/.test(at) : () => false;
  return (at) => at === 'ca' || prefixes.some((p) => at.startsWith(p)) || extra(at);
}

export function checkDeploymentText(file: string, text: string, filesOf?: FilesOf): CheckResult {
  const abs = resolve(file);
  const { value, errors } = parseYaml(abs, text);
  if (errors.length > 0) return { ok: false, errors };
  const ctx: Ctx = { baseDir: dirname(abs), errors: [], ...(filesOf ? { checksFile: filesOfRole(value, filesOf) } : {}) };
  const parsed = deploymentSchema.parse(value, '', ctx);
  // Cross-section checks need the whole shape; run them only on a file that has it.
  if (parsed === INVALID) return { ok: false, errors: ctx.errors };
  const semantic = semanticErrors(parsed);
  if (semantic.length > 0) return { ok: false, errors: semantic };
  return { ok: true, deployment: { ...parsed, file: abs } };
}

export function checkDeployment(file: string, filesOf?: FilesOf): CheckResult {
  const abs = resolve(file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    return {
      ok: false,
      errors: [
        `deployment file: expected a readable file, got ${JSON.stringify(abs)} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      ],
    };
  }
  return checkDeploymentText(abs, text, filesOf);
}

/** The validated deployment, or a `ConfigError` (CONFIG_INVALID) whose `errors` lists every problem. */
export function loadDeployment(file: string, filesOf?: FilesOf): Deployment {
  const r = checkDeployment(file, filesOf);
  if (!r.ok) throw new ConfigError(resolve(file), r.errors);
  return r.deployment;
}

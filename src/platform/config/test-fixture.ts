/**
 * Test fixture: the example deployment written to a fresh directory, optionally edited as data
 * (parsed, changed, written back) so each bad case changes exactly one thing on a valid file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { exampleDeploymentYaml } from './example.ts';

export type Node = Record<string, unknown>;

/** The mapping at `path` (`agencies.0.lemf`) of a parsed document. */
export function at(doc: unknown, path: string): Node {
  let n: unknown = doc;
  for (const k of path.split('.').filter((s) => s.length > 0))
    n = Array.isArray(n) ? (n[Number(k)] as unknown) : (n as Node)[k];
  if (typeof n !== 'object' || n === null || Array.isArray(n))
    throw new Error(`fixture: no mapping at ${path}`);
  return n as Node;
}

export interface Fixture {
  dir: string;
  file: string;
}

const roots: string[] = [];

/** Writes the example deployment (ports from `basePort`), then applies `edit` to its parsed YAML. */
export function fixture(edit?: (doc: Node) => void, basePort = 7400): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'warranted-config-'));
  roots.push(dir);
  const file = exampleDeploymentYaml(dir, { basePort });
  if (edit) {
    const doc = parse(readFileSync(file, 'utf8')) as Node;
    edit(doc);
    writeFileSync(file, stringify(doc));
  }
  return { dir, file };
}

/** Removes every fixture directory (call from `after`). */
export function removeFixtures(): void {
  for (const d of roots.splice(0)) rmSync(d, { recursive: true, force: true });
}

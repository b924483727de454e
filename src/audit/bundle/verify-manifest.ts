/**
 * The MANIFEST check: every file of the bundle is listed, every listed file is there, and each has
 * the SHA-256 the MANIFEST gives. The MANIFEST is not signed — an exporter can rewrite it with the
 * files — so this catches damage and careless edits; what catches a deliberate edit is the
 * cryptography after it (signatures, proofs, the anchor root), which runs whatever this finds.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { digestTree } from './digest.ts';
import { MANIFEST_FILE, parseManifest, type BundleManifest } from './format.ts';
import type { ProblemList } from './problems.ts';

export async function checkManifest(dir: string, problems: ProblemList): Promise<BundleManifest | undefined> {
  let manifest: BundleManifest | undefined;
  try {
    manifest = parseManifest(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
  } catch (error) {
    problems.addError(error, 'AUDIT_BUNDLE_MALFORMED', { file: MANIFEST_FILE });
  }
  if (manifest === undefined) return undefined;
  let present;
  try {
    present = await digestTree(dir);
  } catch (error) {
    problems.add('AUDIT_BUNDLE_MALFORMED', `cannot read the bundle: ${(error as Error).message}`, { file: '.' });
    return manifest;
  }
  present.delete(MANIFEST_FILE);
  for (const [path, expected] of manifest.files) {
    const actual = present.get(path);
    if (actual === undefined) problems.add('AUDIT_BUNDLE_MANIFEST_MISMATCH', `${path} is listed in the MANIFEST but missing from the bundle`, { file: path });
    else if (actual.digest !== expected) problems.add('AUDIT_BUNDLE_MANIFEST_MISMATCH', `${path}: SHA-256 ${actual.digest} differs from the MANIFEST's ${expected}`, { file: path });
  }
  for (const path of present.keys()) {
    if (!manifest.files.has(path)) problems.add('AUDIT_BUNDLE_MANIFEST_MISMATCH', `${path} is in the bundle but not in its MANIFEST`, { file: path });
  }
  return manifest;
}

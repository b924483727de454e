/**
 * Access to the external validators in ../shared/validators (xmllint + official XSD, asn1c decoder
 * built from the official ASN.1, tshark's 5GLI dissector). Tests call these on the bytes our encoders
 * produce. Where ../shared is absent (a user's own clone) `validatorsSkipReason` says why and the
 * test reports itself skipped with that reason.
 */
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const repoRoot = resolve(import.meta.dirname, '../..');
/** Location of the shared folder (validators, standards, vectors). Override with WARRANTED_SHARED. */
export const sharedDir = process.env.WARRANTED_SHARED ?? resolve(repoRoot, '../shared');
export const validatorsDir = join(sharedDir, 'validators');
export const standardsDir = join(sharedDir, 'standards');
export const vectorsDir = join(sharedDir, 'vectors', 'third-party');

/** undefined when the validators can run; otherwise the reason to report with `skip`. */
export const validatorsSkipReason: string | undefined = existsSync(join(validatorsDir, 'install.sh'))
  ? undefined
  : `../shared/validators not found at ${validatorsDir} (a clone without the shared folder): external validation skipped`;

export interface ValidatorResult {
  ok: boolean;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one validator script (e.g. 'validate-x1.sh') with arguments. */
export function runValidator(script: string, args: string[]): ValidatorResult {
  const r = spawnSync('bash', [join(validatorsDir, script), ...args], {
    encoding: 'utf8',
    env: { ...process.env, LIV_QUIET: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ok: r.status === 0, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Writes each buffer to a temp file (with the given extension) and runs the validator over all of
 * them at once (one process: the asn1c and tshark start-ups are the slow part).
 */
export function validateBytes(
  script: string,
  files: { name: string; bytes: Uint8Array | string }[],
  extraArgs: string[] = [],
): ValidatorResult {
  const dir = mkdtempSync(join(tmpdir(), 'warranted-val-'));
  try {
    const paths = files.map((f) => {
      const p = join(dir, f.name);
      writeFileSync(p, f.bytes);
      return p;
    });
    return runValidator(script, [...extraArgs, ...paths]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

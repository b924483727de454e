/**
 * `inspect --validate`: runs the independent validator of ../shared/validators that matches the
 * format (xmllint + official XSD for X1/HI-1, tshark 5gli + framing check for X2/X3, the asn1c
 * codec built from the official ASN.1 for PS-PDUs) and reports its verdict. Where the shared folder
 * is absent (a clone without it) the verdict is "skipped" with the reason.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { JsonRecord } from './decoders.ts';
import { ts33128PayloadType, type InspectFormat } from './detect.ts';
import type { InspectedFlow } from './pcap.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');

/** The validators folder: $WARRANTED_SHARED/validators, else ../shared/validators beside the repository. */
export function validatorsLocation(): string {
  return join(process.env.WARRANTED_SHARED ?? resolve(repoRoot, '../shared'), 'validators');
}

type Validated = 'x1' | 'hi1' | 'x2x3' | 'pspdu' | 'ts33128';
const VALIDATORS: Record<Validated, { script: string; args: string[] }> = {
  x1: { script: 'validate-x1.sh', args: [] },
  hi1: { script: 'validate-hi1.sh', args: [] },
  // -P: X2 payloads of format 2 (TS 33.128) are re-decoded with asn1c too; -F: one line per PDU.
  x2x3: { script: 'decode-x2x3.sh', args: ['-P', '-F'] },
  // -c: ASN.1 constraints too; -o null: verdict only.
  pspdu: { script: 'decode-ps-pdu.sh', args: ['-c', '-o', 'null'] },
  // the type is added per file: -t 33128:XIRIPayload|IRIPayload|CCPayload|LINotificationPayload
  ts33128: { script: 'decode-ps-pdu.sh', args: ['-c', '-o', 'null'] },
};

/** Keeps the end of a validator's output, where the verdict and the reasons are. */
function tail(text: string, max = 4000): string {
  const t = text.trim();
  return t.length <= max ? t : `…${t.slice(t.length - max)}`;
}

function run(format: Validated, path: string, where: JsonRecord, extraArgs: string[] = []): JsonRecord {
  const dir = validatorsLocation();
  const { script } = VALIDATORS[format];
  const args = [...extraArgs, ...VALIDATORS[format].args];
  if (!existsSync(join(dir, script))) {
    return {
      ...where,
      validator: script,
      verdict: 'skipped',
      reason: `external validators not found at ${dir} (set WARRANTED_SHARED to the shared folder): nothing was validated`,
    };
  }
  const r = spawnSync('bash', [join(dir, script), ...args, path], {
    encoding: 'utf8',
    env: { ...process.env, LIV_QUIET: '1' },
    maxBuffer: 256 * 1024 * 1024,
  });
  const verdict = r.status === 0 ? 'valid' : r.status === 2 ? 'error' : 'invalid';
  return { ...where, validator: script, verdict, exitStatus: r.status, output: tail(`${r.stdout}\n${r.stderr}`) };
}

/**
 * Validates one file. For a pcap each decoded flow is written (reassembled) to a temporary file and
 * handed to the stream format's validator, since those validators read raw streams, not captures.
 */
export function validateFile(format: InspectFormat, bytes: Uint8Array, path: string, flows: readonly InspectedFlow[], where: JsonRecord): JsonRecord[] {
  if (format === 'ts33128') return [run(format, path, where, ['-t', `33128:${ts33128PayloadType(bytes) ?? 'XIRIPayload'}`])];
  if (format !== 'pcap') return [run(format, path, where)];
  const li = flows.filter((f) => f.stream !== undefined);
  if (li.length === 0) return [{ ...where, verdict: 'skipped', reason: 'no X2/X3 or PS-PDU flow in the capture to validate' }];
  const tmp = mkdtempSync(join(tmpdir(), 'warranted-inspect-'));
  try {
    return li.map((f, i) => {
      const file = join(tmp, `flow-${i}.${f.stream === 'x2x3' ? 'bin' : 'ber'}`);
      writeFileSync(file, Buffer.concat(f.flow.chunks));
      return run(f.stream!, file, { ...where, flow: f.flow.id, stream: f.stream! });
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

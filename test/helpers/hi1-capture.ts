/**
 * Captures every HI-1 document our code emits (Hi1Client requests, desk responses: the
 * diagnostics channel of src/warrants/desk/capture.ts) into a temp directory, then validates them
 * all with ../shared/validators/validate-hi1.sh — the official TS 103 120 XSDs — plus our own
 * extension schema (src/standards/hi1/schema/warranted-hi1-1.xsd) through LIV_SCHEMA.
 * Usage: `const cap = startHi1Capture()` in before(), `cap.validate()` in a test, `cap.stop()` in after().
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { HI1_EMITTED_CHANNEL, type Hi1EmittedDocument } from '../../src/warrants/desk/index.ts';
import { validatorsDir, type ValidatorResult } from './validators.ts';

export const EXTENSION_XSD = resolve(import.meta.dirname, '../../src/standards/hi1/schema/warranted-hi1-1.xsd');
const SHARED_WRAPPER = join(validatorsDir, 'lib', 'hi1-validation.xsd');

const fileUrl = (p: string): string => new URL(`file://${p}`).href;

/**
 * A LIV_SCHEMA wrapper in `dir`: the validators' own wrapper (official XSDs, loaded first) and then
 * our extension schema, whose imports name the ETSI namespaces only.
 */
export function writeExtensionWrapper(dir: string, extensionXsd = EXTENSION_XSD): string {
  const path = join(dir, 'warranted-hi1-validation.xsd');
  writeFileSync(
    path,
    `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:warranted:test:hi1-validation-wrapper">
  <xs:import namespace="urn:li-validators:hi1-validation-wrapper" schemaLocation="${fileUrl(SHARED_WRAPPER)}"/>
  <xs:import namespace="urn:warranted:hi1:1" schemaLocation="${fileUrl(extensionXsd)}"/>
</xs:schema>
`,
  );
  return path;
}

/** validate-hi1.sh over `files` with the official XSDs plus our extension schema. */
export function validateHi1Files(files: readonly string[], extensionXsd = EXTENSION_XSD): ValidatorResult {
  const dir = mkdtempSync(join(tmpdir(), 'warranted-hi1-xsd-'));
  try {
    const r = spawnSync('bash', [join(validatorsDir, 'validate-hi1.sh'), ...files], {
      encoding: 'utf8',
      env: { ...process.env, LIV_QUIET: '1', LIV_SCHEMA: writeExtensionWrapper(dir, extensionXsd) },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { ok: r.status === 0, status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Hi1Capture {
  readonly dir: string;
  /** Paths of the documents captured so far, in order (`<n>-<emitter>-<root payload>.xml`). */
  files(): string[];
  /** Validates every captured document in one validate-hi1.sh run. */
  validate(): ValidatorResult;
  stop(): void;
}

export function startHi1Capture(): Hi1Capture {
  const dir = mkdtempSync(join(tmpdir(), 'warranted-hi1-capture-'));
  let n = 0;
  const onMessage = (message: unknown): void => {
    const m = message as Hi1EmittedDocument;
    const kind = /<(?:\w+:)?(RequestPayload|ResponsePayload)\b/.exec(m.xml)?.[1] ?? 'unknown';
    writeFileSync(join(dir, `${String(++n).padStart(5, '0')}-${m.emitter}-${kind}.xml`), m.xml);
  };
  subscribe(HI1_EMITTED_CHANNEL, onMessage);
  const files = (): string[] => (existsSync(dir) ? readdirSync(dir).sort().map((f) => join(dir, f)) : []);
  return {
    dir,
    files,
    validate: () => validateHi1Files(files()),
    stop: () => {
      unsubscribe(HI1_EMITTED_CHANNEL, onMessage);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The check a test file ends with: at least `minimum` documents were captured (so the hook was on
 * and HI-1 was really used) and every one of them validates.
 */
export function assertCapturedHi1Valid(capture: Hi1Capture, minimum: number): void {
  const files = capture.files();
  if (files.length < minimum) throw new Error(`captured ${files.length} HI-1 documents, expected at least ${minimum}`);
  const r = capture.validate();
  if (!r.ok) throw new Error(`validate-hi1.sh refused some of the ${files.length} HI-1 documents:\n${r.stderr}\n${r.stdout}`);
}

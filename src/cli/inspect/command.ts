/**
 * `warranted inspect FILE… [--validate] [--format x1|hi1|x2x3|pspdu|pcap|auto]`: decodes X1,
 * HI-1, X2/X3 streams, PS-PDU streams and pcaps of such traffic with the project's own codecs and
 * prints one JSON object per line (one per message / PDU / error / validator verdict).
 * `warranted inspect --evidence DIR --key FILE --liid LIID [--channel HI2|HI3] [--export OUT]` reads a
 * LEMF's sealed evidence back (evidence-export.ts).
 * Exit status: 0 = everything decoded (and validated, with --validate); 1 = a decode error or a
 * validator rejected something; 2 = usage error.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { INSPECT_FORMATS, detectFormat, type InspectFormat } from './detect.ts';
import { inspectHi1, inspectPsPduStream, inspectTs33128, inspectX1, inspectX2X3Stream, type JsonRecord } from './decoders.ts';
import { inspectPcap, type InspectedFlow } from './pcap.ts';
import { validateFile } from './validate.ts';
import { errorJson } from './json.ts';
import { InspectError } from './errors.ts';
import { inspectEvidence } from './evidence-export.ts';

export interface InspectOutput {
  write(chunk: string): unknown;
}

export interface InspectOptions {
  validate?: boolean;
  /** A format name or 'auto' (the default): detect from the content. */
  format?: string;
}

export const EXIT_OK = 0;
export const EXIT_DECODE_FAILED = 1;
export const EXIT_USAGE = 2;

function isFormat(f: string): f is InspectFormat {
  return (INSPECT_FORMATS as readonly string[]).includes(f);
}

/** Decodes (and optionally validates) every file; returns the process exit status. */
export function inspectFiles(files: readonly string[], options: InspectOptions, out: InspectOutput): number {
  const emit = (record: JsonRecord): void => {
    out.write(`${JSON.stringify(record)}\n`);
  };
  const wanted = options.format ?? 'auto';
  if (wanted !== 'auto' && !isFormat(wanted)) {
    emit({ error: errorJson(new InspectError('INSPECT_USAGE', `--format must be one of ${INSPECT_FORMATS.join(', ')}, auto; got "${wanted}"`)) });
    return EXIT_USAGE;
  }
  if (files.length === 0) {
    emit({ error: errorJson(new InspectError('INSPECT_USAGE', 'no FILE given')) });
    return EXIT_USAGE;
  }
  let ok = true;
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      const b = readFileSync(file);
      bytes = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      emit({ file, error: errorJson(new InspectError('INSPECT_FILE_UNREADABLE', `cannot read ${file}: ${reason}`, { cause })) });
      ok = false;
      continue;
    }
    const format = wanted === 'auto' ? detectFormat(bytes) : wanted;
    if (format === undefined) {
      const err = new InspectError('INSPECT_UNKNOWN_FORMAT', `${file}: content is none of X1 XML, HI-1 XML, X2/X3, PS-PDU BER, TS 33.128 BER, pcap`, {
        details: { octets: bytes.length },
      });
      emit({ file, format: null, error: errorJson(err) });
      ok = false;
      continue;
    }
    const where: JsonRecord = { file, format };
    let flows: InspectedFlow[] = [];
    let decoded: boolean;
    switch (format) {
      case 'x1':
        decoded = inspectX1(bytes, where, emit);
        break;
      case 'hi1':
        decoded = inspectHi1(bytes, where, emit);
        break;
      case 'x2x3':
        decoded = inspectX2X3Stream([bytes], where, emit);
        break;
      case 'pspdu':
        decoded = inspectPsPduStream([bytes], where, emit);
        break;
      case 'ts33128':
        decoded = inspectTs33128(bytes, where, emit);
        break;
      case 'pcap': {
        const r = inspectPcap(bytes, where, emit);
        decoded = r.ok;
        flows = r.flows;
        break;
      }
    }
    ok &&= decoded;
    if (options.validate === true) {
      for (const verdict of validateFile(format, bytes, file, flows, where)) {
        emit(verdict);
        if (verdict.verdict !== 'valid' && verdict.verdict !== 'skipped') ok = false;
      }
    }
  }
  return ok ? EXIT_OK : EXIT_DECODE_FAILED;
}

/**
 * Parses `inspect`'s own arguments (FILE…, --validate, --format F / --format=F) and runs it.
 * Resolves to the exit status; never calls process.exit.
 */
export function runInspect(args: readonly string[], out: InspectOutput = process.stdout): Promise<number> {
  const files: string[] = [];
  const options: InspectOptions = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--validate') options.validate = true;
    else if (a === '--format') {
      const v = args[++i];
      if (v === undefined) return Promise.resolve(usage(out, '--format needs a value'));
      options.format = v;
    } else if (a.startsWith('--format=')) options.format = a.slice('--format='.length);
    else if (a === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    else if (a.startsWith('-') && a !== '-') return Promise.resolve(usage(out, `unknown option ${a}`));
    else files.push(a);
  }
  return Promise.resolve(inspectFiles(files, options, out));
}

function usage(out: InspectOutput, message: string): number {
  out.write(`${JSON.stringify({ error: errorJson(new InspectError('INSPECT_USAGE', message)) })}\n`);
  return EXIT_USAGE;
}

/** Adds `inspect` to the `warranted` command line (commander). */
export function registerInspectCommand(program: Command): Command {
  return program
    .command('inspect')
    .description('decode X1 / HI-1 XML, X2/X3 and PS-PDU streams, or pcaps of them, and print JSON (one object per line)')
    .argument('[file...]', 'files to decode')
    .option('--validate', 'also run the matching external validator from ../shared/validators')
    .option('--format <format>', `one of ${INSPECT_FORMATS.join(', ')}, auto`, 'auto')
    .option('--evidence <dir>', "instead of files: a LEMF's data directory (agencies[].lemf.dir), whose evidence is sealed at rest")
    .option('--key <file>', "with --evidence: the LEMF's evidence key file (agencies[].lemf.evidenceKey)")
    .option('--liid <liid>', 'with --evidence: the LIID to read')
    .option('--channel <channel>', 'with --evidence: HI2 (IRI) or HI3 (CC)', 'HI3')
    .option('--export <file>', 'with --evidence: write the plain PS-PDU stream to <file> (mode 0600) instead of decoding it')
    .action((files: string[], opts: { validate?: boolean; format: string; evidence?: string; key?: string; liid?: string; channel: string; export?: string }) => {
      if (opts.evidence !== undefined) {
        if (opts.key === undefined || opts.liid === undefined || files.length > 0) {
          process.exitCode = usage(process.stdout, '--evidence needs --key and --liid, and no FILE');
          return;
        }
        process.exitCode = inspectEvidence({ dir: opts.evidence, key: opts.key, liid: opts.liid, channel: opts.channel, ...(opts.export !== undefined ? { export: opts.export } : {}) }, process.stdout);
        return;
      }
      process.exitCode = inspectFiles(files, { validate: opts.validate === true, format: opts.format }, process.stdout);
    });
}

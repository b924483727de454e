/**
 * `warranted rd request …` (docs/rd.md "Asking as an agency"): the agency's end of retained data.
 * Prints the records as JSON lines (default) or a table; exit 0 with records (or none), 2 on a usage
 * error, 3 when the RDHI refused (the categorised error on stderr), 4 when the RDHI could not be
 * reached or its answer did not verify.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadDeployment } from '../../platform/config/load.ts';
import { WarrantedError } from '../../platform/errors.ts';
import type { RdAnswer } from '../../wires/rd/index.ts';
import { RD_EXIT, RdCliError } from './errors.ts';
import { recordJson, recordsTable } from './print.ts';
import { rdRequest, saveAnswers, type RdRequestOptions } from './request.ts';

interface CliOptions extends Omit<RdRequestOptions, 'timeoutMs'> {
  config: string;
  format: string;
  save?: string;
  saveRequest?: string;
  timeout?: string;
}

export function registerRdCommands(program: Command): void {
  const rd = program.command('rd').description("retained data (ETSI TS 102 657): ask an operator's RDHI under a production order");
  rd.command('request')
    .description('one exact request (one identifier, one category, one period) under a signed production order')
    .requiredOption('--config <file>', 'deployment file')
    .requiredOption('--agency <id>', 'the requesting agency (its client certificate identity)')
    .requiredOption('--operator <id>', 'the operator whose RDHI is asked')
    .requiredOption('--order <id>', 'the production order (RequestID.externalIdentifier)')
    .requiredOption('--category <c>', 'subscriber|calls|sms|dataSessions|location|equipment|ipSubscriber')
    .option('--msisdn <e164>', 'the identifier: an MSISDN')
    .option('--imsi <imsi>', 'the identifier: an IMSI')
    .option('--imei <imei>', 'the identifier: an IMEI')
    .option('--ip <addr>', 'the identifier: an IP address (with --at, and --port behind a CGNAT)')
    .option('--at <time>', 'the instant the IP address was seen (ISO 8601 with zone)')
    .option('--port <n>', 'the source port behind a CGNAT')
    .option('--from <time>', 'start of the period (ISO 8601 with zone)')
    .option('--to <time>', 'end of the period (inclusive)')
    .option('--cert <file>', "the agency's client certificate (default: agencies[].lemf.console.hi1.cert)")
    .option('--key <file>', "the agency's client key (default: agencies[].lemf.console.hi1.key)")
    .option('--operator-key <file>', "the RDHI's answer-signing public key (default: the .pub.pem beside its signingKey)")
    .option('--format <f>', 'json (one record per line) or table', 'json')
    .option('--save <file>', 'write the raw answer bytes (signed BER) to this file')
    .option('--save-request <file>', 'write the request bytes as sent (BER) to this file')
    .option('--timeout <ms>', 'time allowed for the final answer', '30000')
    .action(async (o: CliOptions) => {
      let answers: readonly RdAnswer[] | undefined;
      let requestBytes: Uint8Array | undefined;
      try {
        if (o.format !== 'json' && o.format !== 'table') throw new RdCliError('RD_CLI_USAGE', `--format: expected json or table, got ${JSON.stringify(o.format)}`);
        const d = loadDeployment(o.config);
        const r = await rdRequest(d, { ...o, timeoutMs: Number(o.timeout ?? 30000) });
        answers = r.answers;
        requestBytes = r.requestBytes;
        if (o.format === 'json') for (const rec of r.records) process.stdout.write(`${recordJson(rec)}\n`);
        else process.stdout.write(`${recordsTable(r.records)}\n`);
        process.stderr.write(`${r.records.length} record(s) from ${o.operator}, signed answer verified\n`);
      } catch (e) {
        answers = (e as { answers?: RdAnswer[] }).answers ?? answers;
        requestBytes = (e as { requestBytes?: Uint8Array }).requestBytes ?? requestBytes;
        const code = e instanceof WarrantedError ? e.code : 'RD_CLI_FAILED';
        const std = e instanceof WarrantedError && e.standardCode !== undefined ? ` (${String(e.standardCode)})` : '';
        process.stderr.write(`error ${code}${std}: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = code === 'RD_CLI_REFUSED' ? RD_EXIT.refused : code === 'RD_CLI_USAGE' || code === 'RD_CLI_NO_CREDENTIALS' || code.startsWith('CONFIG_') ? RD_EXIT.usage : RD_EXIT.wire;
      } finally {
        if (o.save !== undefined && answers !== undefined) saveAnswers(o.save, answers);
        if (o.saveRequest !== undefined && requestBytes !== undefined) writeFileSync(o.saveRequest, requestBytes, { mode: 0o600 });
      }
    });
}

/**
 * `warranted warrant …`: submit (JSON draft or an HI-1 CREATE message), approve, confirm, revoke,
 * show, list — on the data directory, through the same intake code as the HI-1 desk.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { WARRANT_STATES, signApproval, signStatement, WarrantError, type WarrantDraft, type WarrantState } from '../../warrants/index.ts';
import { deskObjectsKeyFrom, FileDeskObjectStore, WarrantDesk, activateDue, addApprovals, submitWithSignatures } from '../../warrants/desk/index.ts';
import { decodeHI1Message } from '../../standards/hi1/index.ts';
import { CliError } from './errors.ts';
import { readSigner } from './key-file.ts';
import { describeWarrant, oneLine, run, withCommon, type CommonOptions } from './run.ts';
import type { OpenedData } from './data-dir.ts';

async function mustGet(d: OpenedData, id: string) {
  const rec = await d.service.get(id);
  if (!rec) throw new WarrantError('WARRANT_NOT_FOUND', `no warrant ${id}`);
  return rec;
}

/** Brings states up to date before anything is shown or changed (activation when due, expiry). */
async function sweep(d: OpenedData): Promise<void> {
  await activateDue(d);
  await d.service.tick();
}

async function submitHi1(d: OpenedData, path: string) {
  const bytes = readFileSync(path);
  // The file's SenderIdentifier is the agency: the operator at the console vouches for the file.
  let sender = 'unknown';
  try {
    sender = decodeHI1Message(bytes).header.senderIdentifier.uniqueIdentifier;
  } catch {
    /* the desk refuses it below, with the codec's error code */
  }
  const desk = new WarrantDesk({ service: d.service, keys: d.keys, audit: d.log, coreAudit: d.audit, clock: d.clock, identityKey: d.identityKey, objects: await FileDeskObjectStore.open(join(d.dir, 'desk-objects.jsonl'), deskObjectsKeyFrom(d.identityKey)) });
  const reply = await desk.handle(bytes, sender);
  const p = reply.message.payload;
  const results = p.kind === 'response'
    ? p.actionResponses.map((a) => (a.verb === 'ErrorInformation' ? { action: a.actionIdentifier, errorCode: a.error.errorCode, error: a.error.errorDescription } : { action: a.actionIdentifier, result: a.verb, ...('identifier' in a ? { identifier: a.identifier } : {}) }))
    : p.kind === 'error' ? [{ action: null, errorCode: p.errorInformation.errorCode, error: p.errorInformation.errorDescription }] : [];
  const failed = results.some((r) => 'errorCode' in r);
  const text = results.map((r) => ('errorCode' in r ? `action ${String(r.action)}: refused ${r.errorCode} ${r.error}` : `action ${r.action}: ${r.result} ${r.identifier ?? ''}`)).join('\n');
  return { json: { results, response: reply.body }, text, exitCode: failed ? 2 : 0 };
}

export function registerWarrantCommands(program: Command): void {
  const warrant = program.command('warrant').description('submit, approve, confirm, revoke and inspect warrants');

  withCommon(warrant.command('submit [file]').description('submit a warrant: a JSON warrant draft, or --hi1 an HI-1 (TS 103 120) CREATE message'))
    .option('--hi1 <file>', 'HI-1 message (XML) with the CREATE of an Authorisation and its LITasks')
    .action((file: string | undefined, o: CommonOptions & { hi1?: string }) =>
      run(o, true, async (d) => {
        if (o.hi1) return submitHi1(d, o.hi1);
        if (!file) throw new CliError('CLI_USAGE', 'give a warrant JSON file or --hi1 FILE.xml');
        const draft = JSON.parse(readFileSync(file, 'utf8')) as WarrantDraft;
        const rec = await submitWithSignatures(d, draft, []);
        return { json: rec, text: `submitted ${rec.warrant.id}: ${rec.state}\nhash ${rec.hash}` };
      }),
    );

  withCommon(warrant.command('approve <id>').description('sign the warrant\'s canonical bytes as an approving authority'))
    .requiredOption('--key <keyfile>', 'signing key file (keys add --generate)')
    .requiredOption('--authority <id>', 'the approving authority (must be the key file\'s)')
    .action((id: string, o: CommonOptions & { key: string; authority: string }) =>
      run(o, true, async (d) => {
        await sweep(d);
        const signer = readSigner(o.key, o.authority);
        const rec = await mustGet(d, id);
        const out = await addApprovals(d, id, [signApproval(rec.canonical, signer, d.clock.now())]);
        return { json: out, text: `${id}: signed by ${signer.authorityId} (${signer.role}); state ${out.state}` };
      }),
    );

  withCommon(warrant.command('confirm <id>').description('operator compliance officer confirms the warrant for an operator'))
    .requiredOption('--operator <op>', 'operator id named on the warrant')
    .requiredOption('--key <keyfile>', 'the officer\'s signing key file')
    .requiredOption('--officer <id>', 'the compliance officer (authority id; must be the key file\'s)')
    .action((id: string, o: CommonOptions & { operator: string; key: string; officer: string }) =>
      run(o, true, async (d) => {
        await sweep(d);
        const signer = readSigner(o.key, o.officer);
        const rec = await mustGet(d, id);
        const out = await d.service.confirmByOperator(id, signStatement('operator-confirmation', rec.hash, o.operator, signer, d.clock.now()));
        return { json: out, text: `${id}: confirmed for ${o.operator} by ${signer.authorityId}; state ${out.state}` };
      }),
    );

  withCommon(warrant.command('revoke <id>').description('revoke the warrant with a signed statement: every task stops'))
    .requiredOption('--key <keyfile>', 'signing key file of an authority allowed to revoke')
    .requiredOption('--reason <text>', 'reason (signed, recorded)')
    .action((id: string, o: CommonOptions & { key: string; reason: string }) =>
      run(o, true, async (d) => {
        await sweep(d);
        const signer = readSigner(o.key);
        const rec = await mustGet(d, id);
        const out = await d.service.revoke(id, signStatement('revocation', rec.hash, o.reason, signer, d.clock.now()));
        return { json: out, text: `${id}: revoked by ${signer.authorityId}; state ${out.state}` };
      }),
    );

  withCommon(warrant.command('show <id>').description('show one warrant (state, signatures, history)')).action((id: string, o: CommonOptions) =>
    run(o, true, async (d) => {
      await sweep(d);
      const rec = await mustGet(d, id);
      return { json: rec, text: describeWarrant(rec) };
    }),
  );

  withCommon(warrant.command('list').description('list warrants'))
    .option('--state <state>', `only warrants in this state (${WARRANT_STATES.join(', ')})`)
    .action((o: CommonOptions & { state?: string }) =>
      run(o, true, async (d) => {
        if (o.state !== undefined && !WARRANT_STATES.includes(o.state as WarrantState)) throw new CliError('CLI_USAGE', `unknown state ${o.state}`);
        await sweep(d);
        const recs = await d.service.list(o.state ? { states: [o.state as WarrantState] } : undefined);
        return { json: recs, text: recs.length === 0 ? 'no warrants' : recs.map(oneLine).join('\n') };
      }),
    );
}

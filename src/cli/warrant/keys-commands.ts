/**
 * `warranted keys …`: the key registry of approving authorities. Every change is an audit event
 * appended before it applies; the registry is rebuilt from those events (see data-dir.ts).
 */
import type { Command } from 'commander';
import { AUTHORITY_ROLES, generateSigningKey, type AuthorityRole } from '../../warrants/index.ts';
import { CliError } from './errors.ts';
import { writeKeyFile } from './key-file.ts';
import { run, withCommon, type CommonOptions } from './run.ts';

interface AddOptions extends CommonOptions {
  authority: string;
  role: string;
  name: string;
  generate?: string;
  publicKey?: string;
  validFrom?: string;
  validUntil?: string;
  operator?: string;
  fourEyes?: boolean;
}

export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('approving authorities and their Ed25519 keys');

  withCommon(keys.command('add').description('register an authority (if new) and add a public key'))
    .requiredOption('--authority <id>', 'authority id, e.g. pk-ihc-judge-1')
    .requiredOption('--role <role>', `role: ${AUTHORITY_ROLES.join(', ')}`)
    .requiredOption('--name <name>', 'human-readable name')
    .option('--generate <path>', 'generate a key pair and write the private key file there (0600)')
    .option('--public-key <b64>', 'base64 raw 32-byte Ed25519 public key held elsewhere')
    .option('--valid-from <time>', 'ISO time the key becomes valid (default now)')
    .option('--valid-until <time>', 'ISO time the key stops being valid')
    .option('--operator <op>', 'compliance officers: the operator whose named officer this is')
    .option('--four-eyes', 'with --operator: the operator needs two different officers to confirm')
    .action((o: AddOptions) =>
      run(o, false, async (d) => {
        if (!(AUTHORITY_ROLES as readonly string[]).includes(o.role)) throw new CliError('CLI_USAGE', `unknown role ${o.role}`);
        if ((o.generate === undefined) === (o.publicKey === undefined)) throw new CliError('CLI_USAGE', 'give exactly one of --generate PATH and --public-key B64');
        if (o.operator !== undefined && o.role !== 'compliance-officer') throw new CliError('CLI_USAGE', '--operator is for compliance officers');
        const role = o.role as AuthorityRole;
        const existing = d.keys.authority(o.authority);
        if (existing && existing.role !== role) throw new CliError('CLI_USAGE', `${o.authority} is registered as ${existing.role}`);
        const generated = o.generate !== undefined ? generateSigningKey() : undefined;
        const publicKey = generated?.publicKey ?? o.publicKey!;
        if (!existing) await d.keys.registerAuthority({ id: o.authority, role, name: o.name });
        const key = await d.keys.addKey(o.authority, { publicKey, ...(o.validFrom ? { validFrom: o.validFrom } : {}), ...(o.validUntil ? { validUntil: o.validUntil } : {}) });
        if (generated && o.generate) writeKeyFile(o.generate, generated, { authorityId: o.authority, role, keyId: key.keyId });
        if (o.operator !== undefined) {
          const policies = d.operators.filter((p) => p.operatorId !== o.operator);
          const old = d.operators.find((p) => p.operatorId === o.operator);
          policies.push({ operatorId: o.operator, fourEyes: o.fourEyes ?? old?.fourEyes ?? false, officers: [...new Set([...(old?.officers ?? []), o.authority])] });
          d.saveOperators(policies);
        }
        return { json: { authority: d.keys.authority(o.authority), key }, text: `key ${key.keyId} added for ${o.authority} (${role})${o.generate ? `; private key written to ${o.generate}` : ''}` };
      }),
    );

  withCommon(keys.command('revoke <keyId>').description('revoke a key from now: every later verification refuses it'))
    .requiredOption('--reason <text>', 'why (recorded in the audit log)')
    .option('--at <time>', 'revoke from this (earlier) time, e.g. when a compromise is found late')
    .action((keyId: string, o: CommonOptions & { reason: string; at?: string }) =>
      run(o, false, async (d) => {
        const k = await d.keys.revokeKey(keyId, o.reason, o.at);
        return { json: k, text: `key ${keyId} of ${k.authorityId} revoked from ${k.revokedAt ?? ''}` };
      }),
    );

  withCommon(keys.command('list').description('authorities and their keys')).action((o: CommonOptions) =>
    run(o, false, (d) => {
      const authorities = d.keys.authorities().map((a) => ({ ...a, keys: d.keys.keysOf(a.id) }));
      const text = authorities.length === 0 ? 'no authorities' : authorities
        .map((a) => [`${a.id}  ${a.role}  ${a.name}`, ...a.keys.map((k) => `  ${k.keyId}  from ${k.validFrom}${k.validUntil ? ` until ${k.validUntil}` : ''}${k.revokedAt ? `  REVOKED ${k.revokedAt}: ${k.revocationReason ?? ''}` : ''}`)].join('\n'))
        .join('\n');
      return Promise.resolve({ json: { authorities, operators: d.operators }, text });
    }),
  );
}

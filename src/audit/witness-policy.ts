/**
 * The witness policy: which log, which witnesses, and how many of their cosignatures make a
 * checkpoint trustworthy. A small text file an overseer can hold next to the log's public key
 * (the audit role writes `<audit dir>/witness-policy.txt`), modelled on the Sigsum/C2SP policy
 * format (one directive per line, `#` comments, blank lines ignored):
 *
 *   log <vkey>                             the log's signed-note verifier key (its name = origin)
 *   witness <name> <vkey> [<url>]          a witness: local name, tlog-cosignature/v1 verifier key
 *   group <name> <k|all|any> <member>...   k of the members (witnesses or earlier groups)
 *   quorum <n | name | none>               n of all witnesses, a witness/group by name, or nothing
 *
 * A vkey is signed-note verifier key text (`<key name>+<hex key id>+<base64(alg || key)>`): 0x01
 * (Ed25519) for the log, 0x04 (cosignature/v1, c2sp.org/tlog-cosignature) for witnesses. Names are
 * local to the policy; the key name inside the vkey is what signature lines carry.
 */
import { AuditError } from './errors.ts';
import { ALG_COSIGNATURE_V1, ALG_ED25519, encodeVerifierKey, parseVerifierKey, type NoteVerifier } from './note.ts';
import { verifyCosignature } from './witness.ts';

export interface PolicyWitness {
  /** Local name (e.g. the deployment's witness id). */
  name: string;
  /** tlog-cosignature/v1 verifier (alg 0x04). */
  verifier: NoteVerifier;
  /** Where the witness is reached (informational: the verifier never goes online). */
  url?: string;
}

export interface PolicyGroup {
  name: string;
  /** How many members must be satisfied: a number, every member, or any one. */
  threshold: number | 'all' | 'any';
  /** Names of witnesses or of groups defined before this one. */
  members: string[];
}

export type PolicyQuorum = { kind: 'none' } | { kind: 'count'; n: number } | { kind: 'name'; name: string };

export interface WitnessPolicy {
  /** The log's checkpoint key (alg 0x01; its name is the log's origin). */
  log: NoteVerifier;
  witnesses: PolicyWitness[];
  groups: PolicyGroup[];
  quorum: PolicyQuorum;
}

export const WITNESS_POLICY_FILE = 'witness-policy.txt';

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

function malformed(line: number, message: string): never {
  throw new AuditError('AUDIT_POLICY_MALFORMED', line > 0 ? `witness policy line ${line}: ${message}` : `witness policy: ${message}`, { details: { line } });
}

function vkey(text: string, alg: number, line: number): NoteVerifier {
  let verifier: NoteVerifier;
  try {
    verifier = parseVerifierKey(text);
  } catch (error) {
    malformed(line, `bad verifier key (${error instanceof Error ? error.message : String(error)})`);
  }
  if (verifier.alg !== alg) malformed(line, alg === ALG_ED25519 ? 'the log key must be an Ed25519 (0x01) key' : 'a witness key must be a cosignature/v1 (0x04) key');
  return verifier;
}

function thresholdOf(text: string, members: number, line: number): PolicyGroup['threshold'] {
  if (text === 'all' || text === 'any') return text;
  if (!/^[1-9]\d{0,3}$/.test(text)) malformed(line, `group threshold must be a positive integer, "all" or "any", got "${text}"`);
  const k = Number(text);
  if (k > members) malformed(line, `group threshold ${k} exceeds its ${members} members`);
  return k;
}

/** Parses the policy text; throws AUDIT_POLICY_MALFORMED naming the first bad line. */
export function parseWitnessPolicy(text: string): WitnessPolicy {
  let log: NoteVerifier | undefined;
  let quorum: { value: PolicyQuorum; line: number } | undefined;
  const witnesses: PolicyWitness[] = [];
  const groups: PolicyGroup[] = [];
  const names = new Set<string>();
  const keyNames = new Set<string>();
  const define = (name: string, line: number): void => {
    if (!NAME.test(name)) malformed(line, `name must be 1..64 of A-Z a-z 0-9 . _ -, got "${name}"`);
    if (names.has(name)) malformed(line, `"${name}" is defined twice`);
    names.add(name);
  };
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const content = raw.replace(/\r$/, '').trim();
    if (content === '' || content.startsWith('#')) return;
    const [keyword, ...args] = content.split(/[ \t]+/) as [string, ...string[]];
    switch (keyword) {
      case 'log':
        if (log !== undefined) malformed(line, 'only one log line');
        if (args.length !== 1) malformed(line, 'expected "log <vkey>"');
        log = vkey(args[0]!, ALG_ED25519, line);
        return;
      case 'witness': {
        if (args.length !== 2 && args.length !== 3) malformed(line, 'expected "witness <name> <vkey> [<url>]"');
        const [name, key, url] = args as [string, string, string?];
        define(name, line);
        const verifier = vkey(key, ALG_COSIGNATURE_V1, line);
        // Two policy names for one key would count one witness twice towards a quorum.
        const keyId = `${verifier.name}+${Buffer.from(verifier.keyId).toString('hex')}`;
        if (keyNames.has(keyId)) malformed(line, `witness key ${verifier.name} is listed twice`);
        keyNames.add(keyId);
        witnesses.push({ name, verifier, ...(url === undefined ? {} : { url }) });
        return;
      }
      case 'group': {
        if (args.length < 3) malformed(line, 'expected "group <name> <k|all|any> <member>..."');
        const [name, k, ...members] = args as [string, string, ...string[]];
        for (const m of members) if (!names.has(m)) malformed(line, `group member "${m}" is not a witness or group defined above`);
        if (new Set(members).size !== members.length) malformed(line, 'a group lists a member twice');
        define(name, line);
        groups.push({ name, threshold: thresholdOf(k, members.length, line), members });
        return;
      }
      case 'quorum': {
        if (quorum !== undefined) malformed(line, 'only one quorum line');
        if (args.length !== 1) malformed(line, 'expected "quorum <n | name | none>"');
        const arg = args[0]!;
        const value: PolicyQuorum = arg === 'none' ? { kind: 'none' } : /^\d+$/.test(arg) ? { kind: 'count', n: Number(arg) } : { kind: 'name', name: arg };
        quorum = { value, line };
        return;
      }
      default:
        malformed(line, `unknown directive "${keyword}" (expected log, witness, group or quorum)`);
    }
  });
  if (log === undefined) malformed(0, 'no log line');
  if (quorum === undefined) malformed(0, 'no quorum line');
  const q = quorum.value;
  if (q.kind === 'count' && (q.n < 1 || q.n > witnesses.length)) malformed(quorum.line, `quorum ${q.n} must be between 1 and the ${witnesses.length} witnesses listed (or "none")`);
  if (q.kind === 'name' && !names.has(q.name)) malformed(quorum.line, `quorum names "${q.name}", which is no witness or group`);
  return { log, witnesses, groups, quorum: q };
}

/** The policy as text (parseWitnessPolicy(formatWitnessPolicy(p)) gives p back). */
export function formatWitnessPolicy(policy: WitnessPolicy, comment?: string): string {
  const lines: string[] = [];
  if (comment !== undefined) for (const c of comment.split('\n')) lines.push(`# ${c}`.trimEnd());
  lines.push(`log ${encodeVerifierKey(policy.log)}`);
  for (const w of policy.witnesses) lines.push(`witness ${w.name} ${encodeVerifierKey(w.verifier)}${w.url === undefined ? '' : ` ${w.url}`}`);
  for (const g of policy.groups) lines.push(`group ${g.name} ${g.threshold} ${g.members.join(' ')}`);
  const q = policy.quorum;
  lines.push(`quorum ${q.kind === 'none' ? 'none' : q.kind === 'count' ? q.n : q.name}`);
  const text = `${lines.join('\n')}\n`;
  parseWitnessPolicy(text); // never write a policy that would not read back
  return text;
}

/**
 * Names of the policy's witnesses with a valid tlog-cosignature/v1 cosignature on the note (over
 * exactly its checkpoint body). Lines by unknown keys are ignored (c2sp.org/signed-note); the log's
 * own signature is not checked here (verifyCheckpoint does that).
 */
export function cosignersOf(note: string, policy: WitnessPolicy): string[] {
  return policy.witnesses
    .filter((w) => {
      try {
        verifyCosignature(note, w.verifier);
        return true;
      } catch {
        return false;
      }
    })
    .map((w) => w.name);
}

/** Does the note carry enough valid witness cosignatures to satisfy the policy's quorum? */
export function hasQuorum(note: string, policy: WitnessPolicy): boolean {
  return quorumSatisfied(policy, new Set(cosignersOf(note, policy)));
}

/** The quorum rule applied to a set of witness names that cosigned. */
export function quorumSatisfied(policy: WitnessPolicy, cosigned: ReadonlySet<string>): boolean {
  const q = policy.quorum;
  if (q.kind === 'none') return true;
  if (q.kind === 'count') return policy.witnesses.filter((w) => cosigned.has(w.name)).length >= q.n;
  const groups = new Map(policy.groups.map((g) => [g.name, g]));
  // Groups refer only to names defined above them, so this recursion ends.
  const satisfied = (name: string): boolean => {
    const group = groups.get(name);
    if (group === undefined) return cosigned.has(name);
    const met = group.members.filter(satisfied).length;
    const need = group.threshold === 'all' ? group.members.length : group.threshold === 'any' ? 1 : group.threshold;
    return met >= need;
  };
  return satisfied(q.name);
}

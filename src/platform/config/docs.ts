/**
 * Renders the deployment file reference (docs/configuration.md) from the schema itself, so the
 * documentation cannot drift from what the loader accepts. docs.test.ts fails when the file on
 * disk differs; `npm run config-docs` rewrites the generated part (below the marker line).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deploymentSchema } from './deployment-schema.ts';
import { exampleDeployment } from './example.ts';
import type { AnySchema } from './schema.ts';

export const CONFIG_DOC = resolve(import.meta.dirname, '../../../docs/configuration.md');
export const GENERATED_MARKER =
  '<!-- Generated from src/platform/config/deployment-schema.ts by `npm run config-docs`: edit the schema, not below this line. -->';

const INTRO = `# Configuration: the deployment file

A deployment is one YAML file (\`warranted.yaml\`) that describes every role: the audit log, the
control role (warrant desk, warrant service, ADMF), the mediation function, each operator's network
elements, each agency's monitoring centre, and the witnesses that cosign the audit log's checkpoints
([witness.md](witness.md)). Every role reads its own section of the same file.

* Key names are exactly the field names below; an unknown key is an error (a misspelt key never
  falls back to a default silently).
* Relative paths are resolved against the directory of the file.
* Addresses are \`host:port\` (IPv4, a host name, or \`[v6]:port\`).
* Durations are integers in milliseconds.
* Identities (\`id\`) are certificate identities (TLS, X1 \`neIdentifier\`, HI-1 sender): they must be
  unique across the whole file, and so must every listen address.
* Certificate and key files must exist and be readable; private keys must be mode 0600 or stricter.

\`warranted config check FILE\` validates a file and prints every problem, one per line, as
\`path: expected …, got …\`; it exits 2 when there is any and starts nothing.
`;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function presence(s: AnySchema): string {
  if (s.presence === 'default') return `\`${s.defaultText ?? ''}\``;
  if (s.presence === 'optional') return 'optional';
  if (s.fields && Object.values(s.fields).every((f) => f.presence !== 'required')) return 'optional';
  return 'required';
}

function rows(s: AnySchema, path: string, out: string[]): void {
  if (path) out.push(`| \`${path}\` | ${cell(s.type)} | ${presence(s)} | ${cell(s.description)} |`);
  const fields = s.fields ?? s.items?.fields;
  const prefix = s.items?.fields ? `${path}[].` : path ? `${path}.` : '';
  if (fields) for (const [k, f] of Object.entries(fields)) rows(f, `${prefix}${k}`, out);
  if (s.choices) {
    for (const [k, c] of Object.entries(s.choices))
      out.push(`| \`${path}.${k}\` | ${cell(c.type)} | one of | ${cell(c.description)} |`);
  }
}

/** Markdown reference of every key (path, type, default, description) and a complete example. */
export function renderConfigReference(): string {
  const out = [
    '## Reference',
    '',
    '`[]` marks a list item. "required" keys must be present; "optional" ones may be left out; a value in the default column is used when the key is left out.',
    '',
  ];
  out.push('| key | type | default | description |', '|---|---|---|---|');
  rows(deploymentSchema, '', out);
  out.push(
    '',
    '## Example',
    '',
    'A complete deployment (the layout `warranted init` writes): two operators with a simulated IMS and 5GC each, two agencies, two witnesses.',
    '',
  );
  out.push('```yaml', exampleDeployment().yaml.trimEnd(), '```', '');
  return out.join('\n');
}

/** The whole page: the hand-written part of the current file (or the default intro), the marker, the reference. */
export function renderConfigDoc(current: string | undefined): string {
  const i = current?.indexOf(GENERATED_MARKER) ?? -1;
  const intro = current !== undefined && i >= 0 ? current.slice(0, i) : `${INTRO}\n`;
  return `${intro}${GENERATED_MARKER}\n\n${renderConfigReference()}`;
}

if (
  process.argv.includes('--write') &&
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(resolve(process.argv[1])).href
) {
  writeFileSync(
    CONFIG_DOC,
    renderConfigDoc(existsSync(CONFIG_DOC) ? readFileSync(CONFIG_DOC, 'utf8') : undefined),
  );
  process.stdout.write(`wrote ${CONFIG_DOC}\n`);
}

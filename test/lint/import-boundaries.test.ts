/**
 * The lint rule that keeps DESIGN.md "Who may import whom": each rule with allowed and forbidden
 * imports (ESLint's own RuleTester), then the real eslint.config.js — its options make a violation
 * fail, today's src/ passes, and every allow-list entry is still used by some import.
 */
import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { ESLint, RuleTester, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import warranted, { forbiddenBy, importBoundaries, type ImportBoundariesOptions } from '../../eslint-rules/import-boundaries.js';

// RuleTester drives whichever describe/it it is given: node:test's here.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const SRC = '/repo/src';
const at = (rel: string): string => `${SRC}/${rel}`;
const options: ImportBoundariesOptions[] = [
  {
    srcDir: SRC,
    allow: [
      { from: 'standards/', to: 'platform/errors.ts', why: 'base error class' },
      { from: 'warrants/desk/desk.ts', to: 'audit/index.ts', why: 'redaction helper' },
      { from: 'witness/', to: 'audit/checkpoint.ts', why: 'checkpoint format' },
    ],
  },
];
const ok = (file: string, code: string): RuleTester.ValidTestCase => ({ filename: at(file), code, options });
const bad = (file: string, code: string): RuleTester.InvalidTestCase => ({
  filename: at(file),
  code,
  options,
  errors: [{ messageId: 'forbidden' }],
});

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } });

tester.run('import-boundaries', importBoundaries, {
  valid: [
    // standards/: itself, builtins, packages; platform/errors.ts only through the allow-list.
    ok('standards/x1/encode.ts', "import { a } from './types.ts'; import { b } from '../ber/index.ts';"),
    ok('standards/x1/encode.ts', "import { readFile } from 'node:fs/promises'; import { create } from 'xmlbuilder2';"),
    ok('standards/hi1/errors.ts', "import { WarrantedError } from '../../platform/errors.ts';"),
    // wires/ and platform/
    ok('wires/x1/client.ts', "import '../../standards/x1/index.ts'; import '../../platform/pki.ts'; import '../transport.ts';"),
    ok('platform/config/load.ts', "import '../../standards/identifiers/index.ts'; import '../pki.ts';"),
    // the parts: shared layers and themselves; another part only through the allow-list.
    ok('mediation/mdf.ts', "import '../standards/x2x3/index.ts'; import '../wires/x1/index.ts'; import '../platform/pki.ts'; import './outbox.ts';"),
    ok('warrants/desk/desk.ts', "import { redactIdentity } from '../../audit/index.ts';"),
    // outside the system: standards, wires, platform.
    ok('network/poi/poi.ts', "import '../../wires/x1/index.ts'; import '../../standards/x2x3/index.ts'; import '../../platform/pki.ts';"),
    ok('monitoring/receiver.ts', "import '../wires/hi2hi3/receiver.ts'; import type { Pdu } from '../standards/hi2hi3/index.ts';"),
    // a witness stands outside too: shared layers, and the audit format files its allow-list names.
    ok('witness/server.ts', "import '../platform/pki.ts'; import '../wires/transport.ts'; import { verifyCheckpoint } from '../audit/checkpoint.ts';"),
    // cli/ on top imports anything; a future roles/ everything except cli/.
    ok('cli/demo/run.ts', "import '../../warrants/index.ts'; import '../../network/index.ts'; import '../main.ts';"),
    ok('roles/desk.ts', "import '../warrants/index.ts'; import '../audit/index.ts'; import '../mediation/mdf.ts';"),
    // co-located tests may use test/ helpers.
    ok('wires/x1/x1-wire.test.ts', "import { validateBytes } from '../../../test/helpers/validators.ts';"),
    // files outside src/ are free (test/, bench/).
    { filename: '/repo/test/system/harness.ts', code: "import '../../src/cli/main.ts'; import '../../src/warrants/index.ts';", options },
  ],
  invalid: [
    bad('standards/x1/encode.ts', "import { X1Client } from '../../wires/x1/index.ts';"),
    bad('standards/x1/encode.ts', "import { ensureDemoPki } from '../../platform/pki.ts';"),
    bad('standards/hi1/decode.ts', "import type { Warrant } from '../../warrants/model.ts';"),
    bad('wires/x1/client.ts', "import { MediationTaskTable } from '../../mediation/task-table.ts';"),
    bad('wires/transport.ts', "import { AuditLog } from '../audit/index.ts';"),
    bad('platform/pki.ts', "import { tlsConnector } from '../wires/transport.ts';"),
    bad('platform/config/load.ts', "import '../../provisioning/registry.ts';"),
    // part to part, in every syntactic form: type-only, re-export, dynamic, import type.
    bad('provisioning/admf.ts', "import type { DerivedTask } from '../warrants/derive.ts';"),
    bad('provisioning/index.ts', "export * from '../mediation/task-table.ts';"),
    bad('mediation/mdf.ts', "export { AuditLog } from '../audit/index.ts';"),
    bad('audit/log.ts', "const m = await import('../warrants/index.ts');"),
    bad('mediation/mdf.ts', "let t: import('../provisioning/registry.ts').Registry;"),
    // an allow-list entry is for the file named, not its whole part.
    bad('warrants/service.ts', "import { redactIdentity } from '../audit/index.ts';"),
    // outside the system never import the parts, roles/ or cli/.
    bad('network/poi/poi.ts', "import { mdfTask } from '../../provisioning/x1-messages.ts';"),
    bad('network/index.ts', "import { WarrantService } from '../warrants/index.ts';"),
    bad('monitoring/centre.ts', "import { AuditLog } from '../audit/index.ts';"),
    bad('monitoring/centre.ts', "import { startMediation } from '../mediation/mdf.ts';"),
    bad('monitoring/centre.ts', "import '../roles/lemf.ts';"),
    bad('network/index.ts', "import '../cli/demo/system.ts';"),
    // a witness never reaches into the log it watches (its store, its service), only its formats.
    bad('witness/server.ts', "import { AuditLog } from '../audit/log.ts';"),
    bad('witness/server.ts', "import { startAuditService } from '../audit/service/server.ts';"),
    bad('witness/state.ts', "import '../roles/witness.ts';"),
    // nothing imports cli/ or console/ (roles/ included).
    bad('warrants/service.ts', "import { main } from '../cli/main.ts';"),
    bad('roles/desk.ts', "import '../cli/main.ts';"),
    bad('cli/main.ts', "import '../console/app.ts';"),
    // production code never imports test helpers.
    bad('wires/x1/client.ts', "import { validateBytes } from '../../../test/helpers/validators.ts';"),
  ],
});

test('forbiddenBy names the rule that forbids an import', () => {
  assert.equal(forbiddenBy('wires/x1/client.ts', 'standards/x1/index.ts'), undefined);
  assert.match(forbiddenBy('wires/x1/client.ts', 'audit/index.ts')?.rule ?? '', /wires\/ imports only wires\/, standards\/, platform\//);
  assert.match(forbiddenBy('roles/x.ts', 'cli/main.ts')?.rule ?? '', /nothing imports cli\//);
});

const repo = resolve(import.meta.dirname, '../..');
const inRepo = (p: string): string => resolve(repo, p);

/** The rule's entry in the real eslint.config.js for a file under src/. */
async function realRuleEntry(): Promise<[Linter.RuleSeverity, ImportBoundariesOptions]> {
  const config = (await new ESLint({ cwd: repo }).calculateConfigForFile(inRepo('src/warrants/desk/desk.ts'))) as Linter.Config;
  const entry = config.rules?.['warranted/import-boundaries'];
  assert.ok(Array.isArray(entry), 'eslint.config.js applies warranted/import-boundaries to src/');
  return entry as unknown as [Linter.RuleSeverity, ImportBoundariesOptions];
}

/** ESLint with only the import rule (no type information: fast), configured with `rule`. */
function ruleOnly(severity: Linter.RuleSeverity, opts: ImportBoundariesOptions): ESLint {
  return new ESLint({
    cwd: repo,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['src/**/*.ts'],
        languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
        plugins: { warranted },
        rules: { 'warranted/import-boundaries': [severity, opts] },
      },
    ],
  });
}

describe('the real eslint.config.js', () => {
  test('fails a violation with its own options (error severity)', async () => {
    const [severity, opts] = await realRuleEntry();
    assert.ok(severity === 'error' || severity === 2, 'violations fail `npm run lint`');
    const [result] = await ruleOnly(severity, opts).lintText("import type { Warrant } from '../../warrants/model.ts';\nexport type W = Warrant;\n", {
      filePath: inRepo('src/standards/x1/not-a-file.ts'),
    });
    assert.equal(result?.errorCount, 1);
    assert.match(result.messages[0]?.message ?? '', /standards\/x1\/not-a-file\.ts may not import warrants\/model\.ts/);
  });

  test("today's src/ passes and every allow-list entry is still used", async () => {
    const [severity, opts] = await realRuleEntry();
    const results = await ruleOnly(severity, { ...opts, reportAllowed: true }).lintFiles(['src/**/*.ts']);
    const forbidden = results.flatMap((r) => r.messages.filter((m) => m.messageId === 'forbidden').map((m) => `${r.filePath}: ${m.message}`));
    assert.deepEqual(forbidden, []);
    const used = new Set(results.flatMap((r) => r.messages.filter((m) => m.messageId === 'allowedCrossing').map((m) => /entry (\d+)/.exec(m.message)?.[1])));
    const unused = (opts.allow ?? []).filter((_, i) => !used.has(String(i)));
    assert.deepEqual(unused, [], 'stale allow-list entries: remove them from eslint.config.js');
  });
});

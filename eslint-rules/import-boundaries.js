/**
 * ESLint rule `warranted/import-boundaries`: the "Who may import whom" rules of DESIGN.md, checked
 * on every relative import of a file under src/ (see docs/architecture.md "Import rules, enforced").
 *
 * The importing file's top folder under src/ is its layer; the imported file's top folder is the
 * target layer. Packages and node builtins (specifiers not starting with ".") are always fine.
 * Type-only imports count as well: `import type` is still coupling to another part's model.
 *
 * Options (one object):
 *   srcDir        absolute path of src/ (required: the rule works on paths, not on a tsconfig)
 *   allow         [{ from, to, why }] explicit cross-layer exceptions. `from` is a folder or file
 *                 under src/ ("warrants/desk/"), `to` an exact file under src/ ("audit/index.ts").
 *   reportAllowed when true, every import that passes only thanks to an `allow` entry is reported
 *                 too (messageId "allowedCrossing"); the rule's test uses it to prove no entry is stale.
 */
import path from 'node:path';

const PARTS = ['warrants', 'provisioning', 'mediation', 'audit'];
const OUTSIDE = ['network', 'monitoring', 'witness', 'retained-data'];
const ON_TOP = ['cli', 'console'];

/**
 * Layers each layer may import by itself (its own layer is always allowed). A layer not listed
 * (a new top folder) is unrestricted except for the rules that hold for everyone (nothing imports
 * cli/ or console/; production code never imports test/ or bench/).
 */
const MAY_IMPORT = {
  // DESIGN.md: codecs know no sockets, stores or warrants.
  standards: [],
  wires: ['standards', 'platform'],
  platform: ['standards'],
  // Each part: the shared layers, never another part (except through `allow`).
  ...Object.fromEntries(PARTS.map((p) => [p, ['standards', 'wires', 'platform']])),
  // Outside the system: they reach it only over the wires (DESIGN.md).
  ...Object.fromEntries(OUTSIDE.map((p) => [p, ['standards', 'wires', 'platform']])),
};

/** Layers nobody outside themselves may import. */
const NOBODY_IMPORTS = new Set(ON_TOP);

const isTestFile = (rel) => /\.test\.[cm]?[jt]s$/.test(rel);

/**
 * Verdict for one import: undefined when allowed by the layer rules, otherwise
 * { rule, detail } describing what forbids it. `fromRel` and `toRel` are paths relative to the
 * repository's src/ ("../test/x.ts" when outside).
 */
export function forbiddenBy(fromRel, toRel) {
  const from = fromRel.split('/')[0];
  const to = toRel.split('/')[0];
  if (from === to) return undefined;
  if (to === '..') {
    // Outside src/: co-located tests may use test/ helpers; production code never ships them.
    const outside = toRel.split('/')[1];
    if ((outside === 'test' || outside === 'bench') && !isTestFile(fromRel)) {
      return { rule: 'src/ code never imports test/ or bench/' };
    }
    return undefined;
  }
  if (NOBODY_IMPORTS.has(to)) return { rule: `nothing imports ${to}/` };
  const allowed = MAY_IMPORT[from];
  if (allowed === undefined) return undefined; // e.g. roles/, cli/: everything except cli/ and console/
  if (allowed.includes(to)) return undefined;
  return { rule: `${from}/ imports only ${[from, ...allowed].map((l) => `${l}/`).join(', ')}` };
}

function matchesFrom(pattern, fromRel) {
  return pattern.endsWith('/') ? fromRel.startsWith(pattern) : fromRel === pattern;
}

/** @type {import('eslint').Rule.RuleModule} */
export const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce DESIGN.md "Who may import whom" between the folders of src/' },
    schema: [
      {
        type: 'object',
        properties: {
          srcDir: { type: 'string' },
          allow: {
            type: 'array',
            items: {
              type: 'object',
              properties: { from: { type: 'string' }, to: { type: 'string' }, why: { type: 'string' } },
              required: ['from', 'to', 'why'],
              additionalProperties: false,
            },
          },
          reportAllowed: { type: 'boolean' },
        },
        required: ['srcDir'],
        additionalProperties: false,
      },
    ],
    messages: {
      forbidden: '{{from}} may not import {{to}}: {{rule}} (DESIGN.md "Who may import whom"; exceptions go in the allow-list of eslint.config.js).',
      allowedCrossing: '{{from}} imports {{to}} through allow-list entry {{index}}.',
    },
  },
  create(context) {
    const { srcDir, allow = [], reportAllowed = false } = context.options[0] ?? {};
    const fromRel = path.relative(srcDir, context.filename).split(path.sep).join('/');
    if (fromRel.startsWith('..') || path.isAbsolute(fromRel)) return {}; // not under src/: free

    function check(node, source) {
      if (source == null || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('.')) return; // package or node builtin
      const abs = path.resolve(path.dirname(context.filename), spec.split(/[?#]/)[0]);
      const toRel = path.relative(srcDir, abs).split(path.sep).join('/');
      const verdict = forbiddenBy(fromRel, toRel);
      if (verdict === undefined) return;
      const index = allow.findIndex((a) => matchesFrom(a.from, fromRel) && a.to === toRel);
      if (index >= 0) {
        if (reportAllowed) context.report({ node, messageId: 'allowedCrossing', data: { from: fromRel, to: toRel, index: String(index) } });
        return;
      }
      context.report({ node, messageId: 'forbidden', data: { from: fromRel, to: toRel, rule: verdict.rule } });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
      // `import('../x.ts').T` in a type position.
      TSImportType: (node) => check(node, node.source ?? (node.argument?.type === 'TSLiteralType' ? node.argument.literal : null)),
      // `import x = require('../x.ts')`
      TSExternalModuleReference: (node) => check(node, node.expression),
    };
  },
};

export default { meta: { name: 'warranted' }, rules: { 'import-boundaries': importBoundaries } };

// Type-aware lint: strictTypeChecked catches floating promises, unsafe any and the like.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import warranted from './eslint-rules/import-boundaries.js';

/**
 * DESIGN.md "Who may import whom" as a lint rule (eslint-rules/import-boundaries.js,
 * docs/architecture.md "Import rules, enforced"). Every import across the layers that the rules
 * forbid but the design accepts as a small named interface is listed here, with the reason.
 * test/lint/import-boundaries.test.ts fails if an entry below is no longer used.
 */
export const importBoundaries = {
  srcDir: `${import.meta.dirname}/src`,
  allow: [
    {
      from: 'standards/',
      to: 'platform/errors.ts',
      why: 'every codec error extends WarrantedError (stable codes, DESIGN.md conventions); platform/errors.ts imports nothing',
    },
    {
      from: 'warrants/desk/desk.ts',
      to: 'audit/index.ts',
      why: "redactIdentity: the desk logs HI-1 identities the way the audit log's own redaction does",
    },
    {
      from: 'warrants/desk/audit.ts',
      to: 'audit/index.ts',
      why: 'type AuditEvent: the shape of the entries the desk appends to the audit log it is handed',
    },
    // A witness stands outside the system (DESIGN.md): it shares only the audit log's pure format
    // modules — the texts it must parse and sign, and the proof it must check — never its storage.
    { from: 'witness/', to: 'audit/checkpoint.ts', why: 'C2SP tlog-checkpoint: parse and verify the checkpoints it is asked to cosign' },
    { from: 'witness/', to: 'audit/note.ts', why: 'C2SP signed-note: key ids, signature lines' },
    { from: 'witness/', to: 'audit/witness.ts', why: 'C2SP tlog-cosignature/v1: the cosignature line it returns' },
    { from: 'witness/', to: 'audit/verify-proofs.ts', why: 'RFC 9162 §2.1.4.2 consistency proof verification' },
    { from: 'witness/', to: 'audit/hash.ts', why: 'base64 and hash comparison of the same format' },
    // The console sits on top (nothing imports it) but runs inside the lemf role's process.
    { from: 'roles/lemf.ts', to: 'console/server/start-console.ts', why: "the lemf role starts its agency's console: one entry point" },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'console/dist/', 'bin/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs', 'eslint-rules/*.js', 'src/platform/supervisor/fixtures/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
    },
  },
  {
    files: ['src/**'],
    plugins: { warranted },
    rules: { 'warranted/import-boundaries': ['error', importBoundaries] },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked, languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node } },
);

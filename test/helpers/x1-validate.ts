/**
 * X1 documents checked with ../shared/validators/validate-x1.sh (xmllint and the official XSDs).
 * The X1 Extension wildcard is processContents="strict" (docs/x1.md), so documents carrying the
 * warrant-binding extension are validated with a wrapper schema that imports the official XSDs in
 * place plus the project's warrant-binding-1.xsd (Annex B).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { standardsDir, validateBytes, type ValidatorResult } from './validators.ts';

export const warrantBindingXsd = join(import.meta.dirname, '../../src/standards/x1/warrant-binding-1.xsd');

/** Runs validate-x1.sh over `files` with the official XSDs plus warrant-binding-1.xsd. */
export function validateX1WithWarrantBinding(files: { name: string; bytes: Uint8Array | string }[]): ValidatorResult {
  const dir = mkdtempSync(join(tmpdir(), 'warranted-x1-wrapper-'));
  const wrapper = join(dir, 'x1-with-warrant-binding.xsd');
  writeFileSync(
    wrapper,
    `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:warranted:test-wrapper">
  <xs:import namespace="urn:warranted:x1:warrant-binding:1" schemaLocation="${warrantBindingXsd}"/>
  <xs:import namespace="http://uri.etsi.org/03280/common/2017/07" schemaLocation="${join(standardsDir, 'ts103280/TS_103_280.xsd')}"/>
  <xs:import namespace="http://uri.etsi.org/03221/X1/2017/10/HashedID" schemaLocation="${join(standardsDir, 'ts103221-1/TS_103_221_01_HashedID.xsd')}"/>
  <xs:import namespace="http://uri.etsi.org/03221/X1/2017/10" schemaLocation="${join(standardsDir, 'ts103221-1/TS_103_221_01.xsd')}"/>
</xs:schema>`,
  );
  const before = process.env.LIV_SCHEMA;
  process.env.LIV_SCHEMA = wrapper;
  try {
    return validateBytes('validate-x1.sh', files);
  } finally {
    if (before === undefined) delete process.env.LIV_SCHEMA;
    else process.env.LIV_SCHEMA = before;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Validates every document; returns one result per group (plain, with binding). */
export function validateX1Documents(docs: readonly string[]): ValidatorResult[] {
  const files = docs.map((d, i) => ({ name: `x1-${i}.xml`, bytes: d, binding: /<wb:warrantBinding/.test(d) }));
  const results: ValidatorResult[] = [];
  const plain = files.filter((f) => !f.binding);
  if (plain.length > 0) results.push(validateBytes('validate-x1.sh', plain));
  const bound = files.filter((f) => f.binding);
  if (bound.length > 0) results.push(validateX1WithWarrantBinding(bound));
  return results;
}

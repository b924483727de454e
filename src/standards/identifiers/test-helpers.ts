/** Shared assertions for the identifier tests. */
import assert from 'node:assert/strict';
import { IdentifierError } from './errors.ts';

/** Asserts `fn` throws an IdentifierError with exactly `code`. */
export function assertCode(fn: () => unknown, code: string, label = ''): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof IdentifierError, `${label}: expected IdentifierError, got ${String(e)}`);
    assert.equal(e.code, code, `${label}: wrong code (${e.message})`);
    return true;
  });
}

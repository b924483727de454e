/** The problems a bundle verification collects: the verifier's own shape, plus the file each is about. */
import type { AuditErrorCode } from '../errors.ts';
import type { AuditProblem } from '../verifier.ts';

export interface BundleProblem extends AuditProblem {
  /** The bundle file the problem is about ('/'-separated, relative to the bundle). */
  file?: string;
}

const MAX_PROBLEMS = 1000;

export class ProblemList {
  readonly items: BundleProblem[] = [];

  add(code: AuditErrorCode, message: string, where: { index?: number; checkpoint?: number; file?: string } = {}): void {
    if (this.items.length >= MAX_PROBLEMS) return;
    const problem: BundleProblem = { code, message };
    if (where.index !== undefined) problem.index = where.index;
    if (where.checkpoint !== undefined) problem.checkpoint = where.checkpoint;
    if (where.file !== undefined) problem.file = where.file;
    this.items.push(problem);
  }

  /** Records a thrown error (an AuditError keeps its code; anything else becomes `fallback`). */
  addError(error: unknown, fallback: AuditErrorCode, where: { index?: number; checkpoint?: number; file?: string } = {}): void {
    const code = isAuditCode(error) ? error.code : fallback;
    const prefix = where.file === undefined ? '' : `${where.file}: `;
    const message = (error as Error).message;
    this.add(code, message.startsWith(prefix) ? message : `${prefix}${message}`, where);
  }
}

function isAuditCode(error: unknown): error is { code: AuditErrorCode } {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' && (error as { code: string }).code.startsWith('AUDIT_');
}

/** The self-contained export bundle of the audit log (docs/audit.md "Export bundle"). */
export { type ExportBundleOptions, type ExportBundleResult, exportBundle, isBundleDirectory } from './export.ts';
export { type VerifyBundleOptions, type BundleVerificationReport, verifyBundle } from './verify.ts';
export type { BundleProblem } from './problems.ts';
export { CONTEXT_TYPE_PREFIXES, MANIFEST_FILE, type BundleManifest, parseManifest } from './format.ts';
export { type TlogProof, TLOG_PROOF_HEADER, formatTlogProof, parseTlogProof } from './tlog-proof.ts';
export { CompactRange, compactRangeSpans, type SubtreeSpan } from './compact-range.ts';

/** Public API of the warrant core (provisioning, HI-1 intake, CLI and console import from here). */
export * from './model.ts';
export * from './errors.ts';
export type * from './events.ts';
export { systemClock, ManualClock } from './clock.ts';
export { canonicalJson, canonicalWarrant, canonicalText, canonicalBytes, warrantHash, sha256Hex } from './canonical.ts';
export { validateWarrant, categoriesFor } from './validate.ts';
export { normaliseTarget, targetKey, TARGET_KINDS } from './targets.ts';
export { KeyRegistry, defaultKeyId, keyObjectFromRaw, type Authority, type RegisteredKey, type NewKey } from './keys.ts';
export {
  APPROVAL_DOMAIN,
  statementDomain,
  approvalMessage,
  statementMessage,
  generateSigningKey,
  signApproval,
  signStatement,
  verifySignedMessage,
  verifyApproval,
  verifyStatement,
  type SigningKey,
  type Signer,
} from './signatures.ts';
export { parseProfile, loadProfile, loadProfiles, defaultProfilesDir, type Profile, type SignerRule, type RenewalRule, type EmergencyRule } from './profiles.ts';
export { addDuration, endOfNthWorkingDayAfter, isWorkingDay, localMidnightUtc, describeDuration, type Duration, type WorkingCalendar } from './durations.ts';
export { evaluateWarrant, approvalStatus, checkNewSignature, allowedSignerRoles, type PolicyDecision, type ApprovalStatus, type PolicyContext } from './policy.ts';
export { checkCaps, checkContent, checkDuration, checkProfileScope, checkRenewal, checkTime, signerRuleFor } from './policy-scope.ts';
export { derivedReportFields, reportRecord, missingReportFields } from './report.ts';
export { deriveTasks, deriveXid, deriveLiid, LIID_PATTERN, type DerivedTask, type DeliveryType } from './derive.ts';
export type { WarrantStore, WarrantStoreTx, WarrantReader, WarrantFilter } from './store.ts';
export { SqlWarrantStore, migrate, MIGRATION_FILES, migrationSql, type SqlDriver, type SqlConnection } from './store-sql.ts';
export { openEmbeddedWarrantStore, type EmbeddedStoreOptions } from './store-pglite.ts';
export { openPostgresWarrantStore, type PostgresStoreOptions } from './store-postgres.ts';
export { WarrantService, isTerminal, type WarrantServiceDeps, type EndedTask, type WarrantChange, type WarrantChangeListener, type TickTransition } from './service.ts';
// Production orders (retained data, docs/production-orders.md).
export * from './production-order-model.ts';
export { ERROR_CODES as ORDER_ERROR_CODES, ProductionOrderError, rdErrorFor, type ProductionOrderErrorCode } from './production-order-errors.ts';
export {
  ORDER_APPROVAL_DOMAIN,
  ORDER_REVOCATION_DOMAIN,
  validateProductionOrder,
  normaliseOrderIdentifier,
  orderIdentifierKey,
  orderCanonicalText,
  orderHash,
  orderApprovalMessage,
  orderRevocationMessage,
  signOrderApproval,
  signOrderRevocation,
} from './production-order-canonical.ts';
export { parseOrderProfile, loadOrderProfile, loadOrderProfiles, defaultOrderProfilesDir, type ProductionOrderProfile, type OrderAuthorisationRule, type OrderPurpose } from './production-order-profiles.ts';
export {
  verifyProductionOrder,
  checkRequestWithinOrder,
  authoriseRdRequest,
  checkOrderContent,
  checkSignatures,
  authorisationRule,
  ORDER_CLOCK_TOLERANCE_MS,
  type OrderDecision,
  type RequestDecision,
} from './production-order-verify.ts';
export { ProductionOrderService, type ProductionOrderServiceDeps } from './production-order-service.ts';
export { SqlOrderStore, type OrderStore, type OrderStoreTx, type OrderReader, type OrderFilter } from './production-order-store.ts';
export { orderAuditSink, type OrderAuditEvent, type OrderAuditSink, type OrderTerms } from './production-order-events.ts';
export { orderBundle, readOrderBundle, type OrderBundle, type ReadOrderBundle } from './production-order-bundle.ts';

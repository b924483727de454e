/**
 * The roles an approving authority can hold (the warrant model's, docs/warrants.md). Defined here,
 * below the parts, because the deployment file names authorities too: platform/config validates
 * them without importing the warrant core (DESIGN.md "Who may import whom").
 */
export const AUTHORITY_ROLES = [
  'judge',
  'minister',
  'secretary-of-state',
  'judicial-commissioner',
  'attorney-general',
  'compliance-officer',
  'overseer',
  // Production orders for retained data (docs/production-orders.md): IPA 2016 s.61/s.61A designated
  // senior officer, PECA 2016 s.31 authorised officer, the issuer of an 18 U.S.C. §2703(c)(2) subpoena.
  'designated-senior-officer',
  'authorised-officer',
  'prosecutor',
] as const;
export type AuthorityRole = (typeof AUTHORITY_ROLES)[number];

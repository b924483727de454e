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
] as const;
export type AuthorityRole = (typeof AUTHORITY_ROLES)[number];

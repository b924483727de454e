/**
 * The signer rules of the jurisdiction profiles (profiles/*.json — the public law the warrant core
 * applies), in the shape the offline verifier asks for. The verifier lives in audit/ and may not
 * import the warrant core; the CLI, on top of both, hands it the rules.
 */
import { loadProfiles } from '../../warrants/profiles.ts';
import type { ProfileRules } from '../../audit/law/rules.ts';

export function profileRules(dir?: string): ProfileRules {
  const profiles = loadProfiles(dir);
  return {
    signers(profileId, kind) {
      const p = profiles.get(profileId);
      if (!p) return undefined;
      // An emergency warrant enters EmergencyApproval on the emergency signers alone (policy.ts approvalStatus).
      if (kind.emergency) return p.emergency ? { roles: [...p.emergency.signers], ordered: false } : undefined;
      // A renewal may have its own signers (policy-scope.ts signerRuleFor).
      const rule = kind.renewal ? (p.renewal.signers ?? p.signers) : p.signers;
      return { roles: [...rule.roles], ordered: rule.ordered };
    },
  };
}

/**
 * The signer rules of the jurisdiction profiles (profiles/*.json — the public law the warrant core
 * applies), in the shape the offline verifier asks for. The verifier lives in audit/ and may not
 * import the warrant core; the CLI, on top of both, hands it the rules.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfiles } from '../../warrants/profiles.ts';
import { defaultOrderProfilesDir, loadOrderProfiles } from '../../warrants/production-order-profiles.ts';
import type { OrderProfileRules, ProfileRules } from '../../audit/law/rules.ts';

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

/**
 * The signer rules of the production-order profiles (profiles/production-orders/, or the
 * `production-orders` folder of a `--profiles` directory). Undefined when there is none: the
 * verifier then only asks that an order carry a logged signature by a valid key.
 */
export function orderProfileRules(dir?: string): OrderProfileRules | undefined {
  const folder = dir === undefined ? defaultOrderProfilesDir : join(dir, 'production-orders');
  if (!existsSync(folder)) return undefined;
  const profiles = loadOrderProfiles(folder);
  return {
    signers(profileId, authorisation) {
      const rule = profiles.get(profileId)?.authorisations.find((a) => a.id === authorisation);
      return rule ? { roles: [...rule.signers.roles], ordered: rule.signers.ordered } : undefined;
    },
  };
}

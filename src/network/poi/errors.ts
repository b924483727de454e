/** Configuration errors of the synthetic network's POIs (what they intercept is decided over X1, never here). */
import { WarrantedError } from '../../platform/errors.ts';

export class PoiConfigError extends WarrantedError {}

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'POI_NO_CREDENTIALS', meaning: 'startOperatorNetwork was not given a certificate for one of the POIs (<op>-ims, <op>-5gc)' },
  { code: 'POI_UNKNOWN_OPERATOR', meaning: 'the operator is not part of the simulation that drives the POIs' },
];

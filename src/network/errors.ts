/** Errors raised while configuring the synthetic operator network. */
import { WarrantedError } from '../platform/errors.ts';
import type { WarrantedErrorOptions } from '../platform/errors.ts';

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'NETWORK_BAD_CONFIG', meaning: 'An operator or simulation option is missing or out of range (MCC/MNC digits, counts, rates, pool).' },
  { code: 'NETWORK_CAPACITY', meaning: 'More subscribers than the MSISDN, IMSI, IMEI or IPv4 pool numbering space can hold.' },
  { code: 'NETWORK_SIMULATION_FAILED', meaning: 'Alarm of the network role: its traffic generator stopped with an error (the POIs stay up but see no more events).' },
  { code: 'NETWORK_IDENTITY_COLLISION', meaning: 'Two operators would hand out the same MSISDN, IMSI, IMEI or IP address.' },
  { code: 'NETWORK_UNKNOWN_SUBSCRIBER', meaning: 'A scripted action names an identity no operator has.' },
];

export class NetworkConfigError extends WarrantedError {
  constructor(code: string, message: string, options: WarrantedErrorOptions = {}) {
    super(code, message, options);
  }
}

/** Names and addresses of the demo's components (certificate identities = X1/HI-1 identifiers). */
export const HOST = '127.0.0.1';
export const ADMF = 'admf';
export const MDF = 'mdf';
export const AGENCY = { id: 'pk-police', name: 'Police', lemf: 'lemf-pk-police', destinationId: 'lemf-pk-police' };
export const OPERATORS = [
  { id: 'demo-op-a', name: 'Demo Operator A', mcc: '410', mnc: '01', msisdnPrefix: '92300', centre: { latitude: 33.6844, longitude: 73.0479 } },
  { id: 'demo-op-b', name: 'Demo Operator B', mcc: '410', mnc: '06', msisdnPrefix: '92345', centre: { latitude: 24.8607, longitude: 67.0011 } },
] as const;


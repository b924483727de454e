/** Two operators side by side in one city, as the network tests and demos use them. */
import { createOperator } from './subscribers.ts';
import type { Operator } from './subscribers.ts';

export function twoOperators(subscribers = 1000, cells = 30, seed = 'test'): [Operator, Operator] {
  return [
    createOperator({ id: 'opA', name: 'Alpha Mobile', mcc: '234', mnc: '15', countryCode: '44', msisdnPrefix: '7700', subscribers, cells, seed }),
    createOperator({ id: 'opB', name: 'Beta Telecom', mcc: '234', mnc: '20', countryCode: '44', msisdnPrefix: '7911', subscribers, cells, seed }),
  ];
}

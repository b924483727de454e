/**
 * Child process of state-parts-crash.test.ts (run with `node --import tsx`), so that a kill -9 hits a
 * real process in the middle of writing a snapshot of many parts. argv: dir tasks.
 * Saves generation 1, 2, 3 … of a state of `tasks` tasks (every LIID names its generation), sealed,
 * 64 tasks a part, and prints `saved <g>` after each save returned, until killed.
 */
import { MdfStateStore } from '../../src/mediation/state.ts';
import { destination, mdfTask } from '../../src/provisioning/x1-messages.ts';
import { TEST_STATE_KEY } from '../helpers/outbox-key.ts';

const [dir, count] = process.argv.slice(2) as [string, string];
const DEST = { id: 'agency-lemf', agencyId: 'agency', hi2: { host: '127.0.0.1', port: 7001 }, hi3: { host: '127.0.0.1', port: 7002 } };
const HI2 = destination('agency-lemf-hi2', 'hi2', 'X2Only', DEST.hi2);
const store = new MdfStateStore(dir, { key: TEST_STATE_KEY, partTasks: 64 });
for (let g = 1; ; g++) {
  const tasks = Array.from({ length: Number(count) }, (_, i) =>
    mdfTask(
      { xid: `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`, liid: `G${g}-${i}`, warrantId: `W-${i}`, warrantHash: 'c'.repeat(64), operatorId: 'opa', target: { kind: 'e164Number', value: `4477009${i.toString().padStart(5, '0')}` }, deliveryType: 'X2andX3', services: ['voice'], start: '2025-01-01T00:00:00.000Z', end: '2035-01-01T00:00:00.000Z', destinationId: DEST.id },
      DEST,
      ['opa-ims'],
    ),
  );
  store.save({ destinations: [HI2], tasks });
  process.stdout.write(`saved ${g}\n`);
}

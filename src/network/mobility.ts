/**
 * Mobility procedures at the AMF: a location update (mobility registration update / handover to a
 * neighbouring cell, TS 23.502 §4.2.2.2, §4.9.1) and a deregistration followed, some time later,
 * by a new initial registration (TS 23.502 §4.2.2.3, §4.2.2.2.2).
 */
import type { Cell } from './cells.ts';
import type { Flow, FlowContext, SubscriberHandle } from './flow-context.ts';
import type { Random } from './random.ts';

export function* locationUpdateFlow(ctx: FlowContext, random: Random, correlationId: string, h: SubscriberHandle, target?: Cell): Flow {
  const previousCell = h.operator.cellOfSubscriber(h.index);
  const cell = target ?? random.pick(h.operator.neighbours(previousCell).length > 0 ? h.operator.neighbours(previousCell) : [previousCell]);
  h.operator.moveSubscriber(h.index, cell);
  ctx.emit({ kind: 'location-update', element: 'amf', category: 'location', operatorId: h.operator.id, correlationId, served: [ctx.served(h)], previousCell, cell });
  yield 0;
}

export function* reRegistrationFlow(ctx: FlowContext, random: Random, correlationId: string, h: SubscriberHandle, offMs: number): Flow {
  ctx.setBusy(h, true); // not reachable for calls/SMS while detached
  h.operator.setRegistered(h.index, false);
  ctx.emit({ kind: 'deregistration', element: 'amf', category: 'registration', operatorId: h.operator.id, correlationId, served: [ctx.served(h)], cell: h.operator.cellOfSubscriber(h.index) });
  yield offMs;
  // switched back on somewhere nearby: same site or a neighbour
  const here = h.operator.cellOfSubscriber(h.index);
  const cell = random.pick([here, ...h.operator.neighbours(here)]);
  h.operator.moveSubscriber(h.index, cell);
  h.operator.setRegistered(h.index, true);
  ctx.setBusy(h, false);
  ctx.emit({ kind: 'registration', element: 'amf', category: 'registration', operatorId: h.operator.id, correlationId, served: [ctx.served(h)], cell });
}

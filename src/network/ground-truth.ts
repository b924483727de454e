/**
 * Ground truth: how many events of each category concerned each subscriber (as a served
 * subscriber of the event's operator). Tests compare what reached an agency with these numbers.
 */
import { EVENT_CATEGORIES } from './events.ts';
import type { EventCategory, NetworkEvent } from './events.ts';

export type EventCounts = Record<EventCategory, number> & {
  /** dataIri + dataContent. */
  data: number;
  /** All categories. */
  total: number;
};

export function zeroCounts(): EventCounts {
  return { callIri: 0, callContent: 0, sms: 0, location: 0, registration: 0, dataIri: 0, dataContent: 0, data: 0, total: 0 };
}

function bump(counts: EventCounts, category: EventCategory): void {
  counts[category]++;
  if (category === 'dataIri' || category === 'dataContent') counts.data++;
  counts.total++;
}

export class GroundTruth {
  private readonly perSubscriber = new Map<string, EventCounts>();
  private readonly all = zeroCounts();
  private readonly byOperator = new Map<string, EventCounts>();

  record(event: NetworkEvent): void {
    bump(this.all, event.category);
    let op = this.byOperator.get(event.operatorId);
    if (!op) this.byOperator.set(event.operatorId, (op = zeroCounts()));
    bump(op, event.category);
    for (const s of event.served) {
      const key = `${s.operatorId}:${s.index}`;
      let counts = this.perSubscriber.get(key);
      if (!counts) this.perSubscriber.set(key, (counts = zeroCounts()));
      bump(counts, event.category);
    }
  }

  forSubscriber(operatorId: string, index: number): EventCounts {
    return { ...(this.perSubscriber.get(`${operatorId}:${index}`) ?? zeroCounts()) };
  }

  totals(operatorId?: string): EventCounts {
    return { ...(operatorId === undefined ? this.all : (this.byOperator.get(operatorId) ?? zeroCounts())) };
  }

  static categories(): readonly EventCategory[] {
    return EVENT_CATEGORIES;
  }
}

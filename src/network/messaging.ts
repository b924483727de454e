/**
 * One SMS as a flow (TS 23.040 §3.1 / TS 23.502 §4.13.3 SMS over NAS): SMS-SUBMIT at the
 * originator's SMSF (MO), then after store-and-forward SMS-DELIVER at the recipient's SMSF (MT).
 * Outside senders (alphanumeric or short codes) produce MT only; messages to outside numbers MO only.
 */
import { buildSmsTpdu } from '../standards/payloads/sms/tpdu.ts';
import type { Party, SmsEvent } from './events.ts';
import type { Flow, FlowContext, SubscriberHandle } from './flow-context.ts';
import type { Random } from './random.ts';

export type SmsEndpoint = { subscriber: SubscriberHandle } | { external: string };

export interface SmsPlan {
  from: SmsEndpoint;
  to: SmsEndpoint;
  text: string;
}

export const SMS_TEXTS = [
  'Running 10 min late, start without me',
  'Can you call me back?',
  'Meeting moved to 3pm, room 2',
  'Happy birthday! :)',
  'Did you get the tickets?',
  'On my way',
  'Dinner at 8? Usual place',
  'Your parcel will arrive today between 10:00 and 12:00',
  'Ok see you there',
  'Привет, как дела?',
  'Bin heute später zu Hause',
  'Ça marche, à demain',
] as const;

export const EXTERNAL_SENDERS = ['BANK', 'DELIVERY', 'TAXI', '80080', '4915112345678'] as const;

function partyOf(ctx: FlowContext, endpoint: SmsEndpoint): Party {
  return 'subscriber' in endpoint ? ctx.party(endpoint.subscriber) : { msisdn: endpoint.external };
}

export function* smsFlow(ctx: FlowContext, random: Random, correlationId: string, plan: SmsPlan): Flow {
  const originatorParty = partyOf(ctx, plan.from);
  const recipientParty = partyOf(ctx, plan.to);
  const messageReference = random.int(0, 255);
  const submittedAt = ctx.now();
  if ('subscriber' in plan.from) {
    const h = plan.from.subscriber;
    const bytes = buildSmsTpdu({ type: 'SMS-SUBMIT', messageReference, destination: recipientParty.msisdn, text: plan.text });
    const event: Omit<SmsEvent, 'seq' | 'timeMs'> = {
      kind: 'sms', element: 'smsf', category: 'sms', operatorId: h.operator.id, correlationId, served: [ctx.served(h)],
      sms: { direction: 'MO', originator: originatorParty.msisdn, recipient: recipientParty.msisdn, text: plan.text, timestampMs: submittedAt, messageReference },
      originatorParty, recipientParty, payload: { format: 'sms-tpdu', bytes },
    };
    ctx.emit(event);
  }
  if (!('subscriber' in plan.to)) return;
  yield random.int(300, 2500); // SMSC store-and-forward
  const h = plan.to.subscriber;
  const serviceCentreTimeMs = Math.floor(submittedAt / 1000) * 1000;
  const bytes = buildSmsTpdu({ type: 'SMS-DELIVER', originator: originatorParty.msisdn, text: plan.text, serviceCentreTimeMs });
  ctx.emit({
    kind: 'sms', element: 'smsf', category: 'sms', operatorId: h.operator.id, correlationId, served: [ctx.served(h)],
    sms: { direction: 'MT', originator: originatorParty.msisdn, recipient: recipientParty.msisdn, text: plan.text, timestampMs: serviceCentreTimeMs, messageReference },
    originatorParty, recipientParty, payload: { format: 'sms-tpdu', bytes },
  });
}

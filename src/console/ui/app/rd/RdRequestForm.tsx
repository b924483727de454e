/**
 * A retained-data request under one production order: pick the order (as the desk lists it), the
 * operator, the category and the identifier the order names, and a period (the order's by default).
 * The console sends only one exact request (TS 102 657, one identifier, one category, one period);
 * the operator's RDHI judges it against the signed order and a refusal comes back with its error.
 */
import { useState, type SyntheticEvent } from 'react';
import { ApiError, postJson } from '../api.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import type { RdCategory, RdIdentifierInput, RdOrderView, RdOverview, RdResultView } from './types.ts';

const label = (i: RdIdentifierInput) => (i.kind === 'ip' ? `IP ${i.address} at ${i.at}${i.port === undefined ? '' : ` port ${i.port}`}` : `${i.kind.toUpperCase()} ${i.value}`);

export function RdRequestForm({ overview, onResult }: { overview: RdOverview; onResult: (r: RdResultView) => void }) {
  const orders = overview.orders;
  const [orderId, setOrderId] = useState(orders?.[0]?.id ?? '');
  const order: RdOrderView | undefined = orders?.find((o) => o.id === orderId);
  const operators = order ? order.operators.filter((o) => overview.operators.includes(o)) : overview.operators;
  const categories = order ? order.categories : overview.categories;
  const [operator, setOperator] = useState('');
  const [category, setCategory] = useState<RdCategory | ''>('');
  const [identifier, setIdentifier] = useState(0);
  const [manual, setManual] = useState({ kind: 'msisdn', value: '' });
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const op = operator || operators[0] || '';
  const cat = category || categories[0] || 'calls';
  const id: RdIdentifierInput = order ? order.identifiers[identifier] ?? order.identifiers[0]! : { kind: manual.kind as 'msisdn', value: manual.value };
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const period = cat === 'ipSubscriber' ? undefined : { start: from || order?.period.start || '', end: to || order?.period.end || '' };
    postJson<{ result: RdResultView }>('/api/rd/requests', { orderId, operator: op, category: cat, identifier: id, ...(period ? { period } : {}) }).then(
      (r) => {
        setBusy(false);
        onResult(r.result);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof ApiError ? err : new ApiError(0, 'NETWORK', 'request failed'));
      },
    );
  };
  const pick = (id: string) => {
    setOrderId(id);
    setOperator('');
    setCategory('');
    setIdentifier(0);
  };

  return (
    <form aria-label="Retained-data request" onSubmit={submit}>
      <label>
        Production order
        {orders ? (
          <select value={orderId} onChange={(e) => pick(e.target.value)} name="order">
            {orders.map((o) => (
              <option key={o.id} value={o.id}>
                {o.reference} ({o.state}) — {o.id}
              </option>
            ))}
          </select>
        ) : (
          <input name="order" value={orderId} onChange={(e) => setOrderId(e.target.value.trim())} placeholder="order id" required />
        )}
      </label>
      <label>
        Operator
        <select name="operator" value={op} onChange={(e) => setOperator(e.target.value)}>
          {operators.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </label>
      <label>
        Category
        <select name="category" value={cat} onChange={(e) => setCategory(e.target.value as RdCategory)}>
          {categories.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      {order ? (
        <label>
          Identifier
          <select name="identifier" value={identifier} onChange={(e) => setIdentifier(Number(e.target.value))}>
            {order.identifiers.map((i, n) => (
              <option key={label(i)} value={n}>
                {label(i)}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label>
          Identifier ({manual.kind})
          <span>
            <select name="kind" value={manual.kind} onChange={(e) => setManual({ ...manual, kind: e.target.value })}>
              <option>msisdn</option>
              <option>imsi</option>
              <option>imei</option>
            </select>
            <input name="identifier" value={manual.value} onChange={(e) => setManual({ ...manual, value: e.target.value.trim() })} required />
          </span>
        </label>
      )}
      {cat === 'ipSubscriber' ? null : (
        <>
          <label>
            From (UTC, ISO 8601)
            <input name="from" value={from} placeholder={order?.period.start ?? '2026-01-15T09:00:00Z'} onChange={(e) => setFrom(e.target.value.trim())} />
          </label>
          <label>
            To (UTC, ISO 8601)
            <input name="to" value={to} placeholder={order?.period.end ?? '2026-01-15T10:00:00Z'} onChange={(e) => setTo(e.target.value.trim())} />
          </label>
        </>
      )}
      <button type="submit" disabled={busy || !orderId || !op}>
        {busy ? 'Asking…' : 'Request'}
      </button>
      {order ? (
        <p className="note">
          Order {order.reference}: {order.legalBasis}; records from {order.period.start} to {order.period.end}; valid until {order.validUntil}. An empty period asks for the order's whole
          period.
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}

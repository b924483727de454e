/**
 * FALLBACK — used only while the warrant desk does not yet take production orders over HI-1
 * (src/warrants/desk/order-client.ts answers "not yet"): the order is made and signed as the control
 * role's order service makes it — the same ProductionOrderService, profiles, identity-key salt and
 * transparency log, appending its order.* events in the desk's name (the audit log accepts that
 * actor from the ADMF's certificate, roles/audit.ts auditActorPolicy) — and served on the
 * operator's RDHI by hand, as `<ordersDir>/<orderId>.json` (rdhiOrderFile, docs/rd.md "orders
 * served by hand"). The verdict says which path was taken. Delete this file when the desk path works.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RemoteAuditLog } from '../../audit/service/client.ts';
import { commitTarget, warrantSalt } from '../../audit/commitment.ts';
import { rdIdentifierCommitInput } from '../../audit/rd-events.ts';
import type { Deployment } from '../../platform/config/types.ts';
import { auditActorPolicy } from '../../roles/audit.ts';
import { rawEd25519Base64 } from '../../roles/authorities.ts';
import { credentialsOf } from '../../roles/common.ts';
import { rdhiOrderFile } from '../../roles/rdhi-orders.ts';
import {
  defaultOrderProfilesDir,
  KeyRegistry,
  loadOrderProfiles,
  openEmbeddedWarrantStore,
  orderAuditSink,
  orderBundle,
  ProductionOrderService,
  signOrderApproval,
  SqlOrderStore,
  systemClock,
  type OrderIdentifier,
  type ProductionOrder,
  type Signer,
} from '../../warrants/index.ts';

export async function issueOrderByHand(d: Deployment, order: ProductionOrder, judge: Signer): Promise<{ state: string }> {
  const admf = d.control.admf;
  const mayWrite = auditActorPolicy(d);
  const log = new RemoteAuditLog({ creds: credentialsOf(d, admf.tls), endpoint: d.audit.listen, serverIdentity: d.audit.id, actorPolicy: (actor) => mayWrite(admf.id, actor) });
  const store = await openEmbeddedWarrantStore();
  try {
    // The authorities' keys from the deployment, unaudited here: the control role registered them on the log at its start.
    const keys = new KeyRegistry({ clock: systemClock });
    for (const a of d.control.authorities) {
      await keys.registerAuthority({ id: a.id, role: a.role, name: a.name });
      await keys.addKey(a.id, { publicKey: rawEd25519Base64(readFileSync(a.publicKey, 'utf8')), validFrom: '1970-01-01T00:00:00.000Z' });
    }
    const identityKey = new Uint8Array(readFileSync(d.control.identityKey));
    const orders = new ProductionOrderService({
      store: new SqlOrderStore(store),
      audit: orderAuditSink(log, d.control.desk.id),
      keys,
      profiles: loadOrderProfiles(d.control.profilesDir === undefined ? defaultOrderProfilesDir : join(d.control.profilesDir, 'production-orders')),
      clock: systemClock,
      commitIdentifier: (orderId: string, id: OrderIdentifier) => {
        const c = rdIdentifierCommitInput(id);
        return commitTarget(warrantSalt(identityKey, orderId), c.kind, c.value);
      },
    });
    const rec = await orders.submit(order);
    const active = await orders.addSignature(rec.order.id, signOrderApproval(rec.canonical, judge, new Date()));
    for (const op of d.operators.filter((o) => order.operators.includes(o.id))) {
      const dir = op.retainedData?.rdhi?.ordersDir;
      if (dir !== undefined) writeFileSync(join(dir, `${order.id}.json`), JSON.stringify(rdhiOrderFile(orderBundle(active), warrantSalt(identityKey, order.id))), { mode: 0o600 });
    }
    return { state: active.state };
  } finally {
    await store.close();
    await log.close();
  }
}

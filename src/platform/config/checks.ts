/**
 * Checks across sections, run once the file has the schema's shape: what no single field can know.
 * Each problem is one `path: expected …, got …` line naming the second (offending) occurrence.
 */
import { describeValue } from './schema.ts';
import { formatAddress, type Address, type Deployment } from './types.ts';

/** Every identity in the file, in document order. Each is a TLS/X1/HI-1 identity: two parties with one name cannot be told apart. */
function identities(d: Omit<Deployment, 'file'>): [string, string][] {
  return [
    ['audit.id', d.audit.id],
    ['control.admf.id', d.control.admf.id],
    ['control.desk.id', d.control.desk.id],
    ...d.control.authorities.map((a, i): [string, string] => [`control.authorities[${i}].id`, a.id]),
    ['mediation.id', d.mediation.id],
    ...d.operators.flatMap((o, i): [string, string][] => [
      [`operators[${i}].id`, o.id],
      ...o.elements.map((e, j): [string, string] => [`operators[${i}].elements[${j}].id`, e.id]),
    ]),
    ...d.agencies.flatMap((a, i): [string, string][] => [
      [`agencies[${i}].id`, a.id],
      [`agencies[${i}].lemf.id`, a.lemf.id],
    ]),
    ...d.witnesses.map((w, i): [string, string] => [`witnesses[${i}].id`, w.id]),
  ];
}

/** Every address some role listens on (or, for a real element, that the ADMF connects to). */
function addresses(d: Omit<Deployment, 'file'>): [string, Address][] {
  return [
    ['audit.listen', d.audit.listen],
    ['audit.admin', d.audit.admin],
    ['control.admf.listen', d.control.admf.listen],
    ['control.desk.listen', d.control.desk.listen],
    ['control.admin', d.control.admin],
    ['mediation.x1', d.mediation.x1],
    ['mediation.x2x3', d.mediation.x2x3],
    ['mediation.admin', d.mediation.admin],
    ...d.operators.flatMap((o, i): [string, Address][] => [
      ...o.elements.map((e, j): [string, Address] => [`operators[${i}].elements[${j}].x1`, e.x1]),
      ...(o.simulation
        ? [[`operators[${i}].simulation.admin`, o.simulation.admin] as [string, Address]]
        : []),
      ...(o.retainedData?.rdhi ? [[`operators[${i}].retainedData.rdhi.listen`, o.retainedData.rdhi.listen] as [string, Address]] : []),
    ]),
    ...d.agencies.flatMap((a, i): [string, Address][] => [
      [`agencies[${i}].lemf.hi2`, a.lemf.hi2],
      [`agencies[${i}].lemf.hi3`, a.lemf.hi3],
      [`agencies[${i}].lemf.admin`, a.lemf.admin],
      ...(a.lemf.console ? [[`agencies[${i}].lemf.console.listen`, a.lemf.console.listen] as [string, Address]] : []),
    ]),
    ...d.witnesses.flatMap((w, i): [string, Address][] => [
      [`witnesses[${i}].listen`, w.listen],
      [`witnesses[${i}].admin`, w.admin],
    ]),
  ];
}

/** The witnesses and the audit log's quorum of them (C2SP tlog-witness; docs/witness.md). */
function witnessErrors(d: Omit<Deployment, 'file'>): string[] {
  const errors = duplicates(
    d.witnesses.map((w, i): [string, string] => [`witnesses[${i}].name`, w.name]),
    (name) => name,
    'a key name of its own (a cosignature is told apart by its key name)',
    (name) => describeValue(name),
  );
  if (d.witnesses.some((w) => w.name === d.audit.origin))
    errors.push(`witnesses: expected key names other than the log's origin, got ${describeValue(d.audit.origin)}`);
  // The witnesses verify every checkpoint with the log's public key; they never hold its signing key.
  if (d.witnesses.length > 0 && d.audit.publicKey === undefined)
    errors.push(`audit.publicKey: expected the public key of audit.signingKey (the witnesses verify checkpoints with it), got nothing`);
  const policy = d.audit.witnessPolicy;
  if (policy === undefined) return errors;
  const ids = new Set(d.witnesses.map((w) => w.id));
  const seen = new Set<string>();
  policy.witnesses.forEach((id, i) => {
    if (!ids.has(id)) errors.push(`audit.witnessPolicy.witnesses[${i}]: expected the id of a witnesses entry, got ${describeValue(id)}`);
    else if (seen.has(id)) errors.push(`audit.witnessPolicy.witnesses[${i}]: expected each witness once, got ${describeValue(id)} again`);
    seen.add(id);
  });
  if (policy.quorum > policy.witnesses.length)
    errors.push(`audit.witnessPolicy.quorum: expected at most the ${policy.witnesses.length} witnesses listed, got ${policy.quorum}`);
  return errors;
}

function duplicates<T>(
  entries: [string, T][],
  key: (t: T) => string,
  expected: string,
  show: (t: T) => string,
): string[] {
  const first = new Map<string, string>();
  const errors: string[] = [];
  for (const [path, value] of entries) {
    const k = key(value);
    const before = first.get(k);
    if (before === undefined) first.set(k, path);
    else errors.push(`${path}: expected ${expected}, got ${show(value)} (also at ${before})`);
  }
  return errors;
}

export function semanticErrors(d: Omit<Deployment, 'file'>): string[] {
  const errors = [
    ...duplicates(
      identities(d),
      (id) => id,
      'a unique identity',
      (id) => describeValue(id),
    ),
    ...duplicates(
      addresses(d),
      (a) => `${a.host.toLowerCase()}:${a.port}`,
      'an address of its own',
      (a) => describeValue(formatAddress(a)),
    ),
    ...witnessErrors(d),
  ];
  // One process binds both of these ports on one host (startMediation's bindHost, the LEMF's host).
  if (d.mediation.x2x3.host !== d.mediation.x1.host)
    errors.push(`mediation.x2x3: expected the host of mediation.x1 (${describeValue(d.mediation.x1.host)}: the MDF binds both on one host), got ${describeValue(formatAddress(d.mediation.x2x3))}`);
  d.agencies.forEach((a, i) => {
    if (a.lemf.hi3.host !== a.lemf.hi2.host)
      errors.push(`agencies[${i}].lemf.hi3: expected the host of hi2 (${describeValue(a.lemf.hi2.host)}: the LEMF binds both on one host), got ${describeValue(formatAddress(a.lemf.hi3))}`);
  });
  const authorities = new Map(d.control.authorities.map((a) => [a.id, a]));
  d.operators.forEach((o, i) => {
    o.policy.officers.forEach((officer, j) => {
      // The operator's confirmation is signed by its compliance officers (docs/warrants.md): anyone else's key must not count.
      const a = authorities.get(officer);
      if (a?.role !== 'compliance-officer') {
        errors.push(
          `operators[${i}].policy.officers[${j}]: expected the id of an authority with role compliance-officer, got ${describeValue(officer)} (${a ? `role ${a.role}` : 'no such authority'})`,
        );
      }
    });
    const distinct = new Set(o.policy.officers).size;
    if (o.policy.fourEyes && distinct < 2)
      errors.push(
        `operators[${i}].policy.officers: expected at least 2 different officers (fourEyes is true), got ${distinct}`,
      );
    o.elements.forEach((e, j) => {
      if (e.simulated === undefined) return;
      if (!e.tls)
        errors.push(
          `operators[${i}].elements[${j}].tls: expected TLS files (cert, key) for a simulated element, got nothing`,
        );
      if (!o.simulation)
        errors.push(
          `operators[${i}].elements[${j}].simulated: expected an operator with a simulation section (the network role that runs it), got ${describeValue(e.simulated)}`,
        );
    });
  });
  return errors;
}

/**
 * Notification payloads: PS-PDU `hI1-Operation [3]` (TS 101 671 HI1NotificationOperations version7)
 * and `hI4Payload [7]` HI4Notification (TS 102 232-1 Annex A, the successor carried natively).
 */
import {
  children,
  ctx,
  ctxAscii,
  ctxCons,
  ctxEnumerated,
  ctxOid,
  ctxTime,
  ctxUtf8,
  decodeAscii,
  present,
  TagClass,
  type BerElement,
  type BerNode,
} from '../ber/index.ts';
import {
  badValue,
  checkSize,
  checkUtf8,
  encodeFail,
  explicitInner,
  fieldsOf,
  nodeFromRaw,
  rawAlternative,
  readInt,
  readOctetsSized,
  readOid,
  readText,
  readTime,
  readUtf8,
  req,
  TagClassContext,
  textBytes,
  unexpected,
  copyBytes,
} from './ber-util.ts';
import type { HI1Operation, HI2CommunicationIdentifier, HI2TimeStamp } from './types-hi1.ts';
import type { DictionaryEntry, HI4LINotification, HI4Payload, TargetIdentifierFormat } from './types.ts';

// ---- TS 101 671 HI2Operations pieces ----

/** UTCTime "YYMMDDHHMMSSZ" (X.680 §47; DER form X.690 §11.8). */
function utcTimeBytes(d: Date): string {
  const y = d.getUTCFullYear();
  if (y < 1950 || y > 2049) throw encodeFail('UTCTime only covers 1950..2049');
  return d.toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d).*$/, '$1$2$3$4$5$6Z');
}

function readUtcTime(el: BerElement, where: string): Date {
  const m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/.exec(decodeAscii(el.value));
  if (el.constructed || !m) throw badValue(where, 'invalid UTCTime');
  const yy = Number(m[1]);
  const d = new Date(Date.UTC(yy < 50 ? 2000 + yy : 1900 + yy, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  if (Number.isNaN(d.getTime())) throw badValue(where, 'invalid UTCTime');
  return d;
}

function timeStampNode(tag: number, t: HI2TimeStamp): BerNode {
  const alt =
    t.kind === 'localTime'
      ? ctxCons(0, [ctxTime(0, t.value.generalizedTime), ctxEnumerated(1, t.value.winterSummerIndication)])
      : ctxAscii(1, utcTimeBytes(t.value));
  return ctxCons(tag, [alt]);
}

function decodeTimeStamp(el: BerElement, where: string): HI2TimeStamp {
  const alt = explicitInner(el, where);
  if (alt.tagNumber === 1) return { kind: 'utcTime', value: readUtcTime(alt, where) };
  if (alt.tagNumber !== 0) throw unexpected(where, `unknown TimeStamp alternative [${alt.tagNumber}]`);
  const f = fieldsOf(alt, where, TagClassContext, 0);
  return {
    kind: 'localTime',
    value: {
      generalizedTime: readTime(req(f, 0, where, 'generalizedTime'), `${where}.generalizedTime`),
      winterSummerIndication: readInt(req(f, 1, where, 'winterSummerIndication'), `${where}.winterSummerIndication`),
    },
  };
}

const NEID_TAGS = { e164Format: 1, x25Format: 2, iPFormat: 3, dNSFormat: 4 } as const;
const NEID_KINDS = ['', 'e164Format', 'x25Format', 'iPFormat', 'dNSFormat'] as const;

function hi2CommunicationIdentifierNode(tag: number, c: HI2CommunicationIdentifier): BerNode {
  const ne = c.networkIdentifier.networkElementIdentifier;
  let neNode: BerNode | undefined;
  if (ne?.kind === 'unknown') neNode = rawAlternative(ne.tag, ne.raw, 'Network-Element-Identifier');
  else if (ne) {
    checkSize(ne.value.length, 1, 25, 'Network-Element-Identifier');
    neNode = ctx(NEID_TAGS[ne.kind], ne.value);
  }
  return ctxCons(
    tag,
    present([
      c.communicationIdentityNumber !== undefined && ctx(0, textBytes(c.communicationIdentityNumber, 1, 8, 'communication-Identity-Number')),
      ctxCons(1, present([ctx(0, textBytes(c.networkIdentifier.operatorIdentifier, 1, 5, 'operator-Identifier')), neNode && ctxCons(1, [neNode])])),
    ]),
  );
}

function decodeHi2CommunicationIdentifier(el: BerElement, where: string): HI2CommunicationIdentifier {
  const f = fieldsOf(el, where, TagClassContext, el.tagNumber);
  const n = fieldsOf(req(f, 1, where, 'network-Identifier'), `${where}.network-Identifier`, TagClassContext, 1);
  const out: HI2CommunicationIdentifier = {
    networkIdentifier: { operatorIdentifier: readText(req(n, 0, where, 'operator-Identifier'), `${where}.operator-Identifier`, 1, 5) },
  };
  const cin = f.get(0);
  if (cin) out.communicationIdentityNumber = readText(cin, `${where}.communication-Identity-Number`, 1, 8);
  const ne = n.get(1);
  if (ne) {
    const alt = explicitInner(ne, `${where}.network-Element-Identifier`);
    const kind = NEID_KINDS[alt.tagNumber];
    out.networkIdentifier.networkElementIdentifier =
      kind && !alt.constructed
        ? { kind, value: readOctetsSized(alt, `${where}.network-Element-Identifier`, 1, 25) }
        : { kind: 'unknown', tag: alt.tagNumber, raw: copyBytes(alt.raw) };
  }
  return out;
}

// ---- HI1-Operation ----

const HI1_KINDS = ['', 'liActivated', 'liDeactivated', 'liModified'] as const;

export function hi1OperationNode(op: HI1Operation): BerNode {
  switch (op.kind) {
    case 'liActivated':
    case 'liDeactivated':
    case 'liModified': {
      const n = op.value;
      return ctxCons(
        HI1_KINDS.indexOf(op.kind),
        present([
          n.domainID !== undefined && ctxOid(0, n.domainID),
          ctx(1, textBytes(n.lawfulInterceptionIdentifier, 1, 25, 'Notification.lawfulInterceptionIdentifier')),
          n.communicationIdentifier && hi2CommunicationIdentifierNode(2, n.communicationIdentifier),
          timeStampNode(3, n.timeStamp),
          n.nationalHI1ASN1parameters && nodeFromRaw(n.nationalHI1ASN1parameters),
          n.targetInformation && (checkSize(n.targetInformation.length, 1, 256, 'target-Information'), ctx(6, n.targetInformation)),
        ]),
      );
    }
    case 'alarmsIndicator': {
      const a = op.value;
      checkSize(a.alarmInformation.length, 1, 256, 'alarm-information');
      return ctxCons(
        4,
        present([
          a.domainID !== undefined && ctxOid(0, a.domainID),
          a.communicationIdentifier && hi2CommunicationIdentifierNode(1, a.communicationIdentifier),
          timeStampNode(2, a.timeStamp),
          ctx(3, a.alarmInformation),
          a.lawfulInterceptionIdentifier !== undefined && ctx(4, textBytes(a.lawfulInterceptionIdentifier, 1, 25, 'lawfulInterceptionIdentifier')),
          a.nationalHI1ASN1parameters && nodeFromRaw(a.nationalHI1ASN1parameters),
        ]),
      );
    }
    case 'unknown':
      return rawAlternative(op.tag, op.raw, 'HI1-Operation');
  }
}

export function decodeHi1Operation(alt: BerElement, where: string): HI1Operation {
  const t = alt.tagNumber;
  const kind = HI1_KINDS[t];
  if (kind) {
    const w = `${where}.${kind}`;
    const f = fieldsOf(alt, w, TagClassContext, t);
    const n: HI1Operation = {
      kind,
      value: {
        lawfulInterceptionIdentifier: readText(req(f, 1, w, 'lawfulInterceptionIdentifier'), `${w}.lawfulInterceptionIdentifier`, 1, 25),
        timeStamp: decodeTimeStamp(req(f, 3, w, 'timeStamp'), `${w}.timeStamp`),
      },
    };
    let e = f.get(0);
    if (e) n.value.domainID = readOid(e, `${w}.domainID`);
    if ((e = f.get(2))) n.value.communicationIdentifier = decodeHi2CommunicationIdentifier(e, `${w}.communicationIdentifier`);
    if ((e = f.get(5))) n.value.nationalHI1ASN1parameters = copyBytes(e.raw);
    if ((e = f.get(6))) n.value.targetInformation = readOctetsSized(e, `${w}.target-Information`, 1, 256);
    return n;
  }
  if (t === 4) {
    const w = `${where}.alarms-indicator`;
    const f = fieldsOf(alt, w, TagClassContext, 4);
    const op: HI1Operation = {
      kind: 'alarmsIndicator',
      value: {
        timeStamp: decodeTimeStamp(req(f, 2, w, 'timeStamp'), `${w}.timeStamp`),
        alarmInformation: readOctetsSized(req(f, 3, w, 'alarm-information'), `${w}.alarm-information`, 1, 256),
      },
    };
    let e = f.get(0);
    if (e) op.value.domainID = readOid(e, `${w}.domainID`);
    if ((e = f.get(1))) op.value.communicationIdentifier = decodeHi2CommunicationIdentifier(e, `${w}.communicationIdentifier`);
    if ((e = f.get(4))) op.value.lawfulInterceptionIdentifier = readText(e, `${w}.lawfulInterceptionIdentifier`, 1, 25);
    if ((e = f.get(5))) op.value.nationalHI1ASN1parameters = copyBytes(e.raw);
    return op;
  }
  return { kind: 'unknown', tag: t, raw: copyBytes(alt.raw) };
}

// ---- HI4Payload ----

const HI4_KINDS = ['', 'liActivated', 'liDeactivated', 'liModified'] as const;

function dictionaryEntryNode(tag: number, d: DictionaryEntry): BerNode {
  return ctxCons(tag, [
    ctxUtf8(1, checkUtf8(d.owner, 0, 255, 'DictionaryEntry.owner')),
    ctxUtf8(2, checkUtf8(d.name, 0, 255, 'DictionaryEntry.name')),
    ctxUtf8(3, checkUtf8(d.value, 0, 255, 'DictionaryEntry.value')),
  ]);
}

function decodeDictionaryEntry(el: BerElement, where: string): DictionaryEntry {
  const f = fieldsOf(el, where, TagClassContext, el.tagNumber);
  return {
    owner: readUtf8(req(f, 1, where, 'owner'), where, 0, 255),
    name: readUtf8(req(f, 2, where, 'name'), where, 0, 255),
    value: readUtf8(req(f, 3, where, 'value'), where, 0, 255),
  };
}

function targetIdentifierNode(t: TargetIdentifierFormat): BerNode {
  return ctxCons(1, [
    ctxUtf8(1, checkUtf8(t.formatOwner, 0, 255, 'formatOwner')),
    ctxUtf8(2, checkUtf8(t.formatName, 0, 255, 'formatName')),
    ctxUtf8(3, checkUtf8(t.targetValue, 0, 65535, 'targetValue')),
  ]);
}

function hi4LINotificationNode(tag: number, n: HI4LINotification): BerNode {
  return ctxCons(
    tag,
    present([
      n.activationTime && ctxTime(1, n.activationTime),
      n.deactivationTime && ctxTime(2, n.deactivationTime),
      n.targetIdentifiers && ctxCons(3, n.targetIdentifiers.map(targetIdentifierNode)),
      n.serviceType && dictionaryEntryNode(4, n.serviceType),
      n.targetIdentifierSubtype && dictionaryEntryNode(5, n.targetIdentifierSubtype),
      n.interceptType !== undefined && ctxEnumerated(6, n.interceptType),
      n.ownerIdentifier !== undefined && ctxUtf8(7, checkUtf8(n.ownerIdentifier, 0, 255, 'ownerIdentifier')),
      n.authorizationReference !== undefined && ctxUtf8(8, checkUtf8(n.authorizationReference, 0, 65535, 'authorizationReference')),
    ]),
  );
}

function decodeHi4LINotification(el: BerElement, where: string): HI4LINotification {
  const f = fieldsOf(el, where, TagClassContext, el.tagNumber);
  const n: HI4LINotification = {};
  let e = f.get(1);
  if (e) n.activationTime = readTime(e, `${where}.activationTime`);
  if ((e = f.get(2))) n.deactivationTime = readTime(e, `${where}.deactivationTime`);
  if ((e = f.get(3))) {
    if (!e.constructed) throw unexpected(where, 'targetIdentifiers [3] must be constructed');
    n.targetIdentifiers = children(e).map((ti) => {
      if (ti.cls !== TagClass.Context || ti.tagNumber !== 1) throw unexpected(where, 'unknown TargetIdentifier alternative');
      const g = fieldsOf(ti, `${where}.targetIdentifierFormat`, TagClassContext, 1);
      return {
        formatOwner: readUtf8(req(g, 1, where, 'formatOwner'), where, 0, 255),
        formatName: readUtf8(req(g, 2, where, 'formatName'), where, 0, 255),
        targetValue: readUtf8(req(g, 3, where, 'targetValue'), where, 0, 65535),
      };
    });
  }
  if ((e = f.get(4))) n.serviceType = decodeDictionaryEntry(e, `${where}.serviceType`);
  if ((e = f.get(5))) n.targetIdentifierSubtype = decodeDictionaryEntry(e, `${where}.targetIdentifierSubtype`);
  if ((e = f.get(6))) n.interceptType = readInt(e, `${where}.interceptType`);
  if ((e = f.get(7))) n.ownerIdentifier = readUtf8(e, `${where}.ownerIdentifier`, 0, 255);
  if ((e = f.get(8))) n.authorizationReference = readUtf8(e, `${where}.authorizationReference`, 0, 65535);
  return n;
}

/** One HI4Payload element of `hI4Payload [7] SEQUENCE OF HI4Payload` (a CHOICE: its own tag). */
export function hi4PayloadNode(p: HI4Payload): BerNode {
  if (p.kind === 'unknown') return rawAlternative(p.tag, p.raw, 'HI4Payload');
  const n = p.value;
  const inner = n.kind === 'unknown' ? rawAlternative(n.tag, n.raw, 'HI4Notification') : hi4LINotificationNode(HI4_KINDS.indexOf(n.kind), n.value);
  // hi4Notification [2] HI4Notification: a tagged CHOICE, so the tag is explicit.
  return ctxCons(2, [inner]);
}

export function decodeHi4Payload(el: BerElement, where: string): HI4Payload {
  if (el.cls !== TagClass.Context) throw unexpected(where, 'HI4Payload alternative with a non-context tag');
  if (el.tagNumber !== 2) return { kind: 'unknown', tag: el.tagNumber, raw: copyBytes(el.raw) };
  const alt = explicitInner(el, `${where}.hi4Notification`);
  const kind = HI4_KINDS[alt.tagNumber];
  if (!kind) return { kind: 'hi4Notification', value: { kind: 'unknown', tag: alt.tagNumber, raw: copyBytes(alt.raw) } };
  return { kind: 'hi4Notification', value: { kind, value: decodeHi4LINotification(alt, `${where}.${kind}`) } };
}

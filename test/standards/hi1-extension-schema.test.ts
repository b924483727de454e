/**
 * Our HI-1 extension schema (src/standards/hi1/schema/warranted-hi1-1.xsd, namespace
 * urn:warranted:hi1:1): its enumerations are the model's, every optional field the encoder can
 * emit validates together with the official TS 103 120 XSDs (validate-hi1.sh + LIV_SCHEMA), and a
 * document whose national parameters break it is refused — the desk's own tests then check every
 * document actually exchanged (test/warrants/desk.test.ts, test/system/*).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeHI1Message, encodeHI1Message, type HI1Message, type Hi1Object, type NotificationObject } from '../../src/standards/hi1/index.ts';
import { AUTHORITY_ROLES, SERVICE_CATEGORIES, WARRANT_STATES, type Signature, type SignedStatement, type WarrantDraft } from '../../src/warrants/model.ts';
import {
  DESIRED_STATUS_FOR,
  approvalUpdate,
  notificationStatusOf,
  statusChangeParameters,
  warrantToHi1Objects,
  DEFAULT_HI1_VERSION,
} from '../../src/warrants/desk/index.ts';
import { EXTENSION_XSD, validateHi1Files } from '../helpers/hi1-capture.ts';
import { validatorsSkipReason } from '../helpers/validators.ts';

const xsd = readFileSync(EXTENSION_XSD, 'utf8');

/** The enumeration values of one named simple type of the XSD. */
function enumeration(type: string): string[] {
  const body = new RegExp(`<xs:simpleType name="${type}">([\\s\\S]*?)</xs:simpleType>`).exec(xsd)?.[1];
  assert.ok(body, `simpleType ${type} in the XSD`);
  return [...body.matchAll(/<xs:enumeration value="([^"]+)"\/>/g)].map((m) => m[1]!);
}

describe('the schema says what the model says', () => {
  test('roles, services, statement purposes and warrant states', () => {
    assert.deepEqual(enumeration('AuthorityRole'), [...AUTHORITY_ROLES]);
    assert.deepEqual(enumeration('ServiceCategory'), [...SERVICE_CATEGORIES]);
    assert.deepEqual(enumeration('StatementPurpose'), Object.keys(DESIRED_STATUS_FOR));
    assert.deepEqual(enumeration('WarrantState'), [...WARRANT_STATES]);
  });
});

const b64sig = () => randomBytes(64).toString('base64');
const approval: Signature = { authorityId: 'pk-minister-interior', keyId: 'ed25519:0123456789abcdef0123456789abcdef', role: 'minister', signedAt: '2026-03-02T09:00:01.250Z', signature: b64sig() };
const statement: SignedStatement = { ...approval, authorityId: 'pk-ihc-judge-1', role: 'judge', purpose: 'revocation', subject: 'no longer necessary & proportionate', signature: b64sig() };

const draft: WarrantDraft & { id: string } = {
  id: randomUUID(),
  reference: 'W-2026-0042',
  agency: { id: 'us-fbi', name: 'Federal Bureau of Investigation' },
  officer: 'Special Agent <J. Doe>',
  legalBasis: 'us-title-iii',
  offence: '18 U.S.C. §1956',
  targets: [{ kind: 'e164Number', value: '12025550123' }, { kind: 'imei', value: '490154203237518' }],
  categories: { content: false, services: ['voice', 'sms'] },
  operators: ['demo-op-a'],
  start: '2026-03-02T09:00:00.000Z',
  end: '2026-03-31T09:00:00.000Z',
  delivery: { destinationId: 'lemf-fbi', address: '127.0.0.1:9000' },
  retentionDays: 36500,
  emergency: true,
  profileId: 'us-title-iii',
  renews: randomUUID(),
  progressReport: 'Line 1\nLine 2: results so far',
  reportFields: { authorizingOfficial: 'Deputy AAG', facilityNature: 'cellular telephone' },
};

function message(kind: 'request' | 'response', objects: Hi1Object[]): HI1Message {
  const header = {
    senderIdentifier: { countryCode: 'XX', uniqueIdentifier: 'us-fbi' },
    receiverIdentifier: { countryCode: 'XX', uniqueIdentifier: 'warrant-desk' },
    transactionIdentifier: randomUUID(),
    timestamp: '2026-03-02T09:00:00.000000Z',
    version: DEFAULT_HI1_VERSION,
  };
  return kind === 'request'
    ? { header, payload: { kind, actionRequests: objects.map((object, i) => ({ actionIdentifier: i, verb: 'CREATE' as const, object })) } }
    : { header, payload: { kind, actionResponses: objects.map((object, i) => ({ actionIdentifier: i, verb: 'GETResponse' as const, object })) } };
}

const notification = (from: Parameters<typeof statusChangeParameters>[0], to: Parameters<typeof statusChangeParameters>[1]): NotificationObject => ({
  objectType: 'Notification',
  objectIdentifier: randomUUID(),
  countryCode: 'XX',
  associatedObjects: [draft.id],
  notificationType: { owner: 'ETSI', name: 'NotificationType', value: 'General' },
  newNotification: true,
  notificationTimestamp: '2026-03-02T09:00:02Z',
  nationalNotificationParameters: statusChangeParameters(from, to, 'XX'),
});

const documents = {
  'create-all-optional-fields.xml': encodeHI1Message(message('request', warrantToHi1Objects(draft, { countryCode: 'XX', signatures: [approval] }))),
  'update-statement.xml': encodeHI1Message(message('request', [approvalUpdate(draft.id, [statement], 'XX', 'Cancelled')])),
  'notifications.xml': encodeHI1Message(message('response', [notification(null, 'AwaitingApproval'), notification('Approved', 'Active'), notification('Active', 'Lapsed')])),
};

describe('validate-hi1.sh with our schema', { skip: validatorsSkipReason }, () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'warranted-hi1-ext-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, xml: string) => {
    const p = join(dir, name);
    writeFileSync(p, xml);
    return p;
  };

  test('accepts every optional field of WarrantParameters, Ed25519Signature and StatusChange', () => {
    const r = validateHi1Files(Object.entries(documents).map(([n, x]) => write(n, x)));
    assert.equal(r.ok, true, `${r.stdout}\n${r.stderr}`);
    // and they decode back to what was encoded
    const note = decodeHI1Message(new TextEncoder().encode(documents['notifications.xml'])).payload;
    assert.ok(note.kind === 'response');
    const states = note.actionResponses.map((a) => (a.verb === 'GETResponse' && a.object.objectType === 'Notification' ? notificationStatusOf(a.object) : undefined));
    assert.deepEqual(states, [
      { authorisationStatus: 'AwaitingApproval', warrantState: 'AwaitingApproval' },
      { authorisationStatus: 'Approved', warrantState: 'Active', previous: 'Approved' },
      { authorisationStatus: 'Expired', warrantState: 'Lapsed', previous: 'Active' },
    ]);
  });

  const create = documents['create-all-optional-fields.xml'];
  const update = documents['update-statement.xml'];
  const notes = documents['notifications.xml'];
  /** [what breaks, document, search, replacement]: each must be refused, naming the element. */
  const breaks: [string, string, RegExp, string, string][] = [
    ['RetentionDays over 100 years', create, /(RetentionDays[^>]*>)36500</, '$136501<', 'RetentionDays'],
    ['ContentAuthorised as 0', create, /(ContentAuthorised[^>]*>)false</, '$10<', 'ContentAuthorised'],
    ['unknown service', create, /(Service[^>]*>)voice</, '$1fax<', 'Service'],
    ['Renews not a UUID', create, /(Renews[^>]*>)[^<]+</, '$1W-2026-0001<', 'Renews'],
    ['report field name with a space', create, /(:Name[^>]*>)authorizingOfficial</, '$1authorizing official<', 'Name'],
    ['Offence missing', create, /<(\w+):Offence[^>]*>[^<]*<\/\1:Offence>/, '', 'RetentionDays'],
    ['unknown role', update, /(:Role[^>]*>)judge</, '$1king<', 'Role'],
    ['SignedAt without a zone', update, /(SignedAt[^>]*>)([^<]+)Z</, '$1$2<', 'SignedAt'],
    ['signature of 63 bytes', update, /(<(\w+):Value xmlns:\2="urn:warranted:hi1:1">)[^<]+</, `$1${randomBytes(63).toString('base64')}<`, 'Value'],
    ['Purpose without Subject', update, /<(\w+):Subject[^>]*>[^<]*<\/\1:Subject>/, '', 'Value'],
    ['unknown warrant state', notes, /(:WarrantState[^>]*>)Active</, '$1Dormant<', 'WarrantState'],
  ];
  for (const [what, doc, search, replacement, element] of breaks) {
    test(`refuses ${what}`, () => {
      const broken = doc.replace(search, replacement);
      assert.notEqual(broken, doc, 'the mutation applied');
      const r = validateHi1Files([write(`${what.replaceAll(' ', '-')}.xml`, broken)]);
      assert.equal(r.ok, false, `${what} accepted`);
      assert.match(r.stderr, new RegExp(`\\{urn:warranted:hi1:1\\}${element}`), r.stderr);
    });
  }
});

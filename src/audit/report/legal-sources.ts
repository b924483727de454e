/**
 * Where each field of the report comes from in law. Two reports are served from one log:
 *
 * - the US Wiretap Report: 18 U.S.C. §2519(1) (what is reported per order or extension:
 *   (a) applied for, (b) kind, (c) granted/denied, (d) period and extensions, (e) offence,
 *   (f) officer, agency and authorising person, (g) nature of facilities) and §2519(2)(b)
 *   (the interceptions made: (i)-(ii) frequency of communications, (iii) persons intercepted,
 *   (iv) encryption encountered, (v) resources);
 * - the review under Pakistan's Investigation for Fair Trial Act 2013 (Act No. I of 2013), as the
 *   pk-ifta-2013 profile records it: application by a designated agency with the written
 *   permission of the Minister; warrant by a Judge of the High Court, valid for sixty days;
 *   re-issue for a further period with a report of the progress of the investigation; and the
 *   profile's requiredReportFields (offence, applyingOfficer, agency, periodAuthorized). Section
 *   numbers beyond those the project already cites are not given here: check them against the
 *   gazetted text, as the profile's notes ask.
 */

export interface LegalSource {
  /** Column heading. */
  label: string;
  us: string;
  ifta: string;
}

const IFTA_AGENCY = 'IFTA 2013: application by a designated agency (profile designatedAgencies; report field agency)';
const IFTA_PERIOD = 'IFTA 2013: warrant valid for sixty days (report field periodAuthorized)';
const IFTA_REISSUE = 'IFTA 2013: re-issue for a further period, with a progress report';

export const LEGAL_SOURCES: Readonly<Record<string, LegalSource>> = {
  agencyId: { label: 'agency', us: '18 U.S.C. §2519(1)(f): agency making the application', ifta: IFTA_AGENCY },
  kind: { label: 'kind of order', us: '§2519(1)(b): kind of order or extension applied for', ifta: IFTA_REISSUE },
  decision: { label: 'decision', us: '§2519(1)(c): granted as applied for, modified, or denied', ifta: 'IFTA 2013: warrant issued (or refused) by a Judge of the High Court' },
  approvals: {
    label: 'approvals',
    us: '§2519(1)(f): person authorizing the application (role only)',
    ifta: 'IFTA 2013: written permission of the Minister, then the warrant of a Judge of the High Court',
  },
  offence: { label: 'offence', us: '§2519(1)(e): offense specified in the order', ifta: 'IFTA 2013: report field offence (scheduled offence)' },
  legalBasis: { label: 'legal basis', us: '—', ifta: 'IFTA 2013: the provisions the warrant states it is issued under' },
  orderStart: { label: 'order start', us: '§2519(1)(d): period of interceptions authorized', ifta: IFTA_PERIOD },
  orderSeconds: { label: 'order duration', us: '§2519(1)(d): period of interceptions authorized', ifta: IFTA_PERIOD },
  extensions: { label: 'extensions', us: '§2519(1)(d): number and duration of any extensions', ifta: IFTA_REISSUE },
  interception: { label: 'type of interception', us: '§2519(2)(b): general description of the interceptions made', ifta: 'IFTA 2013: what the warrant authorises' },
  services: { label: 'services', us: '§2519(1)(g): nature of the facilities', ifta: 'IFTA 2013: what the warrant authorises' },
  targetKinds: { label: 'identities (kinds)', us: '§2519(1)(g): nature of the facilities', ifta: '—' },
  operators: { label: 'operators', us: '§2519(1)(g): nature of the facilities', ifta: 'IFTA 2013: service providers the warrant is served on' },
  targets: { label: 'persons intercepted', us: '§2519(2)(b)(iii): approximate number of persons whose communications were intercepted', ifta: '—' },
  interceptionStart: { label: 'actual interception', us: '§2519(2)(b): the interceptions made under the order', ifta: 'IFTA 2013: execution of the warrant within its period' },
  records: {
    label: 'communications intercepted',
    us: '§2519(2)(b)(i)-(ii): approximate frequency of communications intercepted',
    ifta: '—',
  },
  encryption: { label: 'encryption', us: '§2519(2)(b)(iv): orders in which encryption was encountered', ifta: '—' },
};

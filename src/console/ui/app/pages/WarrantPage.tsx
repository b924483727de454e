/**
 * One warrant: its header (`GET /api/warrants/:liid` — 403 when not assigned, 410 after retention
 * end, both said plainly) and one page per view, each its own path so it can be linked and reloaded.
 */
import type { User, WarrantDetail } from '../types.ts';
import { warrantPath } from '../api.ts';
import { useApi } from '../components/useApi.ts';
import { Loading } from '../components/Loading.tsx';
import { Link } from '../components/Link.tsx';
import { OverviewTab } from '../tabs/OverviewTab.tsx';
import { TimelineTab } from '../tabs/TimelineTab.tsx';
import { CallsTab } from '../tabs/CallsTab.tsx';
import { SmsTab } from '../tabs/SmsTab.tsx';
import { MapTab } from '../tabs/MapTab.tsx';
import { BrowsingTab } from '../tabs/BrowsingTab.tsx';
import { ContactsTab } from '../tabs/ContactsTab.tsx';
import { ExportTab } from '../tabs/ExportTab.tsx';

export const TABS: readonly { id: string; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'calls', label: 'Calls' },
  { id: 'sms', label: 'SMS' },
  { id: 'map', label: 'Map' },
  { id: 'browsing', label: 'Browsing' },
  { id: 'contacts', label: 'Contacts' },
  { id: 'export', label: 'Export' },
];

export function WarrantPage({ liid, tab, sub, user }: { liid: string; tab: string; sub: string | undefined; user: User }) {
  const [loaded] = useApi<WarrantDetail>(warrantPath(liid));
  const base = `/warrants/${encodeURIComponent(liid)}`;
  return (
    <section aria-labelledby="warrant-h">
      <h1 id="warrant-h">Warrant {liid}</h1>
      <Loading loaded={loaded}>
        {(w) => (
          <>
            <nav aria-label="Warrant pages" className="tabs">
              {TABS.map((t) => (
                <span key={t.id} aria-current={t.id === tab ? 'page' : undefined}>
                  <Link to={t.id === 'overview' ? base : `${base}/${t.id}`}>{t.label}</Link>
                </span>
              ))}
            </nav>
            <Tab liid={liid} tab={tab} sub={sub} warrant={w} user={user} />
          </>
        )}
      </Loading>
    </section>
  );
}

function Tab({ liid, tab, sub, warrant, user }: { liid: string; tab: string; sub: string | undefined; warrant: WarrantDetail; user: User }) {
  switch (tab) {
    case 'timeline':
      return <TimelineTab liid={liid} user={user} />;
    case 'calls':
      return <CallsTab liid={liid} selected={sub} />;
    case 'sms':
      return <SmsTab liid={liid} />;
    case 'map':
      return <MapTab liid={liid} />;
    case 'browsing':
      return <BrowsingTab liid={liid} />;
    case 'contacts':
      return <ContactsTab liid={liid} />;
    case 'export':
      return <ExportTab liid={liid} user={user} />;
    default:
      return <OverviewTab warrant={warrant} />;
  }
}

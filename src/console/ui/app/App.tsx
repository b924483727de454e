/**
 * The console's frame: who is logged in (`GET /api/me` on load), the navigation their role allows,
 * and the page for the current path. Any 401 from the API brings the login page back.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, getJson, postJson, setCsrf, setOnUnauthenticated } from './api.ts';
import type { Me, User } from './types.ts';
import { navigate, segments, useLocation } from './router.ts';
import { Link } from './components/Link.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { WarrantListPage } from './pages/WarrantListPage.tsx';
import { WarrantPage } from './pages/WarrantPage.tsx';
import { SearchPage } from './pages/SearchPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { AccessLogPage } from './pages/AccessLogPage.tsx';
import { CommonContactsPage } from './pages/CommonContactsPage.tsx';
import { RetainedDataPage } from './pages/RetainedDataPage.tsx';

export function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const { path, query } = useLocation();

  useEffect(() => {
    setOnUnauthenticated(() => setUser(null));
    getJson<Me>('/api/me').then(
      (me) => {
        setCsrf(me.csrf);
        setUser(me.user);
      },
      (e: unknown) => {
        if (!(e instanceof ApiError) || e.status !== 401) console.error(e);
        setUser(null);
      },
    );
  }, []);

  const loggedIn = useCallback((me: Me) => {
    setCsrf(me.csrf);
    setUser(me.user);
  }, []);

  const logout = () => {
    const done = () => {
      setCsrf('');
      setUser(null);
      navigate('/');
    };
    postJson('/api/logout').then(done, done);
  };

  if (user === undefined) return <p role="status">Loading…</p>;
  if (user === null) return <LoginPage onLoggedIn={loggedIn} />;
  return (
    <>
      <header className="top">
        <span className="brand">warranted console</span>
        <nav aria-label="Main">
          <Link to="/">Warrants</Link>
          {user.role !== 'auditor' ? <Link to="/search">Search</Link> : null}
          {user.role !== 'auditor' ? <Link to="/contacts/common">Common contacts</Link> : null}
          {user.role !== 'auditor' ? <Link to="/retained-data">Retained data</Link> : null}
          {user.role === 'supervisor' ? <Link to="/users">Users</Link> : null}
          {user.role !== 'analyst' ? <Link to="/access-log">Access log</Link> : null}
        </nav>
        <span className="who">
          {user.name} ({user.role}){' '}
          <button type="button" onClick={logout}>
            Log out
          </button>
        </span>
      </header>
      <main>
        <Page path={path} query={query} user={user} />
      </main>
    </>
  );
}

function Page({ path, query, user }: { path: string; query: URLSearchParams; user: User }) {
  const s = segments(path);
  if (s[0] === 'warrants' && s[1]) return <WarrantPage liid={s[1]} tab={s[2] ?? 'overview'} sub={s[3]} user={user} />;
  if (s[0] === 'search') return <SearchPage q={query.get('q') ?? ''} />;
  if (s[0] === 'contacts' && s[1] === 'common') return <CommonContactsPage a={query.get('a') ?? ''} b={query.get('b') ?? ''} />;
  if (s[0] === 'users') return <UsersPage />;
  if (s[0] === 'retained-data') return <RetainedDataPage {...(s[1] ? { id: s[1] } : {})} />;
  if (s[0] === 'access-log') return <AccessLogPage />;
  return <WarrantListPage />;
}

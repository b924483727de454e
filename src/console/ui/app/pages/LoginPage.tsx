import { useState, type SyntheticEvent } from 'react';
import { ApiError, postJson } from '../api.ts';
import type { Me } from '../types.ts';
import { explain } from '../components/ErrorNotice.tsx';

/** `POST /api/login`; a wrong password and a locked account are said plainly, nothing more. */
export function LoginPage({ onLoggedIn }: { onLoggedIn: (me: Me) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    postJson<Me>('/api/login', { name, password }).then(
      (me) => onLoggedIn(me),
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof ApiError ? (err.status === 401 ? 'Wrong name or password.' : explain(err)) : 'Login failed.');
      },
    );
  };
  return (
    <main className="login">
      <h1>warranted console</h1>
      <form onSubmit={submit} aria-label="Log in">
        <label>
          Name
          <input name="name" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button type="submit" disabled={busy}>
          Log in
        </button>
        {error ? <p role="alert">{error}</p> : null}
      </form>
      <p className="note">Every look at intercepted material is recorded in this monitoring centre's access log.</p>
    </main>
  );
}

/** Supervisor: users, roles, assignments, unlock (`/api/users…`); every change is audited by the server. */
import { useState, type SyntheticEvent } from 'react';
import type { ConsoleUserRow, Role } from '../types.ts';
import { ApiError, postJson } from '../api.ts';
import { useApi } from '../components/useApi.ts';
import { Loading } from '../components/Loading.tsx';
import { explain } from '../components/ErrorNotice.tsx';

const splitLiids = (s: string): string[] =>
  s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export function UsersPage() {
  const [loaded, reload] = useApi<{ users: ConsoleUserRow[] }>('/api/users');
  const [note, setNote] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [password, setPassword] = useState('');
  const [liids, setLiids] = useState('');
  const fail = (e: unknown) => setNote(e instanceof ApiError ? `${explain(e)} ${e.message}` : 'failed');
  const add = (e: SyntheticEvent) => {
    e.preventDefault();
    postJson('/api/users', { name, role, password, liids: splitLiids(liids) }).then(() => {
      setNote(`User ${name} added.`);
      setName('');
      setPassword('');
      setLiids('');
      reload();
    }, fail);
  };
  return (
    <section aria-labelledby="users-h">
      <h1 id="users-h">Users and assignments</h1>
      <Loading loaded={loaded}>
        {({ users }) => (
          <table aria-label="Users">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Assigned warrants</th>
                <th scope="col">Production orders</th>
                <th scope="col">Locked</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <UserRow key={u.name} user={u} onChanged={reload} onError={fail} />
              ))}
            </tbody>
          </table>
        )}
      </Loading>
      <form onSubmit={add} aria-label="Add a user">
        <h2>Add a user</h2>
        <label>
          User name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option>analyst</option>
            <option>supervisor</option>
            <option>auditor</option>
          </select>
        </label>
        <label>
          Initial password
          <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <label>
          Warrants (LIIDs)
          <input value={liids} onChange={(e) => setLiids(e.target.value)} />
        </label>
        <button type="submit">Add user</button>
      </form>
      {note ? <p role="status">{note}</p> : null}
    </section>
  );
}

function UserRow({ user: u, onChanged, onError }: { user: ConsoleUserRow; onChanged: () => void; onError: (e: unknown) => void }) {
  const [liids, setLiids] = useState(u.liids.join(', '));
  const [orders, setOrders] = useState((u.orders ?? []).join(', '));
  const saveOrders = (e: SyntheticEvent) => {
    e.preventDefault();
    postJson(`/api/users/${encodeURIComponent(u.name)}/orders`, { orders: splitLiids(orders) }).then(onChanged, onError);
  };
  const save = (e: SyntheticEvent) => {
    e.preventDefault();
    postJson(`/api/users/${encodeURIComponent(u.name)}/assignments`, { liids: splitLiids(liids) }).then(onChanged, onError);
  };
  return (
    <tr data-user={u.name}>
      <td>{u.name}</td>
      <td>{u.role}</td>
      <td>
        <form onSubmit={save} aria-label={`Assignments of ${u.name}`}>
          <label>
            <span className="sr-only">Warrants of {u.name}</span>
            <input value={liids} onChange={(e) => setLiids(e.target.value)} />
          </label>
          <button type="submit">Save</button>
        </form>
      </td>
      <td>
        <form onSubmit={saveOrders} aria-label={`Production orders of ${u.name}`}>
          <label>
            <span className="sr-only">Production orders of {u.name}</span>
            <input value={orders} onChange={(e) => setOrders(e.target.value)} placeholder="order ids" />
          </label>
          <button type="submit">Save</button>
        </form>
      </td>
      <td>
        {u.locked ? (
          <button type="button" onClick={() => void postJson(`/api/users/${encodeURIComponent(u.name)}/unlock`).then(onChanged, onError)}>
            Unlock {u.name}
          </button>
        ) : (
          'no'
        )}
      </td>
    </tr>
  );
}

/** Who the target communicated with and how often (`GET …/contacts`); common numbers with another warrant. */
import type { Contact } from '../types.ts';
import { warrantPath } from '../api.ts';
import { useApi } from '../components/useApi.ts';
import { Loading } from '../components/Loading.tsx';
import { Link } from '../components/Link.tsx';
import { when } from '../format.ts';

export function ContactsTab({ liid }: { liid: string }) {
  const [loaded] = useApi<Contact[]>(warrantPath(liid, 'contacts'));
  return (
    <section aria-labelledby="contacts-h">
      <h2 id="contacts-h">Contacts</h2>
      <p>
        <Link to={`/contacts/common?a=${encodeURIComponent(liid)}`}>Numbers common with another of your warrants</Link>
      </p>
      <Loading loaded={loaded}>
        {(contacts) => (
          <table aria-label="Contacts">
            <thead>
              <tr>
                <th scope="col">Identity</th>
                <th scope="col">Calls</th>
                <th scope="col">SMS</th>
                <th scope="col">First</th>
                <th scope="col">Last</th>
              </tr>
            </thead>
            <tbody>
              {contacts.map((c) => (
                <tr key={c.identity}>
                  <td>{c.identity}</td>
                  <td>{c.calls}</td>
                  <td>{c.sms}</td>
                  <td>{when(c.firstAt)}</td>
                  <td>{when(c.lastAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loading>
    </section>
  );
}

/** SMS as conversations, one per peer (`GET …/sms`); privileged texts are withheld by the server. */
import type { SmsThread } from '../types.ts';
import { warrantPath } from '../api.ts';
import { useApi } from '../components/useApi.ts';
import { Loading } from '../components/Loading.tsx';
import { WITHHELD } from '../components/describe.ts';
import { when } from '../format.ts';

export function SmsTab({ liid }: { liid: string }) {
  const [loaded] = useApi<{ threads: SmsThread[] }>(warrantPath(liid, 'sms'));
  return (
    <section aria-labelledby="sms-h">
      <h2 id="sms-h">SMS</h2>
      <Loading loaded={loaded}>
        {({ threads }) =>
          threads.length === 0 ? (
            <p>No SMS.</p>
          ) : (
            threads.map((t) => (
              <article key={t.peer} aria-label={`Conversation with ${t.peer}`} className="thread">
                <h3>{t.peer}</h3>
                <ol>
                  {t.messages.map((m) => (
                    <li key={m.id} className={m.direction === 'fromTarget' ? 'out' : 'in'} data-id={m.id}>
                      <time dateTime={m.at}>{when(m.at)}</time> <small>{m.direction === 'fromTarget' ? 'target →' : '→ target'}</small>
                      <p className={m.text === undefined ? 'withheld' : 'text'}>{m.text ?? (m.privileged ? WITHHELD : '(no text)')}</p>
                    </li>
                  ))}
                </ol>
              </article>
            ))
          )
        }
      </Loading>
    </section>
  );
}

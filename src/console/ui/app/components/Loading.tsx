import type { ReactNode } from 'react';
import type { Loaded } from './useApi.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

/** Renders `children(data)` once loaded; a status line while loading; the error plainly if not. */
export function Loading<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  if (loaded.state === 'loading') return <p role="status">Loading…</p>;
  if (loaded.state === 'error') return <ErrorNotice error={loaded.error} />;
  return <>{children(loaded.data)}</>;
}

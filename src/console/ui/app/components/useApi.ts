import { useCallback, useEffect, useState } from 'react';
import { ApiError, getJson } from '../api.ts';

export type Loaded<T> = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ok'; data: T };

/** GETs `path` (again when it changes or on `reload()`); null skips the request. */
export function useApi<T>(path: string | null): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setLoaded({ state: 'loading' });
    getJson<T>(path).then(
      (data) => live && setLoaded({ state: 'ok', data }),
      (e: unknown) => live && setLoaded({ state: 'error', error: e instanceof ApiError ? e : new ApiError(0, 'NETWORK', e instanceof Error ? e.message : 'request failed') }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return [loaded, reload];
}

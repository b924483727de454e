/**
 * Path patterns with `:name` parameters (`/api/warrants/:liid/calls/:cin`), matched segment by
 * segment. A parameter matches one non-empty segment of at most 200 characters, percent-decoded;
 * a segment that does not decode is no match (the server answers 400 for the path).
 */
export interface CompiledPath<T> {
  method: string;
  segments: readonly string[];
  value: T;
}

export class Router<T> {
  private readonly routes: CompiledPath<T>[] = [];

  add(method: string, path: string, value: T): void {
    if (!path.startsWith('/')) throw new TypeError(`route path must start with /: ${path}`);
    this.routes.push({ method, segments: path.split('/').slice(1), value });
  }

  /** The route for method and path, or `undefined`; `methodMismatch` when the path exists with another method. */
  match(method: string, path: string): { value: T; params: Record<string, string> } | { methodMismatch: boolean } {
    const parts = path.split('/').slice(1);
    let mismatch = false;
    for (const r of this.routes) {
      const params = matchSegments(r.segments, parts);
      if (params === undefined) continue;
      if (r.method !== method) {
        mismatch = true;
        continue;
      }
      return { value: r.value, params };
    }
    return { methodMismatch: mismatch };
  }
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const s = parts[i]!;
    if (p.startsWith(':')) {
      if (s.length === 0 || s.length > 200) return undefined;
      let decoded: string;
      try {
        decoded = decodeURIComponent(s);
      } catch {
        return undefined;
      }
      params[p.slice(1)] = decoded;
    } else if (p !== s) return undefined;
  }
  return params;
}

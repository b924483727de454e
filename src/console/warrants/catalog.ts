/**
 * What the console knows of each warrant (console-shared.md `GET /api/warrants`): its terms as the
 * agency knows them (a WarrantSource: the warrant desk over HI-1, hi1-source.ts), the records the
 * LEMF holds for its LIID, its retention, and for one warrant the evidence-integrity panel (Annex J
 * verdicts and sequence gaps, TS 102 232-1 Annex J and §5.2.5). A LIID the LEMF holds records for
 * but no known warrant names is still listed, with status `unknown`.
 */
import type { IntegrityVerdictEntry, SequenceReport } from '../../monitoring/types.ts';

export interface WarrantTerms {
  liid: string;
  warrantId?: string;
  /** The warrant's state at the source (e.g. `Active`, `Expired`, `Revoked`), lower-cased. */
  status: string;
  window: { start: string; end: string } | null;
  scope: { targets: string[]; services: string[]; content: boolean };
  profile?: string;
  signers: { role: string; name: string; signedAt: string }[];
  /** Days the material is kept after the window ends (the warrant's national parameters). */
  retentionDays?: number;
}

/** Where the terms come from; `undefined` when the source does not know the LIID. */
export interface WarrantSource {
  terms(liid: string): Promise<WarrantTerms | undefined>;
}

export interface WarrantView extends WarrantTerms {
  counts: Record<string, number>;
  retentionEnd?: string;
  destroyed: boolean;
}

export interface WarrantIntegrity {
  annexJ: { ok: number; failed: number; missing: number; verdicts: IntegrityVerdictEntry[] };
  sequences: { contexts: number; missing: number; duplicates: number; gaps: { cin: number | null; missing: [number, number][] }[] };
}

export interface WarrantCatalogDeps {
  source?: WarrantSource;
  /** Records held per kind (the query store's counts). */
  counts(liid: string): Promise<Record<string, number>>;
  retentionOf(liid: string): Date | undefined;
  integrity(): { verdicts: IntegrityVerdictEntry[] };
  gaps(): SequenceReport[];
  now?: () => Date;
}

const MAX_VERDICTS = 200;

export class WarrantCatalog {
  constructor(private readonly d: WarrantCatalogDeps) {}

  /** Retention has ended for the LIID (its material destroyed or due to be). */
  ended(liid: string): boolean {
    const until = this.d.retentionOf(liid);
    return until !== undefined && until.getTime() <= (this.d.now?.() ?? new Date()).getTime();
  }

  async view(liid: string): Promise<WarrantView> {
    const terms = (await this.d.source?.terms(liid).catch(() => undefined)) ?? unknownTerms(liid);
    const until = this.d.retentionOf(liid);
    const destroyed = this.ended(liid);
    return { ...terms, counts: destroyed ? {} : await this.d.counts(liid), ...(until ? { retentionEnd: until.toISOString() } : {}), destroyed };
  }

  list(liids: readonly string[]): Promise<WarrantView[]> {
    return Promise.all([...liids].sort().map((l) => this.view(l)));
  }

  integrity(liid: string): WarrantIntegrity {
    const all = this.d.integrity().verdicts.filter((v) => v.liid === liid);
    const gaps = this.d.gaps().filter((g) => g.liid === liid);
    return {
      annexJ: { ok: all.filter((v) => v.ok).length, failed: all.filter((v) => !v.ok && v.outcome !== 'missing').length, missing: all.filter((v) => v.outcome === 'missing').length, verdicts: all.slice(-MAX_VERDICTS) },
      sequences: {
        contexts: gaps.length,
        missing: gaps.reduce((n, g) => n + g.missingCount, 0),
        duplicates: gaps.reduce((n, g) => n + g.duplicateCount, 0),
        gaps: gaps.filter((g) => g.missingCount > 0).map((g) => ({ cin: g.cin, missing: g.missing.slice(0, 100) })),
      },
    };
  }
}

export function unknownTerms(liid: string): WarrantTerms {
  return { liid, status: 'unknown', window: null, scope: { targets: [], services: [], content: false }, signers: [] };
}

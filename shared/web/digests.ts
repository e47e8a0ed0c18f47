/**
 * The hook for the digest archive. The digests feature (shared/jobs, its own issue) adds a
 * `digests` repository to the store; until it lands, the pages show a clear empty state. This is
 * the one place that knows its shape: when the repository arrives, adapt `digestArchive` to it.
 */
import type { Page, PageRequest, Store } from '../store/index.ts';

export interface DigestSummary {
  id: string;
  administrationId?: string;
  /** When it was made or sent (ISO instant). */
  createdAt?: string;
  sentAt?: string;
  periodStart?: string;
  periodEnd?: string;
  subject?: string;
}

export interface DigestArchive {
  /** Newest first. */
  ofAdministration(administrationId: string, page: PageRequest): Promise<Page<DigestSummary>>;
}

type MaybeDigests = { digests?: Partial<Record<'ofAdministration' | 'list', (id: string, page: PageRequest) => Promise<Page<DigestSummary>>>> };

/** The store's digest archive, when the digests feature has given the store one. */
export function digestArchive(store: Store): DigestArchive | undefined {
  const repo = (store as unknown as MaybeDigests).digests;
  const list = repo?.ofAdministration ?? repo?.list;
  if (!repo || typeof list !== 'function') return undefined;
  return { ofAdministration: (id, page) => list.call(repo, id, page) };
}

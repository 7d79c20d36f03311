/**
 * Page numbers over cursor pagination. The repositories page with signed cursors only; the seed's
 * API takes `page` numbers. Page N is reached by following N-1 cursors (bounded by the query
 * schemas' maximum depth); a client that has a `next_cursor` passes it and skips the walk.
 */
import type { Page } from '../../../agents/ports/repositories.js';
import type { Pagination } from '../route-schemas.js';

export async function pageByNumber<T>(
  fetch: (cursor: string | undefined) => Promise<Page<T>>,
  page: number,
  cursor?: string,
): Promise<Page<T>> {
  if (cursor) return fetch(cursor);
  let next: string | undefined;
  for (let p = 1; p < page; p++) {
    const skipped = await fetch(next);
    if (!skipped.nextCursor) return { items: [], nextCursor: null };
    next = skipped.nextCursor;
  }
  return fetch(next);
}

export function pagination(page: number, limit: number, total: number, result: Page<unknown>): Pagination {
  return { page, limit, total, hasNext: result.nextCursor !== null };
}

// Marks and writers for the sync unit tests: a well-formed mark by a participant, and a writer (the session's
// participant and byte budget) as the signalling handler would pass it.
import type { Mark, MarkActor } from '../../../common/annotations.ts';
import { ByteBudget } from '../../../server/sync/quotas.ts';
import type { SyncWriter } from '../../../server/sync/SyncRoom.ts';

/** Each test participant's display name: the id, spelled out. */
export const nameOf = (id: string) => `Tên của ${id}`;

export function markBy(author: string, id: string, extra: Partial<Mark> = {}): Mark {
  return {
    id,
    page: 1,
    kind: 'pen',
    color: '#1f6feb',
    width: 0.003,
    points: [0.1, 0.2, 0.3, 0.4],
    author,
    authorName: nameOf(author),
    at: 1_700_000_000_000,
    ...extra,
  };
}

export function writerFor(
  id: string,
  options: { mayClearAny?: boolean; budget?: ByteBudget } = {},
): SyncWriter & { actor: MarkActor } {
  return {
    actor: { id, name: nameOf(id), mayClearAny: options.mayClearAny ?? false },
    budget: options.budget ?? new ByteBudget(1 << 30, 1 << 30),
  };
}

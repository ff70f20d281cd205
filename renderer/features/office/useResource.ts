// One GET of the office API held as page state: loading, ready or failed, with a reload that keeps the shown data
// while it runs (a refresh after a server event does not blank the page). A later answer replaces an earlier
// one only if no newer request was started since.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from './api.ts';

export type Resource<T> =
  | { status: 'loading'; data: null; error: null }
  | { status: 'ready'; data: T; error: null }
  | { status: 'failed'; data: T | null; error: ApiError };

export interface ResourceHandle<T> {
  state: Resource<T>;
  reload(): void;
  /** Replaces the data with what a write returned, without asking the server again. */
  set(data: T): void;
}

export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError('internal', 0, error instanceof Error ? error.message : String(error));
}

const LOADING = { status: 'loading', data: null, error: null } as const;

/** `path` null: nothing to load yet (the state stays loading). */
export function useResource<T>(path: string | null): ResourceHandle<T> {
  const [entry, setEntry] = useState<{ path: string | null; state: Resource<T> }>({ path, state: LOADING });
  const generation = useRef(0);
  // Another path: what was shown belongs to the old one (state adjusted while rendering, not in an effect).
  if (entry.path !== path) setEntry({ path, state: LOADING });

  const load = useCallback(() => {
    if (path === null) return () => {};
    const mine = ++generation.current;
    const controller = new AbortController();
    api
      .get<T>(path, { signal: controller.signal })
      .then((data) => {
        if (mine === generation.current) setEntry({ path, state: { status: 'ready', data, error: null } });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted || mine !== generation.current) return;
        setEntry((previous) => ({
          path,
          state: {
            status: 'failed',
            data: previous.path === path ? previous.state.data : null,
            error: toApiError(error),
          },
        }));
      });
    return () => controller.abort();
  }, [path]);

  useEffect(() => load(), [load]);

  const reload = useCallback(() => void load(), [load]);
  const set = useCallback(
    (data: T) => {
      generation.current++;
      setEntry({ path, state: { status: 'ready', data, error: null } });
    },
    [path],
  );

  return { state: entry.path === path ? entry.state : LOADING, reload, set };
}

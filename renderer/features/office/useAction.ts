// A person's action against the office API (a form's save, a row's button): busy while it runs, so that a second
// click does nothing, and its failure kept as an ApiError for the page to show. Every form of the office had written
// this by hand.
import { useCallback, useState } from 'react';
import type { ApiError } from './api.ts';
import { toApiError } from './useResource.ts';

export interface ActionOptions {
  /** Success leaves the page (navigation, signing out): the control stays disabled until it goes. */
  stayBusy?: boolean;
}

export interface ActionHandle {
  busy: boolean;
  error: ApiError | null;
  /** Runs `action`, clearing the last error first; resolves true when it succeeded, false when it failed. */
  run(action: () => Promise<void>, options?: ActionOptions): Promise<boolean>;
}

export function useAction(): ActionHandle {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async (action: () => Promise<void>, options: ActionOptions = {}): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      if (!options.stayBusy) setBusy(false);
      return true;
    } catch (caught) {
      setError(toApiError(caught));
      setBusy(false);
      return false;
    }
  }, []);
  return { busy, error, run };
}

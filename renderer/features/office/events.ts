// Server-Sent Events from GET /api/events (same-origin, the session cookie): the server says `home` whenever a
// meeting the person is in changes, so everyone invited sees a new, moved or cancelled meeting at once.
import { useEffect, useRef } from 'react';

export type ServerEvent = 'home';

/** After the browser gives the stream up (an error answer rather than a drop), a new one is opened this much later. */
const REOPEN_MS = 10_000;

/**
 * Calls `onEvent` for each `event` sent, and once more whenever the stream comes back or is given up: what changed
 * meanwhile was not sent, so the page reloads to catch up — and a reload answered 401 (signed out everywhere, the
 * session expired) takes the person to the sign-in page.
 */
export function useServerEvent(event: ServerEvent, onEvent: () => void): void {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let opened = false;
    const listener = () => handler.current();
    const onOpen = () => {
      if (opened) handler.current();
      opened = true;
    };
    const onError = () => {
      // A drop is retried by the browser itself (CONNECTING); a refusal closes the stream for good.
      if (source?.readyState !== EventSource.CLOSED) return;
      handler.current();
      reopen = setTimeout(open, REOPEN_MS);
    };
    function open() {
      source?.close();
      source = new EventSource('/api/events');
      source.addEventListener(event, listener);
      source.addEventListener('open', onOpen);
      source.addEventListener('error', onError);
    }
    open();
    return () => {
      clearTimeout(reopen);
      source?.close();
    };
  }, [event]);
}

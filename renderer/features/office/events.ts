// Server-Sent Events from GET /api/events (same-origin, the session cookie): the server says `home` whenever a
// meeting the person is in changes, so everyone invited sees a new, moved or cancelled meeting at once.
import { useEffect, useRef } from 'react';

export type ServerEvent = 'home';

/**
 * Calls `onEvent` for each `event` sent, and once more after the stream comes back from a drop (the browser
 * reconnects by itself; what changed meanwhile was not sent, so the page reloads to catch up).
 */
export function useServerEvent(event: ServerEvent, onEvent: () => void): void {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/events');
    let opened = false;
    const listener = () => handler.current();
    const onOpen = () => {
      if (opened) handler.current();
      opened = true;
    };
    source.addEventListener(event, listener);
    source.addEventListener('open', onOpen);
    return () => {
      source.removeEventListener(event, listener);
      source.removeEventListener('open', onOpen);
      source.close();
    };
  }, [event]);
}

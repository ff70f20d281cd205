// What the shell does with a `phonghop://` link, decided by plain functions. The server address belongs to the
// installation, never to a link: a link for the configured server is handed to the page already showing (the renderer
// routes it in place, so a meeting or a form in progress is not reloaded); a link for another server is opened once,
// in a window of its own, only when the user agrees — asked every time, and never saved; anything else is refused.
import { joinUrlFor, parseDeepLink } from './deeplink.ts';

/** The user's answer to "open a meeting on another server?". */
export type LinkAnswer = 'open' | 'cancel';

export type LinkDecision =
  /** Malformed link, or a link that relies on a configured server when there is none yet. */
  | { action: 'refuse'; notice: 'invalid-link' | 'no-server'; reason: string }
  /** The configured server's join URL, for the main window's renderer. */
  | { action: 'hand-over'; joinUrl: string }
  /** Another server: the user must be asked before anything is loaded. */
  | { action: 'ask'; origin: string; joinUrl: string }
  /** Another server, the user agreed: open it this once, in a separate window whose data is not kept. */
  | { action: 'open-once'; origin: string; joinUrl: string }
  /** Another server, the user declined. */
  | { action: 'drop'; origin: string };

/**
 * `configuredOrigin` is the installation's server (null before the first-run page has been filled in); `answer` is
 * given on the second call, once the user has been asked. There is deliberately no outcome that changes settings.
 */
export function decideDeepLink(raw: string, configuredOrigin: string | null, answer?: LinkAnswer): LinkDecision {
  const parsed = parseDeepLink(raw);
  if (!parsed.ok) return { action: 'refuse', notice: 'invalid-link', reason: parsed.reason };
  const { token, server } = parsed.value;
  if (server === null || server === configuredOrigin) {
    if (configuredOrigin === null) {
      return { action: 'refuse', notice: 'no-server', reason: 'the link names no server and none is configured' };
    }
    return { action: 'hand-over', joinUrl: joinUrlFor(configuredOrigin, token) };
  }
  const joinUrl = joinUrlFor(server, token);
  if (answer === undefined) return { action: 'ask', origin: server, joinUrl };
  return answer === 'open' ? { action: 'open-once', origin: server, joinUrl } : { action: 'drop', origin: server };
}

/** What following a link may do; the shell implements these with windows and dialogs. */
export interface LinkEffects {
  /** Resolves true when the user agrees to open `origin` this once. */
  ask(origin: string, configuredOrigin: string | null): Promise<boolean>;
  handOver(joinUrl: string): void;
  openOnce(origin: string, joinUrl: string): void;
  refuse(notice: 'invalid-link' | 'no-server', reason: string): Promise<void>;
}

/** Decides, asks when the decision says so, and applies the outcome; returns the final decision (for the log). */
export async function followDeepLink(
  raw: string,
  configuredOrigin: string | null,
  effects: LinkEffects,
): Promise<LinkDecision> {
  const first = decideDeepLink(raw, configuredOrigin);
  let decision = first;
  if (first.action === 'ask') {
    const agreed = await effects.ask(first.origin, configuredOrigin);
    decision = decideDeepLink(raw, configuredOrigin, agreed ? 'open' : 'cancel');
  }
  switch (decision.action) {
    case 'refuse':
      await effects.refuse(decision.notice, decision.reason);
      break;
    case 'hand-over':
      effects.handOver(decision.joinUrl);
      break;
    case 'open-once':
      effects.openOnce(decision.origin, decision.joinUrl);
      break;
    case 'ask':
    case 'drop':
      break;
  }
  return decision;
}

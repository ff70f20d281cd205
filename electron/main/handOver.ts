// When a join link for the configured server reaches the main window, whether to hand it to the page (the renderer
// routes it in place, without a reload) or to load it: a plain state machine fed by the window's loading events, so
// the rule is tested without Electron. A link that arrives while a page loads waits for it; only a window that shows
// no app page (a failed load, nothing yet) loads the join page itself, since nothing runs there that a load could lose.
import { isAllowedNavigation } from './security.ts';

export type HandOverStep = { do: 'send'; joinUrl: string } | { do: 'load'; joinUrl: string } | { do: 'wait' };

export class JoinLinkHandOver {
  private pending: string | null = null;
  private loading = false;
  private failed = false;
  private showingApp = false;

  /** `appOrigin` is read at each decision; `loading` says whether the window was created with a load under way. */
  constructor(
    private readonly appOrigin: () => string,
    loading = true,
  ) {
    this.loading = loading;
  }

  /** A cross-document navigation of the main frame started (`did-start-navigation`, not same-document). */
  navigationStarted(): void {
    this.loading = true;
    this.failed = false;
  }

  /**
   * The main frame's load failed (`did-fail-load`). An aborted load (ERR_ABORTED, -3) was replaced by another one or
   * stopped, so it says nothing about what the window shows.
   */
  loadFailed(aborted: boolean): void {
    if (!aborted) this.failed = true;
  }

  /** The window stopped loading (`did-stop-loading`) and shows `url`: after a failure, Chromium's error page. */
  loadStopped(url: string): HandOverStep {
    this.loading = false;
    this.showingApp = !this.failed && isAllowedNavigation(url, this.appOrigin());
    return this.next();
  }

  /** A join URL on the configured server, from a deep link; the latest one wins over one still waiting. */
  offer(joinUrl: string): HandOverStep {
    this.pending = joinUrl;
    return this.next();
  }

  private next(): HandOverStep {
    if (this.pending === null || this.loading) return { do: 'wait' };
    const joinUrl = this.pending;
    this.pending = null;
    if (this.showingApp) return { do: 'send', joinUrl };
    this.navigationStarted(); // the load begins now; a link arriving before Chromium reports it must wait for it
    return { do: 'load', joinUrl };
  }
}

// A join link for the configured server reaches the main window: it goes to the page showing the app (which routes it
// in place, without a reload), waits for a page that is loading, and is loaded only where no app page is showing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JoinLinkHandOver } from '../../../electron/main/handOver.ts';

const APP = 'https://hop.bo.gov.vn';
const JOIN = `${APP}/join?token=eyJtIjoibTEifQ.c2lnbmF0dXJl_-x`;
const LATER = `${APP}/join?token=second-token-0123456789`;

/** A window that has loaded the sign-in page, as at start-up. */
function showingApp(): JoinLinkHandOver {
  const handOver = new JoinLinkHandOver(() => APP);
  assert.deepEqual(handOver.loadStopped(`${APP}/`), { do: 'wait' });
  return handOver;
}

describe('handing a join link to the main window', () => {
  it('sends it to a page of the app, never reloading it', () => {
    const handOver = showingApp();
    assert.deepEqual(handOver.offer(JOIN), { do: 'send', joinUrl: JOIN });
    // The router moved on (same-document navigations do not count as loads): still the app, still sent.
    assert.deepEqual(handOver.loadStopped(`${APP}/meetings/m1`), { do: 'wait' });
    assert.deepEqual(handOver.offer(LATER), { do: 'send', joinUrl: LATER });
  });

  it('keeps a link that started the app until the sign-in page has loaded, then sends it', () => {
    const handOver = new JoinLinkHandOver(() => APP); // the window was just created, `<server>/` loading
    assert.deepEqual(handOver.offer(JOIN), { do: 'wait' });
    assert.deepEqual(handOver.loadStopped(`${APP}/`), { do: 'send', joinUrl: JOIN });
    assert.deepEqual(handOver.loadStopped(`${APP}/`), { do: 'wait' }, 'sent once');
  });

  it('keeps only the latest of several links that arrive during a load', () => {
    const handOver = showingApp();
    handOver.navigationStarted();
    assert.deepEqual(handOver.offer(JOIN), { do: 'wait' });
    assert.deepEqual(handOver.offer(LATER), { do: 'wait' });
    assert.deepEqual(handOver.loadStopped(`${APP}/`), { do: 'send', joinUrl: LATER });
  });

  it('loads the join page where the server could not be reached (Chromium shows its error page)', () => {
    const handOver = new JoinLinkHandOver(() => APP);
    handOver.loadFailed(false);
    assert.deepEqual(handOver.loadStopped(`${APP}/`), { do: 'wait' });
    assert.deepEqual(handOver.offer(JOIN), { do: 'load', joinUrl: JOIN });
    // That load is under way at once: a second link waits for it instead of starting another.
    assert.deepEqual(handOver.offer(LATER), { do: 'wait' });
    assert.deepEqual(handOver.loadStopped(JOIN), { do: 'send', joinUrl: LATER });
  });

  it('ignores an aborted load (another one replaced it) when deciding what the window shows', () => {
    const handOver = new JoinLinkHandOver(() => APP);
    handOver.loadFailed(true);
    assert.deepEqual(handOver.offer(JOIN), { do: 'wait' });
    assert.deepEqual(handOver.loadStopped(`${APP}/`), { do: 'send', joinUrl: JOIN });
  });

  it('does not send to a page of another origin', () => {
    const handOver = new JoinLinkHandOver(() => APP);
    handOver.loadStopped('https://evil.example/');
    assert.deepEqual(handOver.offer(JOIN), { do: 'load', joinUrl: JOIN });
  });
});

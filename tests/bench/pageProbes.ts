// Scripts the benchmarks run inside Chromium pages, as strings (the TypeScript transform would add helpers Chromium
// does not have): the join from the click to the first remote frame with its phases (bench:join, bench:briefing),
// and when annotation marks appear in a page (bench:briefing). Times are the page's Date.now(), one clock with the
// Node processes of the same machine.

/**
 * Clicks "join" and resolves with the ms from the click to the first frame presented by a participant's tile (not
 * the lobby's camera preview, still on screen for a moment); rejects after 20 s.
 */
export const MEASURE_JOIN = `new Promise((resolve, reject) => {
  const watched = new WeakSet();
  const timer = setTimeout(() => reject(new Error('no remote frame within 20 s')), 20000);
  let start = 0;
  const observer = new MutationObserver(() => {
    for (const video of document.querySelectorAll('[data-testid="tile"] video:not([data-self="true"])')) {
      if (watched.has(video)) continue;
      watched.add(video);
      video.requestVideoFrameCallback(() => {
        clearTimeout(timer);
        observer.disconnect();
        resolve(performance.now() - start);
      });
    }
  });
  observer.observe(document.body, { childList: true, subtree: true });
  start = performance.now();
  window.__joinClickAt = start;
  document.querySelector('[data-testid="join"]').click();
})`;

/**
 * Installed before the page loads: the first time after the click that the signalling WebSocket opens, the join's
 * requests leave (join, createTransport, ready, resumeConsumer, setConsumerVisible), the join is answered, the first
 * newConsumer arrives, a peer connection (a mediasoup transport) is created, a remote track arrives, a transport is
 * connected. The lobby's own peer connections (loading the Device) come before the click and are not counted. Read
 * from window.__joinPhases.
 */
export const WATCH_PHASES = `(() => {
  const at = () => performance.now() - (window.__joinClickAt || 0);
  const phases = (window.__joinPhases = {});
  const first = (name) => { if (window.__joinClickAt && !(name in phases)) phases[name] = at(); };
  const WS = window.WebSocket;
  window.WebSocket = function (...args) {
    const ws = new WS(...args);
    ws.addEventListener('open', () => first('socket_open'));
    // Socket.io frames ('42["name",…' or '42<id>["name",…'): when the join's steps leave and arrive.
    const name = (data) => (typeof data === 'string' ? (/^42\\d*\\["(\\w+)"/.exec(data) || [])[1] : undefined);
    let joinAck = null;
    ws.addEventListener('message', (e) => {
      if (name(e.data) === 'newConsumer') first('new_consumer');
      else if (joinAck && typeof e.data === 'string' && e.data.startsWith(joinAck)) first('join_answered');
    });
    const send = ws.send.bind(ws);
    ws.send = (data) => {
      const sent = name(data);
      if (sent === 'join') joinAck = '43' + /^42(\\d*)/.exec(data)[1] + '[';
      if (sent === 'join' || sent === 'createTransport' || sent === 'ready' || sent === 'resumeConsumer'
        || sent === 'setConsumerVisible') first(sent + '_sent');
      return send(data);
    };
    return ws;
  };
  window.WebSocket.prototype = WS.prototype;
  const PC = window.RTCPeerConnection;
  window.RTCPeerConnection = function (...args) {
    const pc = new PC(...args);
    first('transport_created');
    pc.addEventListener('track', () => first('remote_track'));
    pc.addEventListener('connectionstatechange', () => { if (pc.connectionState === 'connected') first('transport_connected'); });
    return pc;
  };
  window.RTCPeerConnection.prototype = PC.prototype;
})()`;

/** Records when each mark first appears on the page's annotation layer: window.__markSeen[id] = Date.now(). */
export const WATCH_MARKS = `(() => {
  window.__markSeen = {};
  window.__markOrder = [];
  new MutationObserver(() => {
    for (const el of document.querySelectorAll('[data-testid="annotation-layer"] [data-mark-id]')) {
      const id = el.dataset.markId;
      if (!(id in window.__markSeen)) {
        window.__markSeen[id] = Date.now();
        window.__markOrder.push(id);
      }
    }
  }).observe(document.body, { subtree: true, childList: true });
})()`;

/** Records the end of each stroke drawn in the page (a tool button's click is a pointerup too): window.__ups. */
export const WATCH_STROKE_ENDS = `(() => {
  window.__ups = [];
  document.addEventListener('pointerup', (e) => {
    if (e.target instanceof Element && e.target.closest('[data-testid="annotation-layer"]')) window.__ups.push(Date.now());
  }, true);
})()`;

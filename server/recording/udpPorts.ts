// Loopback UDP ports for ffmpeg to receive a part on: RTP on an even port, RTCP on the next one, both free when
// chosen. ffmpeg binds them itself a moment later; another process taking one in between is possible but rare on
// loopback, and the part then fails on its own rather than taking another recording's stream.
import { createSocket, type Socket } from 'node:dgram';
import { readFile } from 'node:fs/promises';

function bind(port: number): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(null);
    });
    socket.bind(port, '127.0.0.1', () => resolve(socket));
  });
}

/** An even port P with P and P + 1 free on 127.0.0.1. */
export async function reservePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = await bind(0);
    if (!first) continue;
    const port = first.address().port;
    const even = port % 2 === 0 ? port : port + 1;
    const rtp = even === port ? first : await bind(even);
    const rtcp = rtp ? await bind(even + 1) : null;
    for (const socket of new Set([first, rtp, rtcp])) socket?.close();
    if (rtp && rtcp) return even;
  }
  throw new Error('no free pair of UDP ports on 127.0.0.1');
}

/**
 * Waits until something listens on this UDP port (Linux: /proc/net/udp), so that the first RTP packets are not
 * sent before ffmpeg reads; elsewhere, or after `timeoutMs`, it simply returns.
 */
export async function waitForUdpListener(port: number, timeoutMs = 3000): Promise<boolean> {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const table = await readFile('/proc/net/udp', 'utf8').catch(() => null);
    if (table === null) return false;
    if (table.split('\n').some((line) => line.slice(0, 40).includes(hex))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

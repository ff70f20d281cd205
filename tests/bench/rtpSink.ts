// The receive side of bench:sfu: a few UDP sockets that count RTP packets per SSRC, with sequence numbers, so that
// the loss of every consumer is measured where a participant would see it (expected vs received packets). The
// kernel's own drop counters (/proc/net/udp) tell the sink's overflows apart from losses upstream of it.
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';

export interface StreamCount {
  /** Packets received. */
  received: number;
  /** Highest extended sequence number seen, and the first one. */
  highest: number;
  first: number;
}

export interface StreamWindow {
  expected: number;
  received: number;
}

export class RtpSink {
  readonly #sockets: Socket[] = [];
  readonly #streams = new Map<number, StreamCount>();
  #packets = 0;

  static async open(sockets: number): Promise<RtpSink> {
    const sink = new RtpSink();
    for (let i = 0; i < sockets; i++) {
      const socket = createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
      socket.on('message', (packet) => sink.#count(packet));
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      sink.#sockets.push(socket);
    }
    return sink;
  }

  get ports(): number[] {
    return this.#sockets.map((s) => s.address().port);
  }

  get packets(): number {
    return this.#packets;
  }

  /** Copies of the per-SSRC counters, to subtract from a later snapshot. */
  snapshot(): Map<number, StreamCount> {
    const copy = new Map<number, StreamCount>();
    for (const [ssrc, count] of this.#streams) copy.set(ssrc, { ...count });
    return copy;
  }

  /** Expected and received packets of one stream between two snapshots (expected 0: silent in the window). */
  static window(before: StreamCount | undefined, after: StreamCount | undefined): StreamWindow {
    if (!after) return { expected: 0, received: 0 };
    const from = before ? before.highest : after.first - 1;
    return { expected: after.highest - from, received: after.received - (before?.received ?? 0) };
  }

  /** Packets the kernel dropped because the sink's sockets were full (its own overflow, not the SFU's). */
  drops(): number {
    return udpSocketDrops(new Set(this.ports));
  }

  close(): void {
    for (const s of this.#sockets) s.close();
  }

  #count(packet: Buffer): void {
    // RTCP (sender reports) shares the port: payload types 192–223 in the second byte.
    if (packet.length < 12 || (packet[1]! >= 192 && packet[1]! <= 223)) return;
    this.#packets++;
    const seq = packet.readUInt16BE(2);
    const ssrc = packet.readUInt32BE(8);
    const stream = this.#streams.get(ssrc);
    if (!stream) {
      this.#streams.set(ssrc, { received: 1, highest: seq, first: seq });
      return;
    }
    stream.received++;
    // Extend the 16-bit sequence number across wraps; a late packet does not move the highest.
    const base = stream.highest - (stream.highest & 0xffff);
    let extended = base + seq;
    if (extended < stream.highest - 0x8000) extended += 0x10000;
    else if (extended > stream.highest + 0x8000) extended -= 0x10000;
    if (extended > stream.highest) stream.highest = extended;
  }
}

/** A loopback UDP port nobody listens on (bound once to find it free, then released). */
export async function closedPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Sum of the kernel's per-socket drop counters for UDP sockets bound to these local ports (IPv4). */
export function udpSocketDrops(ports: ReadonlySet<number>): number {
  let drops = 0;
  for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    if (!local) continue;
    const port = Number.parseInt(local.split(':')[1] ?? '', 16);
    if (ports.has(port)) drops += Number(fields[fields.length - 1] ?? 0);
  }
  return drops;
}

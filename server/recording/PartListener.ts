// The ffmpeg side of a recording part: a process listening on a loopback UDP port pair for one stream's RTP, as an
// SDP describes it, writing what arrives to `<path>.mkv` as it arrives (stream copy, wall-clock timestamps). Starting
// one is ffmpeg's start-up until it listens — 0.1–0.3 s on an idle machine, 1.3–1.6 s measured on a loaded one — so
// the recorder keeps one of each kind started ahead (a spare, Recorder.ts): the part that takes it only connects its
// consumer, and the picture after a switch to a new camera or an SFU worker restart arrives that much sooner.
import { rm, writeFile } from 'node:fs/promises';
import type { types } from 'mediasoup';
import { startProcess, type RunningProcess } from './ffmpeg.ts';
import { reservePortPair, waitForUdpListener } from './udpPorts.ts';

/** The codec of a part's stream, as the SDP names it. */
export interface PartCodec {
  kind: 'audio' | 'video';
  mimeType: string;
  payloadType: number;
  clockRate: number;
  channels?: number;
}

/** The SDP ffmpeg reads a part's stream with. */
export function partSdp(codec: PartCodec, port: number): string {
  const [, name] = codec.mimeType.split('/');
  const channels = codec.channels && codec.channels > 1 ? `/${codec.channels}` : '';
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=phonghop recording part',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${codec.kind} ${port} RTP/AVP ${codec.payloadType}`,
    `a=rtpmap:${codec.payloadType} ${name}/${codec.clockRate}${channels}`,
    'a=recvonly',
    '',
  ].join('\n');
}

/** The codec a consumer sends with, as its parameters say. */
export function codecOf(consumer: Pick<types.Consumer, 'kind' | 'rtpParameters'>): PartCodec {
  const codec = consumer.rtpParameters.codecs[0];
  if (!codec) throw new Error('a consumer without a codec');
  return {
    kind: consumer.kind,
    mimeType: codec.mimeType,
    payloadType: codec.payloadType,
    clockRate: codec.clockRate,
    ...(codec.channels ? { channels: codec.channels } : {}),
  };
}

/**
 * The codec a consumer of this producer on this router will send with (the router's payload type for the
 * producer's codec, as the recorder consumes with the router's capabilities); null if it cannot be told before.
 */
export function expectedCodec(router: types.Router, producer: types.Producer): PartCodec | null {
  const produced = producer.rtpParameters.codecs[0];
  const offered = router.rtpCapabilities.codecs?.find(
    (c) =>
      c.kind === producer.kind &&
      c.mimeType.toLowerCase() === produced?.mimeType.toLowerCase() &&
      c.clockRate === produced.clockRate,
  );
  if (!produced || offered?.preferredPayloadType === undefined) return null;
  return {
    kind: producer.kind,
    mimeType: offered.mimeType,
    payloadType: offered.preferredPayloadType,
    clockRate: offered.clockRate,
    ...(offered.channels ? { channels: offered.channels } : {}),
  };
}

/** A PlainTransport on `router` sending to `port` (RTP) and `port + 1` (RTCP) on loopback. */
export async function plainTransportTo(router: types.Router, port: number): Promise<types.PlainTransport> {
  const transport = await router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
    rtcpMux: false,
    comedia: false,
  });
  try {
    await transport.connect({ ip: '127.0.0.1', port, rtcpPort: port + 1 });
    return transport;
  } catch (error) {
    transport.close();
    throw error;
  }
}

export class PartListener {
  readonly codec: PartCodec;
  readonly port: number;
  /** Without extension: `<path>.sdp` is what ffmpeg reads, `<path>.mkv` what it writes. */
  readonly path: string;
  readonly process: RunningProcess;
  #exited = false;
  /** A transport to this listener made ahead on a router of the meeting (route()). */
  #route: {
    router: types.Router;
    transport: Promise<types.PlainTransport | null>;
    ready: types.PlainTransport | null;
  } | null = null;

  private constructor(codec: PartCodec, port: number, path: string, process: RunningProcess) {
    this.codec = codec;
    this.port = port;
    this.path = path;
    this.process = process;
    void process.exited.then(() => (this.#exited = true));
  }

  get file(): string {
    return `${this.path}.mkv`;
  }

  /**
   * Starts ffmpeg for a stream of this codec on `port` (an even port with the next one free: reservePortPair), or a
   * port of its own; resolves once it listens (or after a few seconds regardless).
   */
  static async start(
    ffmpeg: string,
    codec: PartCodec,
    path: string,
    label: string,
    port?: number,
  ): Promise<PartListener> {
    port ??= await reservePortPair();
    await writeFile(`${path}.sdp`, partSdp(codec, port));
    const process = startProcess(
      ffmpeg,
      [
        ...['-hide_banner', '-nostdin', '-loglevel', 'error'],
        ...['-protocol_whitelist', 'file,udp,rtp', '-use_wallclock_as_timestamps', '1'],
        ...['-i', `${path}.sdp`, '-map', '0', '-c', 'copy', '-copyts'],
        // On disk as it arrives: every packet flushed, a cluster a second, nothing rewritten at the end (a part
        // whose ffmpeg is killed, or whose server dies, keeps all but its last second).
        ...['-flush_packets', '1', '-cluster_time_limit', '1000', '-live', '1', '-f', 'matroska', '-y'],
        `${path}.mkv`,
      ],
      label,
    );
    // The first RTP packets are not sent before ffmpeg reads.
    await waitForUdpListener(port);
    return new PartListener(codec, port, path, process);
  }

  /** Whether a stream of this codec can be sent here. */
  fits(codec: PartCodec | null): boolean {
    return codec !== null && partSdp(codec, this.port) === partSdp(this.codec, this.port);
  }

  /** Whether ffmpeg still runs (a spare whose ffmpeg died is no use). */
  get alive(): boolean {
    return !this.#exited;
  }

  /**
   * Makes a PlainTransport on `router` sending here, once per router (a route on a router that closed, its SFU
   * worker dead, is made again on the new one): the part that takes this spare then only makes its consumer, one
   * request to the worker instead of three while every client reconnects to it after a restart.
   */
  route(router: types.Router): void {
    if (this.#route?.router === router || router.closed || !this.alive) return;
    this.#dropRoute();
    const route = { router, transport: plainTransportTo(router, this.port).catch(() => null), ready: null };
    this.#route = route;
    void route.transport.then((t) => {
      if (this.#route === route) this.#route.ready = t;
    });
  }

  /** The transport made ahead on `router` if it is there already (now the caller's); null, the route kept, if not. */
  readyRoute(router: types.Router): types.PlainTransport | null {
    const ready = this.#route?.router === router ? this.#route.ready : null;
    if (!ready || ready.closed) return null;
    this.#route = null;
    return ready;
  }

  /** The transport made ahead on `router` (waited for if still being made), now the caller's; null if none. */
  async takeRoute(router: types.Router): Promise<types.PlainTransport | null> {
    const route = this.#route;
    if (route?.router !== router) {
      this.#dropRoute();
      return null;
    }
    this.#route = null;
    const transport = await route.transport;
    return transport && !transport.closed ? transport : null;
  }

  #dropRoute(): void {
    void this.#route?.transport.then((t) => t?.close());
    this.#route = null;
  }

  /** A spare never used: ffmpeg has written nothing, so it is killed, and its SDP removed. */
  async discard(): Promise<void> {
    this.#dropRoute();
    this.process.kill();
    await this.process.exited;
    await rm(`${this.path}.sdp`, { force: true });
    await rm(this.file, { force: true });
  }
}

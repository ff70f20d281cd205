// One part of a recording: one producer's RTP, consumed on a PlainTransport of the meeting's router and written
// by ffmpeg to a Matroska file as it arrives (stream copy: no decoding while the meeting runs). ffmpeg stamps each
// packet with the wall clock (`-use_wallclock_as_timestamps`, `-copyts`), so parts started at different moments,
// with gaps where a consumer was paused, line up when they are joined (compose.ts).
import { writeFile } from 'node:fs/promises';
import type { types } from 'mediasoup';
import type { MediaSource } from '../../common/media.ts';
import { startProcess, type RunningProcess } from './ffmpeg.ts';
import { reservePortPair, waitForUdpListener } from './udpPorts.ts';
import { logger } from '../log.ts';

const log = logger('recording');

export interface PartRecord {
  /** The producer's id: a producer is written to one part. */
  id: string;
  file: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  peerId: string;
  /** Wall-clock ms when the part was opened and closed (the file's own timestamps are what counts). */
  openedAt: number;
  closedAt: number | null;
  /** ffmpeg's process id, so that a server restarted after a crash can stop one left running. */
  pid: number | null;
}

/** The SDP ffmpeg reads the consumer's stream with. */
export function partSdp(consumer: Pick<types.Consumer, 'kind' | 'rtpParameters'>, port: number): string {
  const codec = consumer.rtpParameters.codecs[0];
  if (!codec) throw new Error('a consumer without a codec');
  const [, name] = codec.mimeType.split('/');
  const channels = codec.channels && codec.channels > 1 ? `/${codec.channels}` : '';
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=phonghop recording part',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${consumer.kind} ${port} RTP/AVP ${codec.payloadType}`,
    `a=rtpmap:${codec.payloadType} ${name}/${codec.clockRate}${channels}`,
    'a=recvonly',
    '',
  ].join('\n');
}

function topLayer(producer: types.Producer): number {
  return Math.max(0, (producer.rtpParameters.encodings?.length ?? 1) - 1);
}

export interface PartOptions {
  router: types.Router;
  producer: types.Producer;
  peerId: string;
  source: MediaSource;
  /** The part's file, without extension: `.sdp` and `.mkv` are written beside each other. */
  path: string;
  ffmpeg: string;
  /** The part ended on its own (its producer or transport closed, ffmpeg died). */
  onEnded(part: PartWriter): void;
}

export class PartWriter {
  readonly record: PartRecord;
  readonly #transport: types.PlainTransport;
  readonly #consumer: types.Consumer;
  readonly #process: RunningProcess;
  #closing: Promise<void> | null = null;

  private constructor(
    record: PartRecord,
    transport: types.PlainTransport,
    consumer: types.Consumer,
    p: RunningProcess,
  ) {
    this.record = record;
    this.#transport = transport;
    this.#consumer = consumer;
    this.#process = p;
  }

  static async open(options: PartOptions): Promise<PartWriter> {
    const { router, producer } = options;
    const port = await reservePortPair();
    const transport = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      rtcpMux: false,
      comedia: false,
    });
    let consumer: types.Consumer;
    try {
      await transport.connect({ ip: '127.0.0.1', port, rtcpPort: port + 1 });
      consumer = await transport.consume({
        producerId: producer.id,
        rtpCapabilities: router.rtpCapabilities,
        paused: true,
        // The sharpest simulcast layer: the file is watched full size.
        ...(producer.kind === 'video' ? { preferredLayers: { spatialLayer: topLayer(producer) } } : {}),
      });
    } catch (error) {
      transport.close();
      throw error;
    }
    await writeFile(`${options.path}.sdp`, partSdp(consumer, port));
    const process = startProcess(
      options.ffmpeg,
      [
        ...['-hide_banner', '-nostdin', '-loglevel', 'error'],
        ...['-protocol_whitelist', 'file,udp,rtp', '-use_wallclock_as_timestamps', '1'],
        ...['-i', `${options.path}.sdp`, '-map', '0', '-c', 'copy', '-copyts'],
        // On disk as it arrives: every packet flushed, a cluster a second, nothing rewritten at the end (a part
        // whose ffmpeg is killed, or whose server dies, keeps all but its last second).
        ...['-flush_packets', '1', '-cluster_time_limit', '1000', '-live', '1', '-f', 'matroska', '-y'],
        `${options.path}.mkv`,
      ],
      `part ${options.source} of ${options.peerId}`,
    );
    const part = new PartWriter(
      {
        id: producer.id,
        file: `${options.path}.mkv`,
        kind: producer.kind,
        source: options.source,
        peerId: options.peerId,
        openedAt: Date.now(),
        closedAt: null,
        pid: process.pid ?? null,
      },
      transport,
      consumer,
      process,
    );
    const ended = () => {
      if (!part.#closing) void part.close().then(() => options.onEnded(part));
    };
    consumer.observer.once('close', ended);
    void process.exited.then(ended);
    await waitForUdpListener(port);
    // Microphones are written from the start; a video part waits until it is shown.
    if (producer.kind === 'audio') await consumer.resume().catch(() => undefined);
    return part;
  }

  get closed(): boolean {
    return this.#closing !== null;
  }

  /** Starts forwarding this video (it is what the meeting looks at now), from a fresh keyframe. */
  async show(): Promise<void> {
    if (this.closed) return;
    await this.#consumer.resume();
    await this.#consumer.requestKeyFrame();
  }

  /** Stops forwarding (another video is shown): nothing is sent, and the file simply has a gap. */
  async hide(): Promise<void> {
    if (!this.closed) await this.#consumer.pause();
  }

  /** Stops the stream and lets ffmpeg finish the file. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.record.closedAt = Date.now();
      // ffmpeg notices the signal at its next packet: stop it while the stream still flows, then the stream.
      await this.#process.stop();
      this.#transport.close();
      const said = this.#process.stderr();
      // A video part never shown has nothing to write ("dimensions not set"): not worth more than a debug line.
      if (said) log.debug(`${this.record.file}: ffmpeg said:\n${said}`);
    })();
    return this.#closing;
  }
}

// One part of a recording: one producer's RTP, consumed on a PlainTransport of the meeting's router and written
// by ffmpeg to a Matroska file as it arrives (stream copy: no decoding while the meeting runs). ffmpeg stamps each
// packet with the wall clock (`-use_wallclock_as_timestamps`, `-copyts`), so parts started at different moments,
// with gaps where a consumer was paused, line up when they are joined (compose.ts).
import type { types } from 'mediasoup';
import type { MediaSource } from '../../common/media.ts';
import type { RunningProcess } from './ffmpeg.ts';
import { codecOf, expectedCodec, PartListener, plainTransportTo, type PartCodec } from './PartListener.ts';
import { recorderCapabilities } from './recorderCapabilities.ts';
import { reservePortPair } from './udpPorts.ts';
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
  /**
   * An ffmpeg already listening (a spare): taken if the stream's codec fits it, else discarded. Either way it is
   * the part's to dispose of.
   */
  spare?: PartListener | null;
  /** The part ended on its own (its producer or transport closed, ffmpeg died). */
  onEnded(part: PartWriter): void;
}

export class PartWriter {
  readonly record: PartRecord;
  /** What its ffmpeg reads (a spare started like it can take the next part of the same kind). */
  readonly codec: PartCodec;
  readonly #transport: types.PlainTransport;
  readonly #consumer: types.Consumer;
  readonly #process: RunningProcess;
  #closing: Promise<void> | null = null;

  private constructor(
    record: PartRecord,
    codec: PartCodec,
    transport: types.PlainTransport,
    consumer: types.Consumer,
    p: RunningProcess,
  ) {
    this.record = record;
    this.codec = codec;
    this.#transport = transport;
    this.#consumer = consumer;
    this.#process = p;
  }

  static async open(options: PartOptions): Promise<PartWriter> {
    const { router, producer, spare } = options;
    const usable = spare?.alive && spare.fits(expectedCodec(router, producer)) ? spare : null;
    if (spare && !usable) void spare.discard();
    // With a spare, ffmpeg already listens: the consumer is sent there. Without, ffmpeg starts for the consumer's
    // codec once the consumer is made (paused, it sends nothing before ffmpeg reads).
    const opened = (usable && (await intoSpare(options, usable))) || (await fresh(options));
    const part = PartWriter.#made(options, opened);
    // Microphones are written from the start; a video part waits until it is shown.
    if (producer.kind === 'audio') await opened.consumer.resume().catch(() => undefined);
    return part;
  }

  /**
   * The part of the shown camera just produced anew, on the spare whose transport was made ahead on the producer's
   * router (PartListener.route). Its consumer is asked for before this returns, forwarding at once, so that the
   * worker usually has it before the producer's first packets, a keyframe: the file shows the camera from its first
   * picture, or from the keyframe the consumer asks for when it is made after that. The spare is the part's to
   * dispose of.
   */
  static openAtOnce(
    options: PartOptions & { spare: PartListener },
    transport: types.PlainTransport,
  ): Promise<PartWriter> {
    const { producer, spare } = options;
    const consuming = consumeOn(options, transport, false);
    return (async () => {
      const consumer = await consuming.catch((error: unknown) => {
        transport.close();
        void spare.discard();
        throw error;
      });
      if (!spare.fits(codecOf(consumer))) {
        transport.close();
        void spare.discard();
        throw new Error(`the spare part does not take ${producer.id}'s codec`);
      }
      return PartWriter.#made(options, { transport, consumer, listener: spare });
    })();
  }

  static #made(options: PartOptions, { transport, consumer, listener }: Opened): PartWriter {
    const { producer } = options;
    const process = listener.process;
    const part = new PartWriter(
      {
        id: producer.id,
        file: listener.file,
        kind: producer.kind,
        source: options.source,
        peerId: options.peerId,
        openedAt: Date.now(),
        closedAt: null,
        pid: process.pid ?? null,
      },
      listener.codec,
      transport,
      consumer,
      process,
    );
    const ended = () => {
      if (!part.#closing) void part.close().then(() => options.onEnded(part));
    };
    consumer.observer.once('close', ended);
    void process.exited.then(ended);
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

const label = (options: PartOptions) => `part ${options.source} of ${options.peerId}`;

/**
 * A consumer of the producer on `transport`, paused unless asked otherwise, asked for of the worker before this
 * returns (mediasoup sends the request before its first await).
 */
function consumeOn(options: PartOptions, transport: types.PlainTransport, paused = true): Promise<types.Consumer> {
  const { router, producer } = options;
  return transport.consume({
    producerId: producer.id,
    rtpCapabilities: recorderCapabilities(router.rtpCapabilities),
    paused,
    // The sharpest simulcast layer: the file is watched full size.
    ...(producer.kind === 'video' ? { preferredLayers: { spatialLayer: topLayer(producer) } } : {}),
  });
}

/** A PlainTransport sending to ffmpeg's port (or the one made ahead there), and a paused consumer on it. */
async function consumeInto(
  options: PartOptions,
  port: number,
  made: types.PlainTransport | null = null,
): Promise<{ transport: types.PlainTransport; consumer: types.Consumer }> {
  const transport = made ?? (await plainTransportTo(options.router, port));
  try {
    return { transport, consumer: await consumeOn(options, transport) };
  } catch (error) {
    transport.close();
    throw error;
  }
}

interface Opened {
  transport: types.PlainTransport;
  consumer: types.Consumer;
  listener: PartListener;
}

/** The consumer sent to a spare ffmpeg; null (the spare discarded) if it does not fit after all. */
async function intoSpare(options: PartOptions, spare: PartListener): Promise<Opened | null> {
  const opened = await consumeInto(options, spare.port, await spare.takeRoute(options.router)).catch(() => null);
  if (opened && spare.fits(codecOf(opened.consumer))) return { ...opened, listener: spare };
  opened?.transport.close();
  void spare.discard();
  return null;
}

/** A consumer, and ffmpeg started for its codec. */
async function fresh(options: PartOptions): Promise<Opened> {
  const port = await reservePortPair();
  const opened = await consumeInto(options, port);
  try {
    const codec = codecOf(opened.consumer);
    return { ...opened, listener: await PartListener.start(options.ffmpeg, codec, options.path, label(options), port) };
  } catch (error) {
    opened.transport.close();
    throw error;
  }
}

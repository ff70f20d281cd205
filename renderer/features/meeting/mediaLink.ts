// One generation of WebRTC media with the SFU: a send and a receive transport, our producers and the consumers of
// others. A join, a rejoin after reconnection, or an SFU restart each get a fresh MediaLink; closing the old one
// never stops the local camera and microphone tracks, which outlive it.
import type { Device } from 'mediasoup-client';
import type {
  Consumer,
  DtlsParameters,
  IceCandidate,
  IceParameters,
  Producer,
  ProducerOptions,
  RtpCodecCapability,
  RtpEncodingParameters,
  RtpParameters,
  Transport,
} from 'mediasoup-client/types';
import { MEDIA_SOURCES, type MediaSource, type NewConsumer } from '../../../common/protocol.ts';
import { ClientError } from '../../app/clientErrors.ts';
import type { RequestFn } from './signaling.ts';

export type LocalSource = MediaSource;

/** Three simulcast layers from one 720p capture: 180p, 360p, 720p. */
export const CAMERA_ENCODINGS: RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 2, maxBitrate: 500_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 1, maxBitrate: 1_500_000, scalabilityMode: 'L1T3' },
];

/**
 * A shared screen: a half-size layer for weak links and the full picture (up to 1920×1080) sharp enough for text,
 * at 5–15 frames a second (the track's contentHint `detail` makes the encoder keep detail over motion).
 */
export const SCREEN_ENCODINGS: RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 2, maxBitrate: 500_000, maxFramerate: 15 },
  { scaleResolutionDownBy: 1, maxBitrate: 2_500_000, maxFramerate: 15 },
];

const isMediaSource = (value: unknown): value is MediaSource =>
  typeof value === 'string' && (MEDIA_SOURCES as readonly string[]).includes(value);

const ICE_RETRY_MS = 5000;

export interface MediaLinkEvents {
  /** A consumer ended on its own (its transport closed or its track ended). */
  consumerGone(consumerId: string): void;
  error(error: ClientError): void;
}

export interface RecvStats {
  audioPacketsReceived: number;
  videoFramesDecoded: number;
}

export interface TransportStats {
  send: RTCStatsReport | null;
  recv: RTCStatsReport | null;
}

export class MediaLink {
  private sendTransport: Transport | null = null;
  private recvTransport: Transport | null = null;
  private readonly producers = new Map<LocalSource, Producer>();
  private readonly pendingProducers = new Map<LocalSource, Promise<Producer>>();
  private readonly consumers = new Map<string, Consumer>();
  private readonly iceRestarting = new Set<string>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;

  private constructor(
    private readonly device: Device,
    private readonly rpc: RequestFn,
    private readonly signalingUp: () => boolean,
    private readonly events: MediaLinkEvents,
  ) {}

  static async open(
    device: Device,
    rpc: RequestFn,
    signalingUp: () => boolean,
    events: MediaLinkEvents,
  ): Promise<MediaLink> {
    const link = new MediaLink(device, rpc, signalingUp, events);
    try {
      // Both at once (the server places the participant on one router for both); link.close() closes either.
      await Promise.all([
        link.createTransport('send').then((t) => (link.sendTransport = t)),
        link.createTransport('recv').then((t) => (link.recvTransport = t)),
      ]);
    } catch (error) {
      link.close();
      throw ClientError.from(error, 'media_error');
    }
    return link;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private async createTransport(direction: 'send' | 'recv'): Promise<Transport> {
    const options = await this.rpc('createTransport', { direction });
    if (this.closed) throw new ClientError('media_error', 'media link closed while creating transports');
    const params = {
      id: options.id,
      iceParameters: options.iceParameters as IceParameters,
      iceCandidates: options.iceCandidates as IceCandidate[],
      dtlsParameters: options.dtlsParameters as DtlsParameters,
    };
    const transport =
      direction === 'send' ? this.device.createSendTransport(params) : this.device.createRecvTransport(params);

    // The browser goes on at once (ICE, then the DTLS handshake) while our DTLS parameters travel: mediasoup answers
    // a handshake that comes before them and checks our fingerprint when they arrive, so the join does not wait a
    // signalling round trip here. A refusal is reported; that transport then never carries media (as before).
    transport.on('connect', ({ dtlsParameters }, callback) => {
      this.rpc('connectTransport', {
        transportId: transport.id,
        dtlsParameters: dtlsParameters as unknown as Record<string, unknown>,
      }).catch((error: unknown) => {
        if (!this.closed) this.events.error(ClientError.from(error, 'media_error'));
      });
      callback();
    });

    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        const source = isMediaSource(appData['source']) ? appData['source'] : 'mic';
        this.rpc('produce', {
          transportId: transport.id,
          kind,
          rtpParameters: rtpParameters as unknown as Record<string, unknown>,
          source,
        }).then(({ producerId }) => callback({ id: producerId }), errback);
      });
    }

    transport.on('connectionstatechange', (state) => {
      if (state === 'disconnected' || state === 'failed') void this.restartIce(transport);
    });
    return transport;
  }

  /**
   * ICE broke while signalling is still up (a network change, a NAT rebinding): ask the server for fresh ICE
   * parameters. Checked again a little later, because a restart that fails leaves the state unchanged and so
   * raises no new event.
   */
  private async restartIce(transport: Transport): Promise<void> {
    if (this.closed || transport.closed || !this.signalingUp() || this.iceRestarting.has(transport.id)) return;
    this.iceRestarting.add(transport.id);
    try {
      const { iceParameters } = await this.rpc('restartIce', { transportId: transport.id });
      if (!this.closed && !transport.closed)
        await transport.restartIce({ iceParameters: iceParameters as IceParameters });
    } catch (error) {
      // Background recovery: when it fails, the socket is usually about to drop too and the rejoin rebuilds
      // everything, so this is logged rather than shown.
      if (!this.closed) console.warn('[phonghop] ICE restart failed', ClientError.from(error, 'media_error'));
    } finally {
      this.iceRestarting.delete(transport.id);
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const state = transport.connectionState;
      if (state === 'disconnected' || state === 'failed') void this.restartIce(transport);
    }, ICE_RETRY_MS);
    this.timers.add(timer);
  }

  private codec(mimeType: string): RtpCodecCapability | undefined {
    return this.device.sendRtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === mimeType);
  }

  /** One producer per source: a second call while the first is still negotiating gets the same producer. */
  produce(track: MediaStreamTrack, source: LocalSource): Promise<Producer> {
    const existing = this.producers.get(source);
    if (existing && !existing.closed) return Promise.resolve(existing);
    const pending = this.pendingProducers.get(source);
    if (pending) return pending;
    const producing = this.createProducer(track, source).finally(() => this.pendingProducers.delete(source));
    this.pendingProducers.set(source, producing);
    return producing;
  }

  private async createProducer(track: MediaStreamTrack, source: LocalSource): Promise<Producer> {
    const transport = this.sendTransport;
    if (this.closed || !transport) throw new ClientError('media_error', 'no send transport');
    // stopTracks: false — the tracks belong to the session and are produced again after a reconnection.
    const options: ProducerOptions =
      source === 'screen'
        ? {
            track,
            encodings: SCREEN_ENCODINGS,
            codec: this.codec('video/vp8'),
            codecOptions: { videoGoogleStartBitrate: 1000 },
            stopTracks: false,
            appData: { source },
          }
        : source === 'cam'
          ? {
              track,
              encodings: CAMERA_ENCODINGS,
              codec: this.codec('video/vp8'),
              codecOptions: { videoGoogleStartBitrate: 1000 },
              stopTracks: false,
              appData: { source },
            }
          : {
              track,
              codec: this.codec('audio/opus'),
              codecOptions: { opusStereo: false, opusDtx: true, opusFec: true },
              stopTracks: false,
              appData: { source },
            };
    const producer = await transport.produce(options);
    if (this.closed) {
      producer.close();
      throw new ClientError('media_error', 'media link closed while producing');
    }
    this.producers.set(source, producer);
    producer.on('transportclose', () => this.producers.delete(source));
    return producer;
  }

  producer(source: LocalSource): Producer | null {
    const producer = this.producers.get(source);
    return producer && !producer.closed ? producer : null;
  }

  /** Closes the local side of a producer and returns its id, so that the server can be told. */
  closeProducer(source: LocalSource): string | null {
    const producer = this.producer(source);
    this.producers.delete(source);
    if (!producer) return null;
    producer.close();
    return producer.id;
  }

  async consume(notification: NewConsumer): Promise<Consumer> {
    const transport = this.recvTransport;
    if (this.closed || !transport) throw new ClientError('media_error', 'no receive transport');
    const consumer = await transport.consume({
      id: notification.consumerId,
      producerId: notification.producerId,
      kind: notification.kind,
      rtpParameters: notification.rtpParameters as RtpParameters,
      appData: { peerId: notification.peerId, source: notification.source },
    });
    this.consumers.set(consumer.id, consumer);
    const gone = () => {
      this.consumers.delete(consumer.id);
      this.events.consumerGone(consumer.id);
    };
    consumer.on('transportclose', gone);
    consumer.on('trackended', gone);
    return consumer;
  }

  closeConsumer(consumerId: string): void {
    const consumer = this.consumers.get(consumerId);
    this.consumers.delete(consumerId);
    consumer?.close();
  }

  /** Sums of the receive transport's inbound-rtp statistics, for tests and diagnostics. */
  async recvStats(): Promise<RecvStats> {
    const totals: RecvStats = { audioPacketsReceived: 0, videoFramesDecoded: 0 };
    const transport = this.recvTransport;
    if (this.closed || !transport) return totals;
    const report = await transport.getStats();
    report.forEach((stat: { type?: string; kind?: string; packetsReceived?: number; framesDecoded?: number }) => {
      if (stat.type !== 'inbound-rtp') return;
      if (stat.kind === 'audio') totals.audioPacketsReceived += stat.packetsReceived ?? 0;
      if (stat.kind === 'video') totals.videoFramesDecoded += stat.framesDecoded ?? 0;
    });
    return totals;
  }

  /** Both transports' WebRTC statistics (RTT, loss, bytes); a transport that cannot say gives null. */
  async transportStats(): Promise<TransportStats> {
    const read = (transport: Transport | null) =>
      this.closed || !transport || transport.closed ? null : transport.getStats().catch(() => null);
    const [send, recv] = await Promise.all([read(this.sendTransport), read(this.recvTransport)]);
    return { send, recv };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    // Closing a transport closes its producers and consumers; tracks survive because of stopTracks: false.
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.producers.clear();
    this.consumers.clear();
  }
}

// A synthetic connection point's WebRTC: mediasoup-client's logic on werift (msc-node), so ICE, DTLS and SRTP are
// real and the SFU cannot tell it from a browser. It mirrors the renderer's MediaLink: a send and a receive transport
// created at once, `connect` and `produce` answered through the signalling requests, consumers made from the
// server's `newConsumer`. It records when each transport reached DTLS connected and when RTP first arrived.
import { Device, type types as msc } from 'msc-node';
import {
  MediaStreamTrack,
  PictureLossIndication,
  RtcpPayloadSpecificFeedback,
  RTCRtpCodecParameters,
  useAbsSendTime,
  useFIR,
  useNACK,
  usePLI,
  useREMB,
  useSdesMid,
  useTransportWideCC,
  useTWCC,
} from 'werift';
import type { NewConsumer, RequestName, RequestPayload, ResponseMap } from '../../common/protocol.ts';

export type Rpc = <K extends RequestName>(name: K, payload: RequestPayload<K>) => Promise<ResponseMap[K]>;

/** What werift offers mediasoup: VP8 and Opus with the feedback a browser would negotiate. */
function weriftCapabilities(): msc.WeriftRtpCapabilities {
  return {
    codecs: {
      video: [
        new RTCRtpCodecParameters({
          mimeType: 'video/VP8',
          clockRate: 90000,
          rtcpFeedback: [useFIR(), useNACK(), usePLI(), useREMB(), useTWCC()],
        }),
      ],
      audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })],
    },
    headerExtensions: {
      video: [useSdesMid(), useAbsSendTime(), useTransportWideCC()],
      audio: [useSdesMid(), useAbsSendTime()],
    },
  };
}

/** What werift keeps private about one ICE connection, for keepConsent(). */
interface ConsentInternals {
  remoteIsLite: boolean;
  state: string;
  queryConsent(): Promise<unknown> & { cancel(): void };
  queryConsentHandle?: { cancel(): void; promise: Promise<unknown>; done(): boolean };
}

/**
 * Chromium sends ICE consent checks (RFC 7675) every few seconds, and mediasoup closes the ICE of a transport that
 * has sent none for 30 s. werift runs them only towards a full ICE peer, and mediasoup is ICE-lite: without this a
 * synthetic point would lose its media half a minute after joining. werift's own consent loop is started on every
 * connected ICE connection of the transport as it would be with a full peer (werift stops it when the connection
 * closes). Called again and again: a renegotiation may give the transport a new connection.
 */
function keepConsent(transport: msc.Transport): void {
  for (const ice of transport.pc.iceTransports) {
    const connection = ice.connection as unknown as ConsentInternals;
    if (!connection.remoteIsLite || connection.state !== 'connected') continue;
    // werift's own loop saw a lite peer and ended at once: replaced by one that runs.
    connection.queryConsentHandle?.cancel();
    connection.remoteIsLite = false;
    const query = connection.queryConsent();
    let done = false;
    query.then(
      () => (done = true),
      () => (done = true),
    );
    connection.queryConsentHandle = { cancel: () => query.cancel(), promise: query, done: () => done };
  }
}

/** A loaded Device for the router's capabilities (done in the lobby, before the join, as the renderer does). */
export async function loadPointDevice(routerRtpCapabilities: unknown): Promise<Device> {
  const device = new Device(weriftCapabilities(), { handlerName: 'werift' });
  await device.load({ routerRtpCapabilities: routerRtpCapabilities as msc.RtpCapabilities });
  return device;
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across the processes of one machine. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export interface ReceivedStream {
  consumerId: string;
  peerId: string;
  kind: 'audio' | 'video';
  packets: number;
  bytes: number;
  firstAt: number | null;
}

export class PointMedia {
  readonly device: Device;
  readonly #rpc: Rpc;
  #send: msc.Transport | null = null;
  #recv: msc.Transport | null = null;
  readonly #producers = new Map<'cam' | 'mic', msc.Producer>();
  readonly #consumers = new Map<string, msc.Consumer>();
  readonly received = new Map<string, ReceivedStream>();
  /** When each transport reached `connected` (DTLS done). */
  readonly connectedAt: { send: number | null; recv: number | null } = { send: null, recv: null };
  /** First RTP of any consumer, of a video consumer. */
  firstRtpAt: number | null = null;
  firstVideoRtpAt: number | null = null;
  readonly #consent = setInterval(() => this.#keepConsent(), 2000);
  #closed = false;

  constructor(device: Device, rpc: Rpc) {
    this.device = device;
    this.#rpc = rpc;
  }

  /** Both transports at once (the server places the participant on one router for both). */
  async open(): Promise<void> {
    const [send, recv] = await Promise.all([this.#transport('send'), this.#transport('recv')]);
    this.#send = send;
    this.#recv = recv;
  }

  async #transport(direction: 'send' | 'recv'): Promise<msc.Transport> {
    const options = await this.#rpc('createTransport', { direction });
    const params = {
      id: options.id,
      iceParameters: options.iceParameters as msc.IceParameters,
      iceCandidates: options.iceCandidates as msc.IceCandidate[],
      dtlsParameters: options.dtlsParameters as msc.DtlsParameters,
    };
    const transport =
      direction === 'send' ? this.device.createSendTransport(params) : this.device.createRecvTransport(params);
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.#rpc('connectTransport', {
        transportId: transport.id,
        dtlsParameters: dtlsParameters as unknown as Record<string, unknown>,
      }).then(() => callback(), errback);
    });
    transport.on('connectionstatechange', (state) => {
      if (state !== 'connected') return;
      this.connectedAt[direction] ??= nowMs();
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        this.#rpc('produce', {
          transportId: transport.id,
          kind,
          rtpParameters: rtpParameters as unknown as Record<string, unknown>,
          source: (appData as { source: 'cam' | 'mic' }).source,
        }).then(({ producerId }) => callback({ id: producerId }), errback);
      });
    }
    return transport;
  }

  get recvRtpCapabilities(): Record<string, unknown> {
    return this.device.rtpCapabilities as unknown as Record<string, unknown>;
  }

  /**
   * A producer fed by a werift track; the caller writes RTP into the track (rtpReplay.ts) and answers the SFU's
   * picture-loss requests through `onKeyframeRequest`.
   */
  async produce(
    source: 'cam' | 'mic',
    onKeyframeRequest: () => void = () => {},
  ): Promise<{ track: MediaStreamTrack; producerId: string }> {
    if (!this.#send) throw new Error('no send transport');
    const track = new MediaStreamTrack({ kind: source === 'cam' ? 'video' : 'audio' });
    const producer = await this.#send.produce({ track, appData: { source }, stopTracks: false });
    producer.rtpSender?.onRtcp.subscribe((rtcp) => {
      if (rtcp.type !== RtcpPayloadSpecificFeedback.type) return;
      const { feedback } = rtcp as RtcpPayloadSpecificFeedback;
      // FMT 4 is a full intra request (RFC 5104), which werift does not export by name.
      if (feedback.count === PictureLossIndication.count || feedback.count === 4) {
        onKeyframeRequest();
      }
    });
    this.#producers.set(source, producer);
    return { track, producerId: producer.id };
  }

  producerId(source: 'cam' | 'mic'): string | null {
    return this.#producers.get(source)?.id ?? null;
  }

  /** Makes the local side of a consumer and counts its RTP; the caller resumes it on the server. */
  async consume(notification: NewConsumer): Promise<void> {
    if (!this.#recv || this.#closed) throw new Error('no receive transport');
    const consumer = await this.#recv.consume({
      id: notification.consumerId,
      producerId: notification.producerId,
      kind: notification.kind,
      rtpParameters: notification.rtpParameters as msc.RtpParameters,
    });
    this.#consumers.set(consumer.id, consumer);
    const stream: ReceivedStream = {
      consumerId: consumer.id,
      peerId: notification.peerId,
      kind: notification.kind,
      packets: 0,
      bytes: 0,
      firstAt: null,
    };
    this.received.set(consumer.id, stream);
    consumer.track.onReceiveRtp.subscribe((rtp) => {
      stream.packets++;
      stream.bytes += rtp.payload.length;
      if (stream.firstAt !== null) return;
      stream.firstAt = nowMs();
      this.firstRtpAt ??= stream.firstAt;
      if (stream.kind === 'video') this.firstVideoRtpAt ??= stream.firstAt;
    });
  }

  closeConsumer(consumerId: string): void {
    this.#consumers.get(consumerId)?.close();
    this.#consumers.delete(consumerId);
    this.received.delete(consumerId);
  }

  get consumerCount(): number {
    return this.#consumers.size;
  }

  /** werift's view of both transports (connection, ICE, DTLS states), for a point that does not connect. */
  diagnose(): string {
    const describe = (name: string, t: msc.Transport | null) => {
      if (!t) return `${name}: none`;
      const dtls = t.pc.dtlsTransports.map((d) => d.state).join('/');
      return `${name}: ${t.pc.connectionState}, ICE ${t.pc.iceConnectionState}, DTLS ${dtls || '-'}`;
    };
    return `${describe('send', this.#send)}; ${describe('recv', this.#recv)}`;
  }

  #keepConsent(): void {
    for (const transport of [this.#send, this.#recv]) if (transport && !transport.closed) keepConsent(transport);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#consent);
    this.#send?.close();
    this.#recv?.close();
    this.#consumers.clear();
    this.#producers.clear();
  }
}

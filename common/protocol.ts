// The signalling protocol between the renderer and the server: one place that names every message, its payload
// schema (validated at the server edge) and its response type. The socket.io server and client are typed from here.
import { z } from 'zod';
import type { AppError } from './errors.ts';

export const ROLES = ['chair', 'secretary', 'delegate'] as const;
export type Role = (typeof ROLES)[number];

/** What kind of media a producer carries; the renderer lays tiles out by it. */
export const MEDIA_SOURCES = ['mic', 'cam', 'screen'] as const;
export type MediaSource = (typeof MEDIA_SOURCES)[number];

/** Largest accepted request payload, as JSON text; anything bigger is answered with `too_large`. */
export const MAX_REQUEST_BYTES = 64 * 1024;

export interface PeerInfo {
  id: string;
  name: string;
  role: Role;
  /** The province or unit a connection point represents, when the participant is one. */
  connectionPoint: string | null;
  micOn: boolean;
  camOn: boolean;
}

export interface MeetingInfo {
  id: string;
  title: string;
  startsAt: string;
  place: string;
}

// mediasoup's parameter objects are validated deeply by mediasoup itself on the server; at the edge we check shape
// and size so that nothing unexpected reaches it.
const looseObject = z.record(z.string(), z.unknown());
const id = z.string().min(1).max(100);

export const requestSchemas = {
  join: z.object({ token: z.string().min(10).max(4096) }).strict(),
  createTransport: z.object({ direction: z.enum(['send', 'recv']) }).strict(),
  connectTransport: z.object({ transportId: id, dtlsParameters: looseObject }).strict(),
  restartIce: z.object({ transportId: id }).strict(),
  produce: z
    .object({
      transportId: id,
      kind: z.enum(['audio', 'video']),
      rtpParameters: looseObject,
      source: z.enum(MEDIA_SOURCES),
    })
    .strict(),
  setProducerPaused: z.object({ producerId: id, paused: z.boolean() }).strict(),
  closeProducer: z.object({ producerId: id }).strict(),
  ready: z.object({ rtpCapabilities: looseObject }).strict(),
  resumeConsumer: z.object({ consumerId: id }).strict(),
  setConsumerVisible: z
    .object({ consumerId: id, visible: z.boolean(), layer: z.enum(['low', 'high']).optional() })
    .strict(),
  leave: z.object({}).strict(),
} as const;

export type RequestName = keyof typeof requestSchemas;
export type RequestPayload<K extends RequestName> = z.infer<(typeof requestSchemas)[K]>;

export interface TransportOptions {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: unknown;
}

export interface JoinResponse {
  self: PeerInfo;
  meeting: MeetingInfo;
  routerRtpCapabilities: unknown;
  peers: PeerInfo[];
  activeSpeakerId: string | null;
}

export interface ResponseMap {
  join: JoinResponse;
  createTransport: TransportOptions;
  connectTransport: Record<string, never>;
  restartIce: { iceParameters: unknown };
  produce: { producerId: string };
  setProducerPaused: Record<string, never>;
  closeProducer: Record<string, never>;
  ready: Record<string, never>;
  resumeConsumer: Record<string, never>;
  setConsumerVisible: Record<string, never>;
  leave: Record<string, never>;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: AppError };

export interface NewConsumer {
  consumerId: string;
  producerId: string;
  peerId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  rtpParameters: unknown;
  producerPaused: boolean;
}

/** Server → client notifications. */
export interface NotificationMap {
  peerJoined: PeerInfo;
  peerUpdated: PeerInfo;
  peerLeft: { peerId: string };
  newConsumer: NewConsumer;
  consumerClosed: { consumerId: string };
  consumerPaused: { consumerId: string; paused: boolean };
  activeSpeaker: { peerId: string | null };
  /** The SFU process serving this meeting restarted: the client re-creates its transports without a reload. */
  mediaRestart: { reason: string };
  /** A request sent without an acknowledgement callback was rejected; requests with one get the error there. */
  requestRejected: { request: string; error: AppError };
}

export type ClientToServerEvents = {
  [K in RequestName]: (payload: RequestPayload<K>, ack: (response: Ack<ResponseMap[K]>) => void) => void;
};

export type ServerToClientEvents = {
  [K in keyof NotificationMap]: (payload: NotificationMap[K]) => void;
};

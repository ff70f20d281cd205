// The media part of the signalling protocol: the requests that set up WebRTC transports, producers and consumers
// on the SFU (their payload schemas and responses), and the shapes they carry. protocol.ts registers them with
// every other request, so it stays the one place that names the protocol.
import { z } from 'zod';
import { id, looseObject } from './schemaFields.ts';

/** What kind of media a producer carries; the renderer lays tiles out by it. `screenAudio`: a shared screen's sound. */
export const MEDIA_SOURCES = ['mic', 'cam', 'screen', 'screenAudio'] as const;
export type MediaSource = (typeof MEDIA_SOURCES)[number];

export const mediaRequestSchemas = {
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
} as const;

export interface TransportOptions {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: unknown;
}

export interface MediaResponseMap {
  createTransport: TransportOptions;
  connectTransport: Record<string, never>;
  restartIce: { iceParameters: unknown };
  produce: { producerId: string };
  setProducerPaused: Record<string, never>;
  closeProducer: Record<string, never>;
  ready: Record<string, never>;
  resumeConsumer: Record<string, never>;
  setConsumerVisible: Record<string, never>;
}

/** Sent to a participant for every producer of the others it may receive. */
export interface NewConsumer {
  consumerId: string;
  producerId: string;
  peerId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  rtpParameters: unknown;
  producerPaused: boolean;
}

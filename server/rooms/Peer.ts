// One participant's connection in a meeting room: its socket, its WebRTC transports, and the producers and
// consumers on them. It owns nothing beyond that; the Room decides who consumes what.
import type { types } from 'mediasoup';
import type { MediaSource, NotificationMap } from '../../common/protocol.ts';
import type { PeerInfo } from '../../common/meetingInfo.ts';
import type { MeetingRole } from '../../common/roles.ts';
import type { Participant } from '../meetings/MeetingStore.ts';
import { AppFailure } from '../../common/errors.ts';

export interface PeerSocket {
  emit<K extends keyof NotificationMap>(event: K, payload: NotificationMap[K]): unknown;
  disconnect(close?: boolean): unknown;
}

export class Peer {
  readonly id: string;
  readonly participant: Participant;
  readonly socket: PeerSocket;
  /** The invitation this connection joined with: what it is given (signed download URLs) lasts only while it does. */
  readonly invitationId: string | null;
  readonly transports = new Map<string, types.WebRtcTransport>();
  readonly producers = new Map<string, types.Producer>();
  readonly consumers = new Map<string, types.Consumer>();
  rtpCapabilities: types.RtpCapabilities | null = null;
  closed = false;

  constructor(participant: Participant, socket: PeerSocket, invitationId: string | null = null) {
    this.id = participant.id;
    this.participant = participant;
    this.socket = socket;
    this.invitationId = invitationId;
  }

  info(): PeerInfo {
    const guest = this.participant.role === 'guest';
    return {
      id: this.id,
      name: this.participant.name,
      // Guests are laid out as delegates; their permissions follow the `guest` role (common/permissions.ts).
      role: guest ? 'delegate' : (this.participant.role as Exclude<MeetingRole, 'guest'>),
      connectionPoint: this.participant.connectionPoint,
      micOn: this.#live('mic'),
      camOn: this.#live('cam'),
      ...(guest ? { guest: true } : {}),
    };
  }

  producerFor(source: MediaSource): types.Producer | undefined {
    for (const p of this.producers.values()) if ((p.appData as { source?: string }).source === source) return p;
    return undefined;
  }

  transport(transportId: string): types.WebRtcTransport {
    const transport = this.transports.get(transportId);
    if (!transport) throw new AppFailure('not_found', `no transport ${transportId} for this peer`);
    return transport;
  }

  transportFor(direction: 'send' | 'recv'): types.WebRtcTransport | undefined {
    for (const t of this.transports.values())
      if ((t.appData as { direction?: string }).direction === direction) return t;
    return undefined;
  }

  producer(producerId: string): types.Producer {
    const producer = this.producers.get(producerId);
    if (!producer) throw new AppFailure('not_found', `no producer ${producerId} for this peer`);
    return producer;
  }

  consumer(consumerId: string): types.Consumer {
    const consumer = this.consumers.get(consumerId);
    if (!consumer) throw new AppFailure('not_found', `no consumer ${consumerId} for this peer`);
    return consumer;
  }

  /** Drops all media (transports close their producers and consumers); the peer stays in the room. */
  resetMedia(): void {
    for (const t of this.transports.values()) t.close();
    this.transports.clear();
    this.producers.clear();
    this.consumers.clear();
    this.rtpCapabilities = null;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.resetMedia();
  }

  #live(source: MediaSource): boolean {
    const p = this.producerFor(source);
    return p !== undefined && !p.closed && !p.paused;
  }
}

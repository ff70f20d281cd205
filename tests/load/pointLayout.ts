// What a synthetic connection point has on screen in a briefing, and so what it consumes: the chair large (the top
// simulcast layer), a few other participants as thumbnails (the lowest), and the microphones of those it shows
// (the chair's among them; a province's is muted until it has the floor, so it sends nothing). Every other
// consumer stays paused on the server, as the renderer's off-screen tiles do. The first participants to arrive fill
// the thumbnails and keep them: tiles do not move around when somebody joins (renderer/features/meeting/layout.ts).
import type { JoinResponse, NewConsumer } from '../../common/protocol.ts';
import type { PeerInfo } from '../../common/meetingInfo.ts';

export type Placement = 'high' | 'low' | null;

export class PointLayout {
  readonly #thumbnails: number;
  readonly #roles = new Map<string, PeerInfo['role']>();
  readonly #shown = new Set<string>();
  #selfId: string | null = null;

  constructor(thumbnails: number) {
    this.#thumbnails = thumbnails;
  }

  start(joined: JoinResponse): void {
    this.#selfId = joined.self.id;
    for (const peer of joined.peers) this.peerJoined(peer);
  }

  peerJoined(peer: PeerInfo): void {
    this.#roles.set(peer.id, peer.role);
  }

  /** Where the consumer's media goes: the large tile, a thumbnail, or nowhere (left paused). */
  place(consumer: NewConsumer): Placement {
    const { peerId } = consumer;
    if (peerId === this.#selfId) return null;
    const chair = this.#roles.get(peerId) === 'chair';
    if (!chair && !this.#shown.has(peerId)) {
      if (this.#shown.size >= this.#thumbnails) return null;
      this.#shown.add(peerId);
    }
    if (consumer.kind === 'audio') return 'low';
    return chair ? 'high' : 'low';
  }
}

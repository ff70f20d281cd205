// Finds or opens the media room of a meeting; two peers joining at once share one room.
import type { ServerConfig } from '../config.ts';
import type { Meeting } from '../meetings/MeetingStore.ts';
import type { WorkerPool } from '../sfu/WorkerPool.ts';
import { Room } from './Room.ts';

export class RoomRegistry {
  readonly #rooms = new Map<string, Promise<Room>>();
  readonly #pool: WorkerPool;
  readonly #sfu: ServerConfig['sfu'];

  constructor(pool: WorkerPool, sfu: ServerConfig['sfu']) {
    this.#pool = pool;
    this.#sfu = sfu;
  }

  open(meeting: Meeting): Promise<Room> {
    let room = this.#rooms.get(meeting.id);
    if (!room) {
      room = Room.create(meeting, this.#pool, this.#sfu).then((created) => {
        created.onEmpty = () => {
          if (this.#rooms.get(meeting.id) === room) this.#rooms.delete(meeting.id);
        };
        return created;
      });
      room.catch(() => this.#rooms.delete(meeting.id));
      this.#rooms.set(meeting.id, room);
    }
    return room;
  }

  get count(): number {
    return this.#rooms.size;
  }

  async closeAll(): Promise<void> {
    const rooms = await Promise.allSettled(this.#rooms.values());
    for (const r of rooms) if (r.status === 'fulfilled') r.value.close();
    this.#rooms.clear();
  }
}

// Meeting chat, kept for the record: messages to everyone, to chair + secretary, and the hosts' direct messages.
import { randomUUID } from 'node:crypto';
import type { ChatAudience, ChatMessage } from '../../common/meeting.ts';
import type { Database } from '../storage/database.ts';

interface Row {
  id: string;
  sent_at: string;
  from_id: string;
  from_name: string;
  audience: ChatAudience;
  to_id: string | null;
  text: string;
}

const toMessage = (r: Row): ChatMessage => ({
  id: r.id,
  sentAt: r.sent_at,
  fromId: r.from_id,
  fromName: r.from_name,
  audience: r.audience,
  toId: r.to_id,
  text: r.text,
});

export class ChatLog {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  add(meetingId: string, message: Omit<ChatMessage, 'id' | 'sentAt'>): ChatMessage {
    const stored: ChatMessage = { ...message, id: randomUUID(), sentAt: new Date().toISOString() };
    this.#db
      .prepare(
        `INSERT INTO chat_messages (id, seq, meeting_id, sent_at, from_id, from_name, audience, to_id, text)
         VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM chat_messages WHERE meeting_id = ?), ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        stored.id,
        meetingId,
        meetingId,
        stored.sentAt,
        stored.fromId,
        stored.fromName,
        stored.audience,
        stored.toId,
        stored.text,
      );
    return stored;
  }

  /** The latest messages a participant may read: to everyone, their own, direct ones to them, and (hosts) all. */
  visibleTo(meetingId: string, participantId: string, isHost: boolean, limit = 200): ChatMessage[] {
    const rows = this.#db
      .prepare(
        `SELECT * FROM chat_messages WHERE meeting_id = @meetingId AND (
           audience = 'all' OR from_id = @participantId OR to_id = @participantId OR
           (@isHost = 1 AND audience = 'hosts'))
         ORDER BY seq DESC LIMIT @limit`,
      )
      .all({ meetingId, participantId, isHost: isHost ? 1 : 0, limit }) as Row[];
    return rows.reverse().map(toMessage);
  }
}

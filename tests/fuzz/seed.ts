// A data folder made ready before the server starts on it, as an agency's scheduling would leave it: meetings with
// their participants and agenda, one invitation per participant and a guest link each, under a token secret the
// fuzzer passes to the server (TOKEN_SECRET). Written with the server's own stores, straight into the SQLite file,
// so the server under test runs exactly as `npm start` does. Also the HTTP upload the fuzzers and the kill loop
// share.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { DocumentInfo } from '../../common/documents.ts';
import { demoMeeting } from '../../server/meetings/demoMeeting.ts';
import { guestLinkToken, participantToken } from '../../server/meetings/invitations.ts';
import { MeetingStore } from '../../server/meetings/MeetingStore.ts';
import { DATABASE_FILE, openDatabase } from '../../server/storage/database.ts';

export interface SeededMeeting {
  id: string;
  /** Invitation tokens by participant id: chair, secretary, delegate-1, … */
  tokens: Map<string, string>;
  /** A guest link's token (the waiting room). */
  guestLink: string;
  agendaItemIds: string[];
}

export interface SeededData {
  dataDir: string;
  /** For the server's environment: the secret the tokens were signed with. */
  env: { TOKEN_SECRET: string };
  meetings: SeededMeeting[];
}

export interface SeedOptions {
  /** Tokens valid this long (default 48 h). */
  ttlHours?: number;
  /** Accounts seated as every meeting's chair and secretary (so that they sign with their registered certificate). */
  userIds?: { chair: string; secretary: string };
}

/** Adds `count` meetings of `delegates` delegates each. */
export function seedDataDir(dataDir: string, count: number, delegates: number, options: SeedOptions = {}): SeededData {
  const ttlHours = options.ttlHours ?? 48;
  const secret = randomBytes(32).toString('base64url');
  const store = new MeetingStore(openDatabase(join(dataDir, DATABASE_FILE)));
  try {
    const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
    const meetings: SeededMeeting[] = [];
    for (let i = 0; i < count; i++) {
      const planned = demoMeeting(delegates);
      const userIds = options.userIds;
      if (userIds) {
        planned.participants = planned.participants.map((p) =>
          p.id === 'chair' || p.id === 'secretary' ? { ...p, userId: userIds[p.id] } : p,
        );
      }
      const meeting = store.add(planned);
      const tokens = new Map(
        meeting.participants.map((p) => [p.id, participantToken(secret, store, meeting.id, p, expiresAt).token]),
      );
      meetings.push({
        id: meeting.id,
        tokens,
        guestLink: guestLinkToken(secret, store, meeting.id, expiresAt).token,
        agendaItemIds: meeting.agenda.map((a) => a.id),
      });
    }
    return { dataDir, env: { TOKEN_SECRET: secret }, meetings };
  } finally {
    store.close();
  }
}

export interface UploadResult {
  status: number;
  body: unknown;
}

/** POST /api/documents with a participant's token, as the renderer uploads an agenda PDF. */
export async function uploadDocument(
  url: string,
  token: string,
  bytes: Uint8Array,
  query: Record<string, string>,
  timeoutMs = 60_000,
): Promise<UploadResult> {
  const response = await fetch(`${url}/api/documents?${new URLSearchParams(query)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
    body: new Uint8Array(bytes),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text for the report
  }
  return { status: response.status, body };
}

/** Uploads a PDF that must be accepted; returns the document. */
export async function uploadAccepted(
  url: string,
  token: string,
  bytes: Uint8Array,
  agendaItemId: string,
): Promise<DocumentInfo> {
  const result = await uploadDocument(url, token, bytes, { agendaItemId, fileName: 'tai-lieu.pdf' });
  if (result.status !== 201) throw new Error(`upload refused: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body as DocumentInfo;
}

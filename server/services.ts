// The server's services, as the signalling handlers, the HTTP APIs and the live meeting state reach them: built once
// by server/app.ts and passed down, so that no module constructs another's dependencies.
import type { ServerConfig } from './config.ts';
import type { LiveRegistry } from './live/LiveMeeting.ts';
import type { DocumentService } from './documents/DocumentService.ts';
import type { Office } from './office/Office.ts';
import type { Mailer } from './office/mailer.ts';
import type { LdapConfig } from './auth/ldapConfig.ts';
import type { MinutesService } from './minutes/MinutesService.ts';
import type { SyncService } from './sync/SyncService.ts';
import type { PresenterRegistry } from './sync/PresenterRegistry.ts';
import type { MeetingStore } from './meetings/MeetingStore.ts';
import type { AccountStore } from './storage/AccountStore.ts';
import type { RoomRegistry } from './rooms/RoomRegistry.ts';
import type { RecordingService } from './recording/RecordingService.ts';

export interface Services {
  config: ServerConfig;
  meetings: MeetingStore;
  accounts: AccountStore;
  rooms: RoomRegistry;
  tokenSecret: string;
  /** What each running meeting is doing beside its media: floor, queue, mutes, presence, waiting room. */
  live: LiveRegistry;
  /** Agenda documents: uploads, versions, blobs, downloads (server/documents). */
  documents: DocumentService;
  /** Annotation sync (Yjs) with its durable update log, and presenter follow-me (server/sync). */
  sync: SyncService;
  presenter: PresenterRegistry;
  /** The minutes: record, lifecycle, signatures, exports, filing (server/minutes). */
  minutes: MinutesService;
  /** Recording meetings into one file, and the meetings' media policy (server/recording). */
  recordings: RecordingService;
  /** The office around the room: agency, directory, scheduling, home, search (server/office). */
  office: Office;
  /** Directory sign-in (LDAP_URL), when configured. */
  ldap: LdapConfig | null;
  /** Invitations by e-mail (SMTP_URL), when configured. */
  mailer: Mailer | null;
}

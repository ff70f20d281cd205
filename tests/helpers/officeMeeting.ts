// A meeting scheduled through the office on a running test server, for tests of the managed-meeting API: a secretary
// who manages it (signed in over HTTP), a chair, and a member who does not manage it (signed in as well).
import type { RunningServer } from '../../server/app.ts';
import { OfficeClient } from './officeClient.ts';

export const OFFICE_PASSWORD = 'mat-khau-rat-dai-2026';

export interface OfficeMeeting {
  meetingId: string;
  secretary: OfficeClient;
  member: OfficeClient;
}

let made = 0;

export async function officeMeeting(server: RunningServer): Promise<OfficeMeeting> {
  const n = ++made;
  const accounts = server.services.accounts;
  const user = (username: string, displayName: string, agencyRole: 'secretary' | 'member') =>
    accounts.createUser({ username: `${username}-${n}`, displayName, password: OFFICE_PASSWORD, agencyRole });
  const secretaryUser = await user('thuky', 'Lê Thị Thu Hà', 'secretary');
  const chairUser = await user('chutri', 'Trần Quốc Khánh', 'member');
  const memberUser = await user('thanhvien', 'Nguyễn Văn An', 'member');
  const start = new Date(Date.now() + 3600_000);
  const meetingId = server.services.office.planner.create(
    {
      kind: 'giao_ban',
      title: `Giao ban thử ${n}`,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3600_000).toISOString(),
      place: 'Phòng họp tầng 3',
      chairUserId: chairUser.id,
      secretaryUserId: secretaryUser.id,
      unitCodes: [],
      participantUserIds: [memberUser.id],
      guests: [],
      agenda: [{ title: 'Báo cáo', presenter: '', durationMinutes: 20 }],
    },
    secretaryUser,
  );
  const secretary = new OfficeClient(server.url);
  const member = new OfficeClient(server.url);
  for (const [client, account] of [
    [secretary, secretaryUser],
    [member, memberUser],
  ] as const) {
    const reply = await client.signIn(account.username, OFFICE_PASSWORD);
    if (reply.status !== 200) throw new Error(`sign-in of ${account.username}: ${JSON.stringify(reply.body)}`);
  }
  return { meetingId, secretary, member };
}

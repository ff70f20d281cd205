// `npm run demo`: a sample agency to try the product with — an administrator, a secretary, a chair, the 34 provincial
// connection points as units with one account each, a briefing today with its agenda and documents, and last month's
// briefing, ended (its attendance and signed, filed minutes come from seedPastMinutes.ts, once the demo signing
// identities are ready). Seeding again on the same DATA_DIR adds nothing but a new briefing for today.
import type { MeetingForm } from '../../common/office.ts';
import { PROVINCES } from '../../common/provinces.ts';
import { seedDemoDocuments } from '../documents/samples/seedDemoDocuments.ts';
import { DEMO_AGENDA, DEMO_PROVINCES } from '../meetings/demoMeeting.ts';
import { slug } from '../office/MeetingPlanner.ts';
import type { Services } from '../services.ts';
import type { User } from '../storage/AccountStore.ts';

/** Demo accounts share one password, printed at start; a demo DATA_DIR is for trying things, never for use. */
export const DEMO_PASSWORD = 'PhongHop@2026';

export interface DemoAccount {
  role: 'admin' | 'secretary' | 'chair' | 'connection_point';
  username: string;
  password: string;
  displayName: string;
}

export interface DemoAgency {
  accounts: DemoAccount[];
  todayMeetingId: string;
  pastMeetingId: string | null;
}

const PEOPLE = [
  { role: 'admin', username: 'quantri', displayName: 'Quản trị hệ thống', agencyRole: 'admin' },
  { role: 'secretary', username: 'thuky', displayName: 'Lê Thị Thu Hà', agencyRole: 'secretary' },
  { role: 'chair', username: 'chutri', displayName: 'Trần Quốc Khánh', agencyRole: 'member' },
] as const;

export const unitCodeOf = (province: string) => slug(province).toUpperCase();
export const unitUsernameOf = (province: string) => `dc-${slug(province)}`;

async function ensureAccount(
  services: Services,
  input: Parameters<Services['accounts']['createUser']>[0],
): Promise<User> {
  return services.accounts.byUsername(input.username) ?? services.accounts.createUser(input);
}

function form(chair: User, secretary: User, units: string[], title: string, start: Date, hours: number): MeetingForm {
  return {
    kind: 'giao_ban',
    title,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + hours * 3600_000).toISOString(),
    place: 'Phòng họp trực tuyến, Trụ sở Bộ, số 1 Tôn Thất Thuyết, Hà Nội',
    chairUserId: chair.id,
    secretaryUserId: secretary.id,
    unitCodes: units,
    participantUserIds: [],
    guests: [],
    // The demo agenda keeps its item ids (bao-cao, y-kien, …): tests and scripts address items by them.
    agenda: DEMO_AGENDA.map(({ id, title: t, presenter, durationMinutes }) => ({
      id,
      title: t,
      presenter,
      durationMinutes,
    })),
  };
}

export async function seedDemoAgency(services: Services, delegates: number, now = new Date()): Promise<DemoAgency> {
  const office = services.office;
  if (!office.agency.agency()) {
    office.agency.setAgency({ name: 'Bộ Khoa học và Công nghệ', code: '000.00.00.G06', parent: 'Chính phủ' });
  }
  const accounts: DemoAccount[] = [];
  const users: Record<string, User> = {};
  for (const p of PEOPLE) {
    users[p.role] = await ensureAccount(services, {
      username: p.username,
      displayName: p.displayName,
      password: DEMO_PASSWORD,
      agencyRole: p.agencyRole,
      email: `${p.username}@demo.phonghop.test`,
    });
    accounts.push({ role: p.role, username: p.username, password: DEMO_PASSWORD, displayName: p.displayName });
  }
  // The provinces in an order that spreads the first few across the country.
  const provinces = [...DEMO_PROVINCES, ...PROVINCES.filter((p) => !DEMO_PROVINCES.includes(p))];
  for (const province of provinces) {
    office.agency.upsertUnit({ code: unitCodeOf(province), name: province, kind: 'province' });
    const username = unitUsernameOf(province);
    await ensureAccount(services, {
      username,
      displayName: `Điểm cầu ${province}`,
      password: DEMO_PASSWORD,
      agencyRole: 'member',
      unitCode: unitCodeOf(province),
    });
    accounts.push({ role: 'connection_point', username, password: DEMO_PASSWORD, displayName: `Điểm cầu ${province}` });
  }
  const chair = users['chair']!;
  const secretary = users['secretary']!;
  const units = provinces.slice(0, Math.min(delegates, provinces.length)).map(unitCodeOf);
  const month = `${now.getMonth() + 1}/${now.getFullYear()}`;
  const todayMeetingId = office.planner.create(
    form(
      chair,
      secretary,
      units,
      `Hội nghị giao ban trực tuyến tháng ${month} về kế hoạch quan trắc môi trường`,
      now,
      2,
    ),
    secretary,
  );
  await seedDemoDocuments(services, todayMeetingId);
  office.reindex(todayMeetingId);

  // Last month's briefing, once per data folder: it took place and is on the record.
  let pastMeetingId: string | null = null;
  const exists = services.meetings.db
    .prepare(`SELECT id FROM meetings WHERE title LIKE 'Hội nghị giao ban trực tuyến tháng % — kỳ trước' LIMIT 1`)
    .get() as { id: string } | undefined;
  if (!exists) {
    // 08:30 in Vietnam (UTC+7) whatever the server's own time zone.
    const past = new Date(now.getTime() - 30 * 86400_000);
    past.setUTCHours(1, 30, 0, 0);
    pastMeetingId = office.planner.create(
      form(
        chair,
        secretary,
        provinces.slice(0, 8).map(unitCodeOf),
        `Hội nghị giao ban trực tuyến tháng ${past.getMonth() + 1}/${past.getFullYear()} — kỳ trước`,
        past,
        2,
      ),
      secretary,
    );
    services.meetings.setEnded(pastMeetingId, new Date(past.getTime() + 2 * 3600_000).toISOString());
    office.reindex(pastMeetingId);
  } else pastMeetingId = exists.id;
  return { accounts, todayMeetingId, pastMeetingId };
}

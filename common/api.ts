// The HTTP API beside signalling, for accounts and scheduling: request body schemas (validated by the server) and
// response shapes. Sign-in gives a bearer session token; scheduling a meeting needs one.
import { z } from 'zod';
import { PROVINCES } from './provinces.ts';
import type { AgendaItem } from './meeting.ts';
import type { MeetingInfo } from './meetingInfo.ts';
import type { MeetingRole } from './roles.ts';

/** Largest accepted HTTP request body. */
export const MAX_API_BODY_BYTES = 64 * 1024;

export const loginSchema = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) })
  .strict();

export const createUserSchema = z
  .object({
    username: z.string().min(3).max(64),
    displayName: z.string().trim().min(1).max(120),
    password: z.string().min(10).max(1024),
    isAdmin: z.boolean().optional(),
  })
  .strict();

const person = z
  .object({
    name: z.string().trim().min(1).max(120),
    /** A local account, so that the meeting appears in that person's list. */
    userId: z.string().min(1).max(100).optional(),
    connectionPoint: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export const scheduleMeetingSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    startsAt: z.iso.datetime({ offset: true }),
    place: z.string().trim().min(1).max(300),
    chair: person,
    secretary: person,
    delegates: z.array(person).max(500).optional(),
    /**
     * Connection points to add, one participant each: `all_provinces` is the preset of the 34 provincial units;
     * otherwise a list of province names from that preset.
     */
    connectionPoints: z
      .union([z.literal('all_provinces'), z.array(z.enum(PROVINCES)).max(PROVINCES.length)])
      .optional(),
    agenda: z
      .array(
        z
          .object({
            title: z.string().trim().min(1).max(300),
            presenter: z.string().trim().min(1).max(120),
            durationMinutes: z.number().int().min(1).max(600),
            documentId: z.string().min(1).max(100).optional(),
          })
          .strict(),
      )
      .max(100)
      .optional(),
  })
  .strict();

export const issueInvitationsSchema = z
  .object({
    /** Hours the links stay valid (default 7 days). */
    ttlHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .optional(),
    /** Only these participants (default: everyone). Issuing again does not revoke older links; revoke does. */
    participantIds: z.array(z.string().min(1).max(100)).max(1000).optional(),
  })
  .strict();

export const guestLinkSchema = z
  .object({
    ttlMinutes: z
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 60),
  })
  .strict();

export type LoginRequest = z.infer<typeof loginSchema>;
export type CreateUserRequest = z.infer<typeof createUserSchema>;
export type ScheduleMeetingRequest = z.infer<typeof scheduleMeetingSchema>;
export type IssueInvitationsRequest = z.infer<typeof issueInvitationsSchema>;

export interface UserInfo {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: UserInfo;
}

export interface MeetingDetails extends MeetingInfo {
  participants: { id: string; name: string; role: MeetingRole; connectionPoint: string | null }[];
  agenda: AgendaItem[];
  locked: boolean;
  endedAt: string | null;
}

export interface IssuedInvitation {
  participantId: string;
  name: string;
  role: MeetingRole;
  connectionPoint: string | null;
  invitationId: string;
  url: string;
  expiresAt: string;
}

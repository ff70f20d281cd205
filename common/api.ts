// Invitation links over HTTP (managers of a meeting, server/http/officeApi.ts): request body schemas validated by
// the server, and the issued links' shape. Sign-in and scheduling are in office.ts.
import { z } from 'zod';
import type { MeetingRole } from './roles.ts';

/** Largest accepted HTTP request body. */
export const MAX_API_BODY_BYTES = 64 * 1024;

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

/** How long a guest link may stay valid: from five minutes to a week. */
export const GUEST_LINK_MINUTES = { min: 5, max: 7 * 24 * 60 } as const;

/** A guest link's body, over HTTP (the office) and over signalling (`createGuestLink`) alike. */
export const guestLinkSchema = z
  .object({ ttlMinutes: z.number().int().min(GUEST_LINK_MINUTES.min).max(GUEST_LINK_MINUTES.max) })
  .strict();

export type IssueInvitationsRequest = z.infer<typeof issueInvitationsSchema>;

export interface IssuedInvitation {
  participantId: string;
  name: string;
  role: MeetingRole;
  connectionPoint: string | null;
  invitationId: string;
  url: string;
  expiresAt: string;
}

// The roles of a meeting: one vocabulary shared by the permission table, the protocol, the minutes and the stores.
// Pure names, no rules: who may do what is common/permissions.ts.

/** Everyone who can be in a meeting: the invited roles, plus guests admitted from the waiting room. */
export const MEETING_ROLES = ['chair', 'secretary', 'delegate', 'guest'] as const;
export type MeetingRole = (typeof MEETING_ROLES)[number];

/**
 * The roles an invitation names. A guest holds no invitation of its own: it is admitted from the waiting room and
 * laid out as a delegate, so tiles, the record's lifecycle and signatures speak only of these.
 */
export const INVITED_ROLES = ['chair', 'secretary', 'delegate'] as const satisfies readonly MeetingRole[];
export type InvitedRole = (typeof INVITED_ROLES)[number];

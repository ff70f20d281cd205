// Who and what a meeting is, as the protocol, the HTTP API and the stores name it: the meeting's identity and a
// participant as others see them. Types only.
import type { InvitedRole } from './roles.ts';

export interface PeerInfo {
  id: string;
  name: string;
  role: InvitedRole;
  /** The province or unit a connection point represents, when the participant is one. */
  connectionPoint: string | null;
  micOn: boolean;
  camOn: boolean;
  /** A guest admitted from the waiting room (laid out as a delegate; permissions of the `guest` role). */
  guest?: boolean;
}

export interface MeetingInfo {
  id: string;
  title: string;
  startsAt: string;
  place: string;
}

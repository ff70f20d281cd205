// The participant behind an HTTP request to the APIs a meeting's participants use (documents, minutes): the
// invitation token they join with, sent as a bearer token, resolved exactly as the signalling join resolves it.
import type { IncomingMessage } from 'node:http';
import { AppFailure } from '../../common/errors.ts';
import { resolveInvitation } from '../meetings/invitations.ts';
import type { Services } from '../services.ts';
import { invitationBearer } from './request.ts';

export function invitationCaller(req: IncomingMessage, services: Services): ReturnType<typeof resolveInvitation> {
  const token = invitationBearer(req);
  if (!token) throw new AppFailure('unauthorized', 'send the invitation token: Authorization: Bearer <token>');
  return resolveInvitation(services.meetings, services.tokenSecret, token);
}

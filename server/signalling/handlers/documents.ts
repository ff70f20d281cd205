// Agenda documents over signalling: the meeting's document list (with the upload limits) and short-lived signed
// download URLs. Uploads are HTTP (server/http/documentsApi.ts).
import { AppFailure } from '../../../common/errors.ts';
import type { HandlerMap } from '../context.ts';
import { joined } from '../context.ts';

export const documentHandlers: Pick<HandlerMap, 'listDocuments' | 'documentUrl'> = {
  async listDocuments(session, _payload, services) {
    const { room } = joined(session);
    return { documents: services.documents.list(room.meeting.id), limits: services.documents.limits };
  },

  async documentUrl(session, { documentId, version }, services) {
    const { room, peer } = joined(session);
    if (!peer.invitationId) throw new AppFailure('unauthorized', 'this connection joined without an invitation');
    const holder = { participantId: peer.id, invitationId: peer.invitationId };
    return services.documents.downloadUrl(services.tokenSecret, room.meeting.id, holder, documentId, version);
  },
};

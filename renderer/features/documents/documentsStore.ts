// The meeting's agenda documents and the presenter's follow-me state, kept in step with the server: both are asked
// for on every (re)join, then follow `documentsChanged` and `presenterChanged`. An older presenter state arriving
// late is dropped by its sequence number; the answer to the (re)join's own request replaces whatever was held.
import type { DocumentInfo, DocumentLimits, PresenterState } from '../../../common/documents.ts';
import type { MeetingRole } from '../../../common/roles.ts';
import { Store } from '../../app/store.ts';
import type { MeetingSession } from '../meeting/session.ts';

export interface DocumentsView {
  selfId: string | null;
  selfName: string;
  role: MeetingRole | null;
  documents: DocumentInfo[];
  limits: DocumentLimits | null;
  presenter: PresenterState | null;
  /** The connection is up (drawing then reaches the server at once). */
  online: boolean;
}

const initial: DocumentsView = {
  selfId: null,
  selfName: '',
  role: null,
  documents: [],
  limits: null,
  presenter: null,
  online: false,
};

export function withDocument(documents: DocumentInfo[], document: DocumentInfo): DocumentInfo[] {
  const others = documents.filter((d) => d.id !== document.id);
  return [...others, document].sort((a, b) =>
    a.agendaItemId === b.agendaItemId ? a.position - b.position : a.agendaItemId < b.agendaItemId ? -1 : 1,
  );
}

export function newerPresenter(current: PresenterState | null, next: PresenterState): PresenterState | null {
  return current && current.seq > next.seq ? current : next;
}

export class DocumentsStore extends Store<DocumentsView> {
  constructor() {
    super(initial);
  }

  attach(session: MeetingSession): () => void {
    const offs = [
      session.onJoined((join) => {
        this.update((v) => ({
          ...v,
          selfId: join.self.id,
          selfName: join.self.name,
          role: join.selfRole ?? null,
          online: true,
        }));
        session
          .request('listDocuments', {})
          .then(({ documents, limits }) => this.update((v) => ({ ...v, documents, limits })))
          .catch((error: unknown) => console.warn('[phonghop] documents', error));
        // The answer replaces what we held: a server that restarted counts `seq` from 0 again and has forgotten
        // the presenter, and keeping an older connection's higher seq would drop every change it sends from now on.
        // Notifications on this connection sent before the answer are no newer than it, so none is lost.
        session
          .request('presenterState', {})
          .then((state) => this.update((v) => ({ ...v, presenter: state })))
          .catch((error: unknown) => console.warn('[phonghop] presenter', error));
      }),
      session.subscribe(() => {
        const online = session.getState().status === 'joined';
        this.update((v) => (v.online === online ? v : { ...v, online }));
      }),
      session.on('documentsChanged', ({ document }) =>
        this.update((v) => ({ ...v, documents: withDocument(v.documents, document) })),
      ),
      session.on('presenterChanged', (state) =>
        this.update((v) => ({ ...v, presenter: newerPresenter(v.presenter, state) })),
      ),
    ];
    return () => offs.forEach((off) => off());
  }
}

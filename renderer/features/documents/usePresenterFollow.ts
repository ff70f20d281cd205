// Which document (and version) the stage shows, and whether this participant follows the presenter. A follower
// shows the presenter's document; browsing on one's own (scrolling, turning a page, zooming, picking a document)
// keeps the document on screen and stops following, until `follow()` brings the presenter's view back. Without a
// presenter, the stage shows the document picked, else the current agenda item's.
import { useCallback, useState } from 'react';
import { currentVersion, type DocumentInfo, type PresenterView } from '../../../common/documents.ts';
import type { AgendaItem } from '../../../common/meeting.ts';
import type { DocumentsView } from './documentsStore.ts';

export interface PresenterFollow {
  shown: DocumentInfo | null;
  /** The version on screen: the presenter's while following, else the document's latest. */
  version: number | null;
  isPresenter: boolean;
  presenterView: PresenterView | null;
  /** Following a presenter who is showing something (never the presenter themselves). */
  followsNow: boolean;
  /** The reader moves on their own: stop following, keeping the document on screen. */
  browse(): void;
  follow(): void;
  /** The reader picks a document in the list. */
  choose(documentId: string): void;
  /** A document this participant just uploaded goes on screen. */
  show(documentId: string): void;
}

function defaultDocument(
  documents: DocumentInfo[],
  agenda: AgendaItem[],
  currentIndex: number | null,
): DocumentInfo | null {
  const item = agenda[currentIndex ?? 0];
  return (
    documents.find((d) => d.id === item?.documentId) ??
    documents.find((d) => d.agendaItemId === item?.id) ??
    documents.find((d) => d.agendaItemId === agenda[0]?.id) ??
    documents[0] ??
    null
  );
}

export function usePresenterFollow(
  view: Pick<DocumentsView, 'documents' | 'presenter' | 'selfId'>,
  agenda: AgendaItem[],
  currentIndex: number | null,
): PresenterFollow {
  const { documents, presenter, selfId } = view;
  // A presenter whose stage comes back (after a screen share, or from the video grid) shows what it presented.
  const [chosenId, setChosenId] = useState<string | null>(() =>
    presenter?.presenterId != null && presenter.presenterId === selfId ? (presenter.view?.documentId ?? null) : null,
  );
  const [following, setFollowing] = useState(true);

  const isPresenter = presenter?.presenterId != null && presenter.presenterId === selfId;
  const presenterView = presenter?.view ?? null;
  const followsNow = following && !isPresenter && presenterView !== null;
  const shown =
    (followsNow ? documents.find((d) => d.id === presenterView.documentId) : null) ??
    documents.find((d) => d.id === chosenId) ??
    defaultDocument(documents, agenda, currentIndex);
  const version = shown
    ? followsNow && presenterView.documentId === shown.id
      ? presenterView.version
      : currentVersion(shown).version
    : null;

  const shownId = shown?.id ?? null;
  const browse = useCallback(() => {
    if (isPresenter) return;
    // Browsing keeps the document on screen: it becomes the chosen one instead of the presenter's.
    setChosenId((chosen) => (following ? shownId : chosen));
    setFollowing(false);
  }, [isPresenter, following, shownId]);
  const follow = useCallback(() => setFollowing(true), []);
  const choose = useCallback(
    (documentId: string) => {
      // After browse(), which would otherwise keep the document on screen.
      browse();
      setChosenId(documentId);
    },
    [browse],
  );
  const show = useCallback((documentId: string) => {
    setChosenId(documentId);
    setFollowing(false);
  }, []);

  return { shown, version, isPresenter, presenterView, followsNow, browse, follow, choose, show };
}

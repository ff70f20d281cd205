// Search (/search?q=…) over the meetings I may see: titles, agenda items and minutes, diacritics and case ignored
// by the server. The query lives in the address, so the back button and a reload show the same results; each hit
// opens the meeting's record (at the minutes or the agenda when the hit is there).
import { useEffect, useState, type FormEvent } from 'react';
import type { SearchResponse, SearchResult } from '../../../../common/office.ts';
import { Link, hrefFor, navigate } from '../../../app/router.tsx';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { formatMeetingTime } from '../../../i18n/format.ts';
import { SearchIcon } from '../icons.tsx';
import { snippetParts } from '../text.ts';
import { Empty, LoadFailed, Loading, PageHeading } from '../ui.tsx';
import { useResource } from '../useResource.ts';
import './history.css';

const TYPING_PAUSE_MS = 400;
const MIN_AUTO_QUERY = 2;

export function resultHref(result: SearchResult): string {
  const record = hrefFor({ name: 'record', id: result.meetingId });
  if (result.kind === 'minutes') return `${record}#minutes`;
  if (result.kind === 'agenda') return `${record}#agenda`;
  return record;
}

function Snippet({ text }: { text: string }) {
  return (
    <p className="search-snippet">
      {snippetParts(text).map((part, index) => (part.hit ? <mark key={index}>{part.text}</mark> : part.text))}
    </p>
  );
}

function Results({ query }: { query: string }) {
  const { t, locale } = useI18n();
  const search = useResource<SearchResponse>(`/api/search?q=${encodeURIComponent(query)}`);
  if (search.state.status === 'failed') return <LoadFailed error={search.state.error} onRetry={search.reload} />;
  if (search.state.status === 'loading') return <Loading label={t('search.searching')} />;
  const results = search.state.data.results;
  if (results.length === 0) return <Empty>{t('search.empty', { q: query })}</Empty>;
  return (
    <>
      <p className="search-count" role="status">
        {t('search.count', { count: results.length })}
      </p>
      <ul className="search-results">
        {results.map((result, index) => (
          <li key={`${result.meetingId}-${result.kind}-${index}`}>
            <Link
              to={resultHref(result)}
              className="search-result"
              data-testid="search-result"
              data-meeting-id={result.meetingId}
              data-kind={result.kind}
            >
              <span className="search-result-head">
                <span className={`kind-tag kind-tag--${result.kind}`}>{t(`search.kind.${result.kind}`)}</span>
                <span className="search-result-title">{result.meetingTitle}</span>
                <span className="search-result-date">{formatMeetingTime(result.startsAt, locale)}</span>
              </span>
              {result.section && <span className="search-result-section">{result.section}</span>}
              <Snippet text={result.snippet} />
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

export function SearchPage({ query }: { query: string }) {
  const { t } = useI18n();
  const [text, setText] = useState(query);
  const [shownQuery, setShownQuery] = useState(query);
  // The address changed (back button): the box follows it, unless it already says the same.
  if (shownQuery !== query) {
    setShownQuery(query);
    if (text.trim() !== query.trim()) setText(query);
  }
  // Results follow the typing after a short pause (the address is replaced, not pushed, for each pause).
  useEffect(() => {
    const wanted = text.trim();
    if (wanted === query.trim() || (wanted.length < MIN_AUTO_QUERY && wanted !== '')) return;
    const timer = setTimeout(
      () => navigate(hrefFor({ name: 'search', q: wanted }), { replace: true }),
      TYPING_PAUSE_MS,
    );
    return () => clearTimeout(timer);
  }, [text, query]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(hrefFor({ name: 'search', q: text.trim() }));
  };
  const trimmed = query.trim();

  return (
    <div className="office-page" data-testid="search">
      <PageHeading title={t('search.title')} />
      <form className="search-form" role="search" onSubmit={submit}>
        <SearchIcon size={20} className="search-form-icon" />
        <input
          className="input search-input"
          data-testid="search-input"
          type="search"
          name="q"
          value={text}
          maxLength={200}
          autoFocus
          placeholder={t('search.placeholder')}
          aria-label={t('search.title')}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="btn btn-primary" data-testid="search-submit">
          {t('search.submit')}
        </button>
      </form>
      <p className="field-hint search-hint">{t('search.hint')}</p>
      {trimmed === '' ? null : <Results key={trimmed} query={trimmed} />}
    </div>
  );
}

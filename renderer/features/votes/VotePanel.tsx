// Votes in the side panel. The chair opens a vote (question, named or secret, options, deadline; tied to the agenda
// item under way), follows the live count and closes it to announce the result. The secretary follows the same
// results for the minutes. Closed votes of the meeting are listed below.
import { useState, type FormEvent } from 'react';
import { DEFAULT_VOTE_OPTIONS, MAX_VOTE_OPTIONS, MIN_VOTE_OPTIONS } from '../../../common/votes.ts';
import type { VoteInfo } from '../../../common/meeting.ts';
import { CloseIcon } from '../../app/icons.tsx';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { currentAgendaItem } from '../floor/floorState.ts';
import { useAction, useBriefing, usePermissions } from '../meeting/briefing.tsx';
import { VoteBars } from './VoteBars.tsx';
import { VoteCountdown } from './VoteCountdown.tsx';
import { cleanOptions, liveCounts, outcome } from './voteState.ts';
import './votes.css';

export const DURATION_OPTIONS = [30, 60, 120, 300, 600] as const;

function OpenVoteForm() {
  const { t } = useI18n();
  const briefing = useBriefing();
  const floor = useStore(briefing.floor);
  const act = useAction();
  const [question, setQuestion] = useState('');
  const [secret, setSecret] = useState(false);
  const [options, setOptions] = useState<string[]>([...DEFAULT_VOTE_OPTIONS]);
  const [duration, setDuration] = useState<number>(120);
  const [sending, setSending] = useState(false);
  const current = currentAgendaItem(floor.agenda);
  const cleaned = cleanOptions(options);
  const valid = question.trim().length > 0 && cleaned.length >= MIN_VOTE_OPTIONS;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!valid || sending) return;
    setSending(true);
    const ok = await act(() =>
      briefing.session.request('openVote', {
        question: question.trim(),
        options: cleaned,
        secret,
        durationSeconds: duration,
        ...(current ? { agendaItemId: current.item.id } : {}),
      }),
    );
    setSending(false);
    if (ok) setQuestion('');
  };

  return (
    <form className="panel-section vote-form" onSubmit={submit} data-testid="vote-form">
      <h3 className="panel-heading">{t('vote.new')}</h3>
      {current && <p className="panel-note">{t('vote.forItem', { n: current.number, title: current.item.title })}</p>}
      <label className="field-label" htmlFor="vote-question">
        {t('vote.question')}
      </label>
      <textarea
        id="vote-question"
        className="input textarea"
        data-testid="vote-question"
        rows={2}
        maxLength={500}
        value={question}
        placeholder={t('vote.questionPlaceholder')}
        onChange={(e) => setQuestion(e.target.value)}
      />
      <fieldset className="segmented" aria-label={t('vote.kind')}>
        <label className={`segment${!secret ? ' is-selected' : ''}`}>
          <input type="radio" name="vote-kind" checked={!secret} onChange={() => setSecret(false)} />
          {t('vote.named')}
        </label>
        <label className={`segment${secret ? ' is-selected' : ''}`}>
          <input
            type="radio"
            name="vote-kind"
            data-testid="vote-secret"
            checked={secret}
            onChange={() => setSecret(true)}
          />
          {t('vote.secret')}
        </label>
      </fieldset>
      <span className="field-label">{t('vote.options')}</span>
      <ol className="option-inputs">
        {options.map((option, index) => (
          <li key={index} className="option-input">
            <span className="option-number">{index + 1}</span>
            <input
              className="input input--sm"
              data-testid="vote-option-input"
              maxLength={200}
              value={option}
              aria-label={t('vote.optionN', { n: index + 1 })}
              onChange={(e) => setOptions((list) => list.map((o, i) => (i === index ? e.target.value : o)))}
            />
            <button
              type="button"
              className="icon-btn"
              aria-label={t('vote.removeOption')}
              title={t('vote.removeOption')}
              disabled={options.length <= MIN_VOTE_OPTIONS}
              onClick={() => setOptions((list) => list.filter((_, i) => i !== index))}
            >
              <CloseIcon size={16} />
            </button>
          </li>
        ))}
      </ol>
      {options.length < MAX_VOTE_OPTIONS && (
        <button type="button" className="link-btn" onClick={() => setOptions((list) => [...list, ''])}>
          + {t('vote.addOption')}
        </button>
      )}
      <div className="vote-form-foot">
        <label className="turn-select">
          <span>{t('vote.duration')}</span>
          <select
            className="select select--sm"
            data-testid="vote-duration"
            value={duration}
            onChange={(e) => setDuration(Number(e.target.value))}
          >
            {DURATION_OPTIONS.map((seconds) => (
              <option key={seconds} value={seconds}>
                {seconds < 60 ? t('vote.seconds', { n: seconds }) : t('floor.minutes', { n: seconds / 60 })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-primary btn-sm" data-testid="vote-open" disabled={!valid || sending}>
          {t('vote.open')}
        </button>
      </div>
    </form>
  );
}

function LiveVote({ vote }: { vote: VoteInfo }) {
  const { t } = useI18n();
  const briefing = useBriefing();
  const view = useStore(briefing.votes);
  const permissions = usePermissions();
  const act = useAction();
  const progress = view.progress?.voteId === vote.id ? view.progress : null;
  const counts = liveCounts(vote, progress);
  return (
    <section className="panel-section vote-live" data-testid="vote-live" data-vote-id={vote.id}>
      <div className="panel-heading-row">
        <p className="eyebrow">{vote.secret ? t('vote.secretOpen') : t('vote.namedOpen')}</p>
        <VoteCountdown deadline={vote.deadline} />
      </div>
      <p className="vote-question-text">{vote.question}</p>
      {progress ? (
        <>
          <p className="vote-turnout" data-testid="vote-turnout" data-cast={progress.cast}>
            {t('vote.turnout', { cast: progress.cast, eligible: progress.eligible })}
          </p>
          <span className="turnout-track">
            <span
              className="turnout-fill"
              style={{ width: `${progress.eligible ? (progress.cast / progress.eligible) * 100 : 0}%` }}
            />
          </span>
        </>
      ) : (
        <p className="vote-turnout" data-testid="vote-turnout" data-cast="0">
          {permissions.can('vote.manage') ? t('vote.waitingBallots') : t('vote.inProgress')}
        </p>
      )}
      {permissions.can('vote.manage') &&
        (counts ? (
          <VoteBars options={vote.options} counts={counts} showLeader={false} />
        ) : (
          <p className="vote-card-note" data-testid="vote-counts-hidden">
            {t('vote.awaitResult')}
          </p>
        ))}
      {progress?.ballots && progress.ballots.length > 0 && (
        <details className="ballot-list">
          <summary>{t('vote.whoVoted', { count: progress.ballots.length })}</summary>
          <ul>
            {progress.ballots.map((ballot) => (
              <li key={ballot.participantId}>
                <span>{ballot.name}</span>
                <span className="ballot-choice">{vote.options[ballot.option]}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {permissions.can('vote.manage') && (
        <button
          type="button"
          className="btn btn-danger btn-sm btn-block"
          data-testid="vote-close"
          onClick={() => void act(() => briefing.session.request('closeVote', { voteId: vote.id }))}
        >
          {t('vote.close')}
        </button>
      )}
    </section>
  );
}

export function VoteSummary({ vote }: { vote: VoteInfo }) {
  const { t } = useI18n();
  const result = outcome(vote);
  if (result.kind === 'leading') return <>{t('vote.outcomeLeading', { option: result.label })}</>;
  if (result.kind === 'tie') return <>{t('vote.outcomeTie')}</>;
  return <>{t('vote.outcomeNone')}</>;
}

function History({ votes }: { votes: VoteInfo[] }) {
  const { t } = useI18n();
  if (votes.length === 0) return null;
  return (
    <section className="panel-section">
      <h3 className="panel-heading">{t('vote.history')}</h3>
      <ol className="vote-history">
        {[...votes].reverse().map((vote) => (
          <li key={vote.id} className="vote-history-row" data-testid="vote-history-entry">
            <span className="vote-history-question">{vote.question}</span>
            <span className="vote-history-result">
              <VoteSummary vote={vote} />
              {vote.result && ` · ${t('vote.turnout', { cast: vote.result.cast, eligible: vote.result.eligible })}`}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function VotePanel() {
  const briefing = useBriefing();
  const view = useStore(briefing.votes);
  const permissions = usePermissions();
  return (
    <div className="panel-stack">
      {view.open ? <LiveVote vote={view.open} /> : permissions.can('vote.manage') && <OpenVoteForm />}
      <History votes={view.history} />
    </div>
  );
}

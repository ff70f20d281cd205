// What every participant sees of a vote over the stage: the ballot when a vote opens (for those who vote), with its
// deadline, and the announced result when it closes (it gives the stage back by itself after a while; the votes tab
// keeps it).
import { useEffect } from 'react';
import { BallotIcon, CheckIcon } from '../../app/briefingIcons.tsx';
import { CloseIcon } from '../../app/icons.tsx';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction, useBriefing, usePermissions } from '../meeting/briefing.tsx';
import { VoteBars } from './VoteBars.tsx';
import { VoteCountdown } from './VoteCountdown.tsx';
import { VoteSummary } from './VotePanel.tsx';

const RESULT_VISIBLE_MS = 30_000;

function Ballot() {
  const { t } = useI18n();
  const briefing = useBriefing();
  const view = useStore(briefing.votes);
  const act = useAction();
  const vote = view.open;
  if (!vote) return null;
  const voted = view.myChoice !== null || view.alreadyVoted;
  return (
    <div
      className="vote-card"
      data-testid="vote-ballot"
      data-vote-id={vote.id}
      role="dialog"
      aria-labelledby="ballot-q"
    >
      <div className="vote-card-head">
        <span className="vote-card-kind">
          <BallotIcon size={18} />
          {vote.secret ? t('vote.secretOpen') : t('vote.namedOpen')}
        </span>
        <VoteCountdown deadline={vote.deadline} />
      </div>
      <p id="ballot-q" className="vote-card-question">
        {vote.question}
      </p>
      {voted ? (
        <p className="vote-card-done" data-testid="vote-cast" role="status">
          <CheckIcon size={18} />
          {view.myChoice !== null
            ? t('vote.youChose', { option: vote.options[view.myChoice] ?? '' })
            : t('vote.alreadyVoted')}
          <span className="vote-card-wait">{t('vote.awaitResult')}</span>
        </p>
      ) : (
        <div className="vote-options">
          {vote.options.map((option, index) => (
            <button
              key={index}
              type="button"
              className="vote-option"
              data-testid="vote-option"
              data-option={index}
              onClick={() => void act(() => briefing.votes.cast(vote.id, index))}
            >
              {option}
            </button>
          ))}
        </div>
      )}
      {vote.secret && !voted && <p className="vote-card-note">{t('vote.secretNote')}</p>}
    </div>
  );
}

function Result() {
  const { t } = useI18n();
  const briefing = useBriefing();
  const view = useStore(briefing.votes);
  const vote = view.announced;
  const { votes } = briefing;
  useEffect(() => {
    if (!vote) return;
    const timer = setTimeout(() => votes.dismissAnnouncement(), RESULT_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [vote, votes]);
  if (!vote || !vote.result) return null;
  return (
    <div
      className="vote-card vote-card--result"
      data-testid="vote-result"
      data-vote-id={vote.id}
      data-counts={vote.result.counts.join(',')}
      role="status"
    >
      <div className="vote-card-head">
        <span className="vote-card-kind">
          <BallotIcon size={18} />
          {t('vote.result')}
        </span>
        <button
          type="button"
          className="icon-btn icon-btn--light"
          data-testid="vote-result-close"
          aria-label={t('common.close')}
          onClick={() => briefing.votes.dismissAnnouncement()}
        >
          <CloseIcon size={18} />
        </button>
      </div>
      <p className="vote-card-question">{vote.question}</p>
      <p className="vote-card-outcome">
        <VoteSummary vote={vote} />
      </p>
      <VoteBars options={vote.options} counts={vote.result.counts} showLeader />
      <p className="vote-card-note">
        {t('vote.turnout', { cast: vote.result.cast, eligible: vote.result.eligible })}
        {vote.secret ? ` · ${t('vote.secret')}` : ` · ${t('vote.named')}`}
      </p>
    </div>
  );
}

export function VoteOverlays() {
  const permissions = usePermissions();
  const view = useStore(useBriefing().votes);
  const showBallot = view.open !== null && permissions.can('vote.cast');
  if (!showBallot && !view.announced) return null;
  return <div className="stage-overlays">{showBallot ? <Ballot /> : <Result />}</div>;
}

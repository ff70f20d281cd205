// Per-option counts as horizontal bars, for the chair's live count and the announced result.
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatPercent } from '../status/statusState.ts';
import { tallyRows } from './voteState.ts';

export function VoteBars({
  options,
  counts,
  showLeader,
}: {
  options: string[];
  counts: number[];
  showLeader: boolean;
}) {
  const { locale } = useI18n();
  return (
    <ul className="vote-bars">
      {tallyRows(options, counts).map((row) => (
        <li
          key={row.index}
          className={`vote-bar${showLeader && row.leading ? ' vote-bar--leading' : ''}`}
          data-testid="vote-count"
          data-option={row.index}
          data-count={row.count}
        >
          <div className="vote-bar-line">
            <span className="vote-bar-label">{row.label}</span>
            <span className="vote-bar-figure">
              <strong>{row.count}</strong> · {formatPercent(row.percent, locale)}%
            </span>
          </div>
          <span className="vote-bar-track">
            <span className="vote-bar-fill" style={{ width: `${row.percent}%` }} />
          </span>
        </li>
      ))}
    </ul>
  );
}

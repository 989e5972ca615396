/**
 * Notices for the person (bad URL values, refused settings, errors), each dismissible, and the reason
 * training stopped (divergence or an error), shown prominently until the next run. Several notices form
 * one group with "Dismiss all", and past COLLAPSED_COUNT only the newest ones show until "Show all", so a
 * link with five bad keys costs the screen a few lines, not five banners, and news from the run (a
 * recovery, a restarted worker) is never folded away behind older notices. Text only: notices are rendered
 * as text nodes, never as markup.
 */
import { useState } from 'react';
import type { Notice, TrainingStatus } from '../../app/store';
import { useActions, usePlayground } from '../StoreContext';
import { divergenceAdvice } from '../../app/divergence';

const TONE_LABEL: Record<Notice['tone'], string> = { info: 'Note', warning: 'Warning', error: 'Error' };

/** Notices shown before "Show all" when there are more. */
const COLLAPSED_COUNT = 2;

/** The banner's first words: what the status message means for the run. */
function statusHeading(status: TrainingStatus): string {
  if (status === 'diverged') return 'Training diverged. ';
  if (status === 'playing') return 'The worker reported a problem; training goes on. ';
  if (status === 'error') return 'Training cannot run. ';
  return 'Training stopped. ';
}

export function NoticeBar() {
  const notices = usePlayground((s) => s.notices);
  const status = usePlayground((s) => s.status);
  const config = usePlayground((s) => s.config);
  const divergedAt = usePlayground((s) => Object.values(s.models).find((m) => m.divergedAt !== null)?.divergedAt ?? null);
  const workerMessage = usePlayground((s) => s.statusMessage);
  const statusMessage = status === 'diverged' && !workerMessage ? divergenceAdvice(config, divergedAt) : workerMessage;
  const { dismissNotice, dismissAllNotices } = useActions();
  const [expanded, setExpanded] = useState(false);

  // An error is both the status message and a notice (store.ts): show it once, as the status message.
  const shown = notices.filter((n) => n.text !== statusMessage);
  if (shown.length === 0 && !statusMessage) return null;
  const hidden = expanded ? 0 : Math.max(0, shown.length - COLLAPSED_COUNT);
  return (
    <div className="lp-notices">
      {statusMessage && (
        <div className="lp-status-message" role="alert" data-testid="status-message" data-status={status}>
          <strong>{statusHeading(status)}</strong>
          {statusMessage}
        </div>
      )}
      {shown.length > 1 && (
        <div className="lp-notice-group" role="group" aria-label="Notices">
          <span>{shown.length} notices</span>
          {shown.length > COLLAPSED_COUNT && (
            <button type="button" className="lp-button lp-dismiss" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
              {expanded ? 'Show fewer' : `Show all ${shown.length}`}
            </button>
          )}
          <button type="button" className="lp-button lp-dismiss" onClick={dismissAllNotices}>
            Dismiss all
          </button>
        </div>
      )}
      {shown.slice(hidden).map((notice) => (
        <div
          key={notice.id}
          className={`lp-notice lp-${notice.tone}`}
          role={notice.tone === 'error' ? 'alert' : 'status'}
          data-testid="notice"
        >
          <span className="lp-notice-tone">{TONE_LABEL[notice.tone]}:</span> <span className="lp-notice-text">{notice.text}</span>
          <button type="button" className="lp-button lp-dismiss" onClick={() => dismissNotice(notice.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}

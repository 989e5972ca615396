/**
 * Notices for the person (bad URL values, refused settings, errors), each dismissible, and the reason
 * training stopped (divergence or an error), shown prominently until the next run. Several notices form
 * one group with "Dismiss all", and past COLLAPSED_COUNT only the first ones show until "Show all", so a
 * link with five bad keys costs the screen a few lines, not five banners. Text only: notices are rendered
 * as text nodes, never as markup.
 */
import { useState } from 'react';
import type { Notice } from '../../app/store';
import { useActions, usePlayground } from '../StoreContext';

const TONE_LABEL: Record<Notice['tone'], string> = { info: 'Note', warning: 'Warning', error: 'Error' };

/** Notices shown before "Show all" when there are more. */
const COLLAPSED_COUNT = 2;

export function NoticeBar() {
  const notices = usePlayground((s) => s.notices);
  const statusMessage = usePlayground((s) => s.statusMessage);
  const status = usePlayground((s) => s.status);
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
          <strong>{status === 'diverged' ? 'Training diverged. ' : 'Training stopped. '}</strong>
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
      {shown.slice(0, shown.length - hidden).map((notice) => (
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

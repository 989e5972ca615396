/**
 * Notices for the person (bad URL values, refused settings, errors), each dismissible, and the reason
 * training stopped (divergence or an error), shown prominently until the next run. Text only: notices
 * are rendered as text nodes, never as markup.
 */
import type { Notice } from '../../app/store';
import { useActions, usePlayground } from '../StoreContext';

const TONE_LABEL: Record<Notice['tone'], string> = { info: 'Note', warning: 'Warning', error: 'Error' };

export function NoticeBar() {
  const notices = usePlayground((s) => s.notices);
  const statusMessage = usePlayground((s) => s.statusMessage);
  const status = usePlayground((s) => s.status);
  const { dismissNotice } = useActions();

  // An error is both the status message and a notice (store.ts): show it once, as the status message.
  const shown = notices.filter((n) => n.text !== statusMessage);
  if (shown.length === 0 && !statusMessage) return null;
  return (
    <div className="lp-notices">
      {statusMessage && (
        <div className="lp-status-message" role="alert" data-testid="status-message" data-status={status}>
          <strong>{status === 'diverged' ? 'Training diverged. ' : 'Training stopped. '}</strong>
          {statusMessage}
        </div>
      )}
      {shown.map((notice) => (
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

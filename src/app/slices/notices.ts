import type { Notice, NoticeActions, NoticeState, SetState } from './types';

/** The notices slice: messages for the person, de-duplicated by text, each dismissible. */
export function createNoticeSlice(set: SetState, initial: readonly string[]): { state: NoticeState; actions: NoticeActions } {
  let noticeId = 0;
  const notify = (text: string, tone: Notice['tone'] = 'info') =>
    set((s) => ({ notices: [...s.notices.filter((n) => n.text !== text), { id: ++noticeId, text, tone }] }));
  return {
    state: { notices: initial.map((text) => ({ id: ++noticeId, text, tone: 'warning' })) },
    actions: {
      notify,
      dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
      dismissAllNotices: () => set({ notices: [] }),
    },
  };
}

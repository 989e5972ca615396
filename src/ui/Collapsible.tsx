/**
 * Collapsible panels: the settings groups, the curves and the two side columns fold away so the plot gets
 * the room (a 1024x768 projector). Each heading is a real button with aria-expanded and aria-controls, so
 * Tab then Enter or Space toggles it; after a mouse click Space still plays (keyboard.ts), as on any
 * other button. What is collapsed persists in localStorage (collapsedPanels.ts), not in the URL.
 */
import { createContext, useCallback, useContext, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { browserStorage, readCollapsed, withCollapsed, writeCollapsed, type CollapsedSet } from './collapsedPanels';

interface CollapseStore {
  collapsed: CollapsedSet;
  setCollapsed: (id: string, collapsed: boolean) => void;
}

const CollapseContext = createContext<CollapseStore | null>(null);
/** Set inside the settings column only: the Presets group in the header is a Group too and stays open. */
const GroupsCollapsible = createContext(false);

/** Holds the collapsed panels for everything below it, read once from localStorage and written on change. */
export function CollapseProvider({ children }: { children: ReactNode }) {
  const storage = useMemo(browserStorage, []);
  const [collapsed, setSet] = useState(() => readCollapsed(storage));
  const setCollapsed = useCallback((id: string, value: boolean) => setSet((prev) => withCollapsed(prev, id, value)), []);
  // Write on changes only: opening the page must not rewrite (or "repair") what another tab stored.
  const loaded = useRef(collapsed);
  useEffect(() => {
    if (collapsed !== loaded.current) writeCollapsed(storage, collapsed);
  }, [storage, collapsed]);
  const value = useMemo(() => ({ collapsed, setCollapsed }), [collapsed, setCollapsed]);
  return <CollapseContext.Provider value={value}>{children}</CollapseContext.Provider>;
}

/** Whether panel `id` is collapsed and a setter; null outside a CollapseProvider (nothing collapses). */
export function useCollapsed(id: string): [boolean, (collapsed: boolean) => void] | null {
  const store = useContext(CollapseContext);
  const set = store?.setCollapsed;
  const setThis = useCallback((value: boolean) => set?.(id, value), [set, id]);
  return store ? [store.collapsed.has(id), setThis] : null;
}

/** Makes the Groups below collapsible by their headings (controls/Group.tsx). */
export function CollapsibleGroups({ children }: { children: ReactNode }) {
  return <GroupsCollapsible.Provider value={true}>{children}</GroupsCollapsible.Provider>;
}

/** The collapse state of the Group titled `title`, or null where groups do not collapse. */
export function useGroupCollapse(title: string): [boolean, (collapsed: boolean) => void] | null {
  const inScope = useContext(GroupsCollapsible);
  const state = useCollapsed(`group:${slug(title)}`);
  return inScope ? state : null;
}

const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** A heading's disclosure button: the chevron points down when open, right when closed. */
export function DisclosureButton({ expanded, controls, onToggle, children }: { expanded: boolean; controls: string; onToggle: () => void; children: ReactNode }) {
  return (
    <button type="button" className="lp-disclosure" aria-expanded={expanded} aria-controls={controls} onClick={onToggle}>
      <span className="lp-chevron" aria-hidden="true" />
      {children}
    </button>
  );
}

/**
 * A panel with a collapsible heading, around a component that has none of its own (the curves, the
 * backend picker): collapsed, only the heading line stays. Not a labelled region (the content names
 * itself; a second "Backend" label would clash with the picker's). The body is unmounted while collapsed,
 * so hidden charts cost no drawing during training.
 */
export function CollapsiblePanel({ panel, title, className, children }: { panel: string; title: string; className: string; children: ReactNode }) {
  const bodyId = useId();
  const state = useCollapsed(panel);
  const collapsed = state?.[0] ?? false;
  return (
    <div className={`${className} pg-collapsible${collapsed ? ' lp-collapsed' : ''}`}>
      <h2>
        <DisclosureButton expanded={!collapsed} controls={bodyId} onToggle={() => state?.[1](!collapsed)}>
          {title}
        </DisclosureButton>
      </h2>
      <div id={bodyId} hidden={collapsed}>
        {!collapsed && children}
      </div>
    </div>
  );
}

/**
 * A side column that folds to a thin strip holding only its toggle (the same button element, so focus
 * stays on it), letting the plot's column take the freed width. `keepMounted` keeps the content alive
 * while hidden (the settings' form state); otherwise it is unmounted (no drawing while hidden).
 */
export function CollapsibleColumn(props: { panel: string; label: string; side: 'left' | 'right'; className: string; keepMounted?: boolean; children: ReactNode }) {
  const { panel, label, side, className, keepMounted = false, children } = props;
  const bodyId = useId();
  const state = useCollapsed(panel);
  const collapsed = state?.[0] ?? false;
  return (
    <aside className={`${className} pg-column pg-column-${side}${collapsed ? ' pg-column-collapsed' : ''}`} aria-label={label}>
      <button
        type="button"
        className="pg-column-toggle"
        aria-expanded={!collapsed}
        aria-controls={bodyId}
        title={collapsed ? `Show the ${label.toLowerCase()} column` : `Hide the ${label.toLowerCase()} column (the plot takes the room)`}
        onClick={() => state?.[1](!collapsed)}
      >
        <span className="pg-column-arrow" aria-hidden="true">
          {(side === 'left') === collapsed ? '»' : '«'}
        </span>
        <span className="pg-column-label">{label}</span>
      </button>
      <div id={bodyId} className="pg-column-body" hidden={collapsed}>
        {(keepMounted || !collapsed) && children}
      </div>
    </aside>
  );
}

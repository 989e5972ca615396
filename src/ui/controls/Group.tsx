/** A titled group of controls (a labelled region), and the note that says when its changes take effect. */
import { useId, type ReactNode } from 'react';
import { DisclosureButton, useGroupCollapse } from '../Collapsible';

/**
 * In the settings column (CollapsibleGroups) the heading is a button that folds the group to its heading
 * line; elsewhere (the presets row) the group renders as a plain titled region.
 */
export function Group({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  const id = useId();
  const bodyId = useId();
  const collapse = useGroupCollapse(title);
  if (!collapse) {
    return (
      <section className={`lp-group ${className ?? ''}`} aria-labelledby={id}>
        <h2 id={id}>{title}</h2>
        {children}
      </section>
    );
  }
  const [collapsed, setCollapsed] = collapse;
  return (
    <section className={`lp-group ${collapsed ? 'lp-collapsed ' : ''}${className ?? ''}`} aria-labelledby={id}>
      <h2 id={id}>
        <DisclosureButton expanded={!collapsed} controls={bodyId} onToggle={() => setCollapsed(!collapsed)}>
          {title}
        </DisclosureButton>
      </h2>
      {/* Kept mounted while hidden: the controls are cheap, and a half-typed field survives a fold. */}
      <div id={bodyId} className="lp-group-body" hidden={collapsed}>
        {children}
      </div>
    </section>
  );
}

/** The small line under a group of controls that says when its changes take effect. */
export function EffectNote({ children }: { children: ReactNode }) {
  return <p className="lp-effect">{children}</p>;
}

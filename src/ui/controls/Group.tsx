/** A titled group of controls (a labelled region), and the note that says when its changes take effect. */
import { useId, type ReactNode } from 'react';

export function Group({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <section className={`lp-group ${className ?? ''}`} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** The small line under a group of controls that says when its changes take effect. */
export function EffectNote({ children }: { children: ReactNode }) {
  return <p className="lp-effect">{children}</p>;
}

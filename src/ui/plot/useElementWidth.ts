/** React hooks: the content width or height of an element, kept up to date with a ResizeObserver. */
import { useEffect, useState, type RefObject } from 'react';

/** One side of `ref`'s content box, floored to whole pixels; `accept` decides which readings replace it. */
function useElementSide(
  ref: RefObject<HTMLElement | null>,
  side: 'width' | 'height',
  initial: number,
  accept: (px: number) => boolean,
): number {
  const [size, setSize] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const px = Math.floor(entries[0].contentRect[side]);
      if (accept(px)) setSize(px);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, side, accept]); // accept: a module-level constant at both call sites
  return size;
}

const positive = (px: number) => px > 0;
const any = () => true;

/** Width in CSS pixels of `ref`'s element (`fallback` until it is measured, or without ResizeObserver). */
export function useElementWidth(ref: RefObject<HTMLElement | null>, fallback = 480): number {
  return useElementSide(ref, 'width', fallback, positive);
}

/** Content height in CSS pixels of `ref`'s element (0 until measured, or without ResizeObserver). */
export function useElementHeight(ref: RefObject<HTMLElement | null>): number {
  return useElementSide(ref, 'height', 0, any);
}

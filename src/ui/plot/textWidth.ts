/**
 * The width of a text as the page draws it, for laying out SVG labels before they exist: a canvas's
 * measureText in the page's own font. Without a canvas (tests in Node) a generous estimate stands in
 * (0.7 em per character bold, 0.62 em plain, wider than DejaVu Sans and most UI fonts).
 */
let context: CanvasRenderingContext2D | null | undefined;
let family = 'sans-serif';

function measuringContext(): CanvasRenderingContext2D | null {
  if (context !== undefined) return context;
  context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (context && typeof getComputedStyle === 'function' && document.body) family = getComputedStyle(document.body).fontFamily || family;
  return context;
}

export function textWidth(text: string, fontPx: number, bold = false): number {
  const ctx = measuringContext();
  if (!ctx) return text.length * fontPx * (bold ? 0.7 : 0.62);
  ctx.font = `${bold ? 'bold ' : ''}${fontPx}px ${family}`;
  return ctx.measureText(text).width;
}

/**
 * The figure exports: the decision plot as it is on screen (one panel, or every panel of a comparison in
 * its grid), or the curves beside it, composed into one picture with a caption naming the configuration.
 *   PNG: the heatmap, contour and point canvases and the SVG overlay (axes, boundary, points, attack)
 *        painted in order at `scale` times the screen size.
 *   SVG: the overlay as vectors, the canvases embedded under it as <image> data URLs, the caption as text.
 * Styles the page sets by CSS (axes, frame) are written into the copy, so the file looks the same alone.
 */

/** One plot or chart of the page: its stage's place in the figure and what it is drawn with. */
interface PanelSource {
  left: number;
  top: number;
  width: number;
  height: number;
  canvases: HTMLCanvasElement[];
  overlay: SVGSVGElement | null;
  /** The comparison panel's name ("τ = 0.5") or the chart's title; "" for the single plot. */
  label: string;
  /** A chart's series, drawn as keys between the label and the chart. */
  keys: SeriesKey[];
}

/** A composed figure: panels placed in a box of `width` x `height` CSS pixels, caption under them. */
export interface FigureLayout {
  width: number;
  height: number;
  panels: PanelSource[];
  /** The caption, wrapped at ' · ' to the figure's width. */
  caption: string[];
}

const PAD = 8;
const LABEL_PX = 16;
const CAPTION_LINE_PX = 18;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const SVG_NS = 'http://www.w3.org/2000/svg';

/** The CSS properties copied onto the SVG copy's elements (what plot.css sets on the overlay). */
const STYLE_PROPS = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'opacity',
  'font-size', 'font-family', 'font-weight', 'display', 'visibility',
] as const;
/** Parts of the overlay that follow the pointer or the drawing tools: not part of a figure. */
const TRANSIENT = '.hover-circle, .dp-drawing';

/** One series' key of a chart: its line's look and its name. */
interface SeriesKey {
  name: string;
  color: string;
  dash: string | null;
}

/** A chart's series keys, read from its head (LineChart's .chart-key: a short line, then the name). */
function chartKeys(chart: Element | null): SeriesKey[] {
  return Array.from(chart?.querySelectorAll('.chart-key') ?? [], (key) => {
    const line = key.querySelector('line');
    return { name: key.textContent ?? '', color: line?.getAttribute('stroke') ?? '#333', dash: line?.getAttribute('stroke-dasharray') ?? null };
  });
}

const KEY_PX = 16;
const MIN_WIDTH_PX = 420;

/** What `figureLayout` places: a stage (its canvases and overlay), named, with series keys for a chart. */
function source(stage: Element, label: string, keys: SeriesKey[], left: number, top: number): PanelSource {
  const r = stage.getBoundingClientRect();
  const alone = stage instanceof SVGSVGElement; // the colour bar: a vector drawing by itself
  return {
    left,
    top,
    width: r.width,
    height: r.height,
    canvases: alone ? [] : Array.from(stage.querySelectorAll<HTMLCanvasElement>(':scope > canvas')),
    overlay: alone ? stage : stage.querySelector<SVGSVGElement>(':scope > svg'),
    label,
    keys,
  };
}

/**
 * The figure of what `root` shows: its decision plots ('plots', inside the plot frame, placed as on
 * screen with their colour bar, and named by their comparison panel) or its line charts ('curves', inside the side column,
 * stacked, each under its title and series keys). Null when there is none on screen.
 */
export function figureLayout(root: Element, caption: string, what: 'plots' | 'curves' = 'plots'): FigureLayout | null {
  // A plot's colour bar (the single plot's legend; a comparison's shared one) goes with the plots.
  const stages = Array.from(root.querySelectorAll(what === 'plots' ? '.dp-stage, svg.color-bar' : '.chart-stage')).filter((s) => {
    const r = s.getBoundingClientRect();
    return r.width > 0 && r.height > 0; // a folded panel has none
  });
  if (stages.length === 0) return null;
  let panels: PanelSource[];
  if (what === 'plots') {
    const rects = stages.map((s) => s.getBoundingClientRect());
    const labels = stages.map((s) => s.closest('.cmp-panel')?.getAttribute('aria-label') ?? '');
    const labelBand = labels.some(Boolean) ? LABEL_PX : 0;
    const x0 = Math.min(...rects.map((r) => r.left));
    const y0 = Math.min(...rects.map((r) => r.top));
    panels = stages.map((stage, i) => source(stage, labels[i], [], PAD + rects[i].left - x0, PAD + labelBand + rects[i].top - y0));
  } else {
    let y = PAD;
    panels = stages.map((stage) => {
      const chart = stage.closest('.line-chart');
      const label = chart?.querySelector('.chart-title')?.textContent ?? '';
      const keys = chartKeys(chart);
      y += (label ? LABEL_PX : 0) + keys.length * KEY_PX;
      const panel = source(stage, label, keys, PAD, y);
      y += panel.height + PAD;
      return panel;
    });
  }
  const width = Math.max(MIN_WIDTH_PX, Math.ceil(Math.max(...panels.map((p) => p.left + p.width)) + PAD));
  const lines = wrapCaption(caption, width - 2 * PAD);
  const height = Math.ceil(Math.max(...panels.map((p) => p.top + p.height)) + lines.length * CAPTION_LINE_PX + PAD);
  return { width, height, panels, caption: lines };
}

/** The caption in lines no wider than `widthPx` at 13 px, broken between words (best between ' · ' parts). */
function wrapCaption(caption: string, widthPx: number): string[] {
  const ctx = document.createElement('canvas').getContext('2d');
  const measure = (text: string) => (ctx ? ((ctx.font = `13px ${FONT}`), ctx.measureText(text).width) : text.length * 7);
  const lines: string[] = [];
  for (const part of caption.split(' · ')) {
    const last = lines.length - 1;
    if (last >= 0 && measure(`${lines[last]} · ${part}`) <= widthPx) {
      lines[last] = `${lines[last]} · ${part}`;
      continue;
    }
    // A new line for the part, itself broken between words when it is wider than the figure.
    let line = '';
    for (const word of part.split(' ')) {
      if (line && measure(`${line} ${word}`) > widthPx) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}

/** The baseline of the label above a panel, and of each of its keys. */
function labelY(p: PanelSource): number {
  return p.top - 4 - p.keys.length * KEY_PX;
}
function keyY(p: PanelSource, i: number): number {
  return p.top - 4 - (p.keys.length - 1 - i) * KEY_PX;
}

/** The baseline of caption line `i`. */
function captionY(layout: FigureLayout, i: number): number {
  return layout.height - PAD - 4 - (layout.caption.length - 1 - i) * CAPTION_LINE_PX;
}

/** A copy of an overlay with the page's computed styles written in and the pointer's marks left out. */
function standaloneOverlay(svg: SVGSVGElement): SVGSVGElement {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const copies = [copy, ...Array.from(copy.querySelectorAll('*'))];
  originals.forEach((el, i) => {
    // As presentation attributes, not a style attribute: the page's CSP (style-src 'self') refuses those.
    const computed = getComputedStyle(el);
    for (const p of STYLE_PROPS) copies[i].setAttribute(p, computed.getPropertyValue(p));
    copies[i].removeAttribute('style');
    copies[i].removeAttribute('class');
  });
  // Classes are gone from the copy: find the transient parts through the originals' order.
  originals.forEach((el, i) => {
    if (el.matches(TRANSIENT)) copies[i].remove();
  });
  copy.removeAttribute('role');
  copy.setAttribute('xmlns', SVG_NS);
  return copy;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The figure as one SVG document (canvases embedded as PNG data URLs under each vector overlay). */
export function figureSvg(layout: FigureLayout): string {
  const parts: string[] = [
    `<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family='${FONT}'>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  for (const p of layout.panels) {
    if (p.label) parts.push(`<text x="${p.left}" y="${labelY(p)}" font-size="13" font-weight="600" fill="#222">${escapeXml(p.label)}</text>`);
    p.keys.forEach((k, i) => {
      const y = keyY(p, i) - 4;
      const dash = k.dash ? ` stroke-dasharray="${escapeXml(k.dash)}"` : '';
      parts.push(`<line x1="${p.left}" x2="${p.left + 22}" y1="${y}" y2="${y}" stroke="${escapeXml(k.color)}" stroke-width="2.5"${dash}/>`);
      parts.push(`<text x="${p.left + 28}" y="${keyY(p, i)}" font-size="12" fill="#333">${escapeXml(k.name)}</text>`);
    });
    parts.push(`<g transform="translate(${p.left},${p.top})">`);
    for (const c of p.canvases) {
      if (c.width === 0 || c.height === 0) continue;
      parts.push(`<image width="${p.width}" height="${p.height}" preserveAspectRatio="none" href="${c.toDataURL('image/png')}"/>`);
    }
    if (p.overlay) {
      const overlay = standaloneOverlay(p.overlay);
      overlay.setAttribute('x', '0');
      overlay.setAttribute('y', '0');
      parts.push(new XMLSerializer().serializeToString(overlay));
    }
    parts.push('</g>');
  }
  layout.caption.forEach((line, i) => parts.push(`<text x="${PAD}" y="${captionY(layout, i)}" font-size="13" fill="#333">${escapeXml(line)}</text>`));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('the plot overlay could not be drawn as an image'));
    image.src = url;
  });
}

/** The figure as a PNG at `scale` times its size on screen. */
export async function figurePng(layout: FigureLayout, scale = 2): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(layout.width * scale);
  canvas.height = Math.round(layout.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser gives no 2-D canvas to draw the figure on');
  ctx.scale(scale, scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, layout.width, layout.height);
  for (const p of layout.panels) {
    if (p.label) {
      ctx.fillStyle = '#222222';
      ctx.font = `600 13px ${FONT}`;
      ctx.fillText(p.label, p.left, labelY(p));
    }
    p.keys.forEach((k, i) => {
      const y = keyY(p, i) - 4;
      ctx.save();
      ctx.strokeStyle = k.color;
      ctx.lineWidth = 2.5;
      ctx.setLineDash(k.dash ? k.dash.split(/[\s,]+/).map(Number).filter(Number.isFinite) : []);
      ctx.beginPath();
      ctx.moveTo(p.left, y);
      ctx.lineTo(p.left + 22, y);
      ctx.stroke();
      ctx.restore();
      ctx.fillStyle = '#333333';
      ctx.font = `12px ${FONT}`;
      ctx.fillText(k.name, p.left + 28, keyY(p, i));
    });
    for (const c of p.canvases) if (c.width > 0 && c.height > 0) ctx.drawImage(c, p.left, p.top, p.width, p.height);
    if (p.overlay) {
      const overlay = standaloneOverlay(p.overlay);
      // Rasterised at the figure's scale, so lines and text stay sharp.
      overlay.setAttribute('width', String(p.width * scale));
      overlay.setAttribute('height', String(p.height * scale));
      overlay.setAttribute('viewBox', `0 0 ${p.width} ${p.height}`);
      const text = new XMLSerializer().serializeToString(overlay);
      const image = await loadImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`);
      ctx.drawImage(image, p.left, p.top, p.width, p.height);
    }
  }
  ctx.fillStyle = '#333333';
  ctx.font = `13px ${FONT}`;
  layout.caption.forEach((line, i) => ctx.fillText(line, PAD, captionY(layout, i)));
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the figure could not be encoded as PNG'))), 'image/png'),
  );
}

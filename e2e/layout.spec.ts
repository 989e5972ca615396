import { expect, test } from '@playwright/test';
import { decisionPlot, expectInViewport, expectNoPageScroll, openPlayground, watchErrors } from './helpers';

// The lecture screen: at a 1024x768 projector and at 1920x1080, in normal and presentation mode, the plot,
// the live loss control and the Play button are wholly inside the window, and the page does not scroll.

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1400, height: 900 },
  { width: 1920, height: 1080 },
];

for (const size of SIZES) {
  for (const presentation of [false, true]) {
    const mode = presentation ? 'presentation' : 'normal';
    for (const query of ['', '?loss=hkr&view=certificate']) {
      test(`one screen at ${size.width}x${size.height}, ${mode} mode${query ? `, ${query}` : ''}: plot, live control and Play in view, no scrolling`, async ({ page }) => {
        const errors = watchErrors(page);
        await page.setViewportSize(size);
        await openPlayground(page, query);
        if (presentation) await page.getByRole('button', { name: 'Presentation', exact: true }).click();
        const plotImage = decisionPlot(page).getByRole('img', { name: /^Decision plot/ });
        await expect(plotImage).toBeVisible();
        // Let the plot settle to its fitted size (ResizeObserver round trips).
        await expect
          .poll(async () => (await plotImage.boundingBox())?.height ?? 0, { timeout: 10_000 })
          .toBeGreaterThan(200);

        await expectInViewport(page, decisionPlot(page).locator('canvas').first(), 'the plot canvas');
        await expectInViewport(page, plotImage, 'the plot');
        const control = query.includes('hkr') ? page.getByLabel('Hinge weight α') : page.getByLabel('Temperature τ');
        await expectInViewport(page, control, 'the live loss control');
        if (query.includes('hkr')) await expectInViewport(page, page.getByLabel('Margin m'), 'the margin control');
        await expectInViewport(page, page.getByRole('button', { name: 'Play' }), 'the Play button');
        await expectInViewport(page, page.getByTestId('metric-step'), 'the step count');
        await expectNoPageScroll(page);
        expect(errors).toEqual([]);
      });
    }
  }
}

// The colour bar's words (its label, a mark's text such as the gradient view's "1: max for 1-Lipschitz
// nets", tick numbers, end labels) never run into each other, however wide the bar is.
for (const size of [SIZES[0], SIZES[2]]) {
  for (const presentation of [false, true]) {
    for (const view of ['f', 'certificate', 'gradient']) {
      test(`the colour bar's texts do not overlap at ${size.width}x${size.height}, ${presentation ? 'presentation' : 'normal'} mode, ${view} view`, async ({ page }) => {
        await page.setViewportSize(size);
        await openPlayground(page, `?view=${view}`);
        if (presentation) await page.getByRole('button', { name: 'Presentation', exact: true }).click();
        const texts = decisionPlot(page).locator('svg.color-bar text');
        await expect.poll(() => texts.count()).toBeGreaterThan(3);
        // Every pair of non-empty texts: their boxes share at most half a pixel either way.
        const overlaps = await texts.evaluateAll((nodes) => {
          const boxes = nodes.filter((n) => (n.textContent ?? '').trim() !== '').map((n) => ({ text: n.textContent, r: n.getBoundingClientRect() }));
          const found: string[] = [];
          for (let i = 0; i < boxes.length; i++) {
            for (let j = i + 1; j < boxes.length; j++) {
              const [a, b] = [boxes[i].r, boxes[j].r];
              const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
              const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
              if (w > 0.5 && h > 0.5) found.push(`"${boxes[i].text}" and "${boxes[j].text}"`);
            }
          }
          return found;
        });
        expect(overlaps).toEqual([]);
      });
    }
  }
}

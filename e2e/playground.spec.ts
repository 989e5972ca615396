import { expect, test } from '@playwright/test';

for (const q of ['hidden=16,16&n=200', 'n=200', 'hidden=32,32&n=200&batch=64', 'model=standard&act=relu&loss=bce&opt=sgd&lr=10', 'model=standard&act=relu&loss=kr&opt=sgd&lr=10', 'model=standard&act=relu&loss=hinge&lr=10']) {
test('explore ' + q, async ({ page }) => {
  await page.goto('/?' + q);
  await expect(page.getByTestId('metric-backend')).toHaveText(/^(webgpu|webgl|wasm|cpu)$/);
  await page.getByRole('button', { name: 'Play' }).click();
  const t0 = Date.now();
  let s = '';
  for (let i = 0; i < 5; i++) {
    await page.waitForTimeout(2000);
    s += ' ' + (await page.getByTestId('step').textContent()) + '/' + (await page.getByTestId('metric-tensors').textContent()) + '/' + (await page.getByTestId('metric-loss').textContent()) + '/' + (await page.getByTestId('status').textContent());
  }
  console.log(q, await page.getByTestId('metric-backend').textContent(), Date.now() - t0, s, await page.getByTestId('status-message').textContent({timeout: 100}).catch(() => 'none'));
});
}

import { expect, test } from '@playwright/test';

for (const q of ['hidden=8,8', 'hidden=16', 'model=standard&hidden=16,16', 'hidden=8,8&backend=cpu', 'hidden=8,8&backend=webgl']) {
test('explore ' + q, async ({ page }) => {
  await page.goto('/?' + q);
  await expect(page.getByTestId('metric-backend')).toHaveText(/^(webgpu|webgl|wasm|cpu)$/);
  await page.getByRole('button', { name: 'Play' }).click();
  const t0 = Date.now();
  let s = '';
  for (let i = 0; i < 5; i++) {
    await page.waitForTimeout(2000);
    s += ' ' + (await page.getByTestId('step').textContent()) + '/' + (await page.getByTestId('metric-tensors').textContent());
  }
  console.log(q, await page.getByTestId('metric-backend').textContent(), Date.now() - t0, s);
});
}

import { expect, test } from '@playwright/test';
import { fixture, importPaths, openApp } from './helpers';

test('a hostile item cannot run script or reach the Go bindings', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const navigations: string[] = [];
  page.on('framenavigated', (f) => navigations.push(f.url()));

  await openApp(page);
  const report = await importPaths(page, [fixture('hostile')]);
  expect(report.failed).toEqual([]);

  await page.getByTestId('search-input').fill('harmless');
  await page.getByTestId('search-result').first().click();
  await expect(page.getByTestId('item-title')).toHaveText('Totally harmless article');
  const content = page.getByTestId('item-content');
  await expect(content).toContainText('Normal text stays');

  // Nothing executable survived sanitising.
  const found = await content.evaluate((root) => {
    const bad: string[] = [];
    for (const el of Array.from(root.querySelectorAll('*'))) {
      const tag = el.tagName.toLowerCase();
      if (['script', 'iframe', 'form', 'input', 'object', 'embed', 'svg', 'style', 'frame'].includes(tag)) bad.push(tag);
      for (const a of Array.from(el.attributes)) {
        if (a.name.startsWith('on') || a.name === 'style') bad.push(`${tag}[${a.name}]`);
        if (['href', 'src', 'action', 'formaction'].includes(a.name) && /^\s*(javascript|data|vbscript):/i.test(a.value)) {
          bad.push(`${tag}[${a.name}=${a.value}]`);
        }
      }
    }
    return bad;
  });
  expect(found).toEqual([]);

  // Interact with everything that is left: hover and click every element.
  const start = page.url();
  for (const el of await content.locator('*').all()) {
    await el.hover({ force: true }).catch(() => {});
    await el.click({ force: true }).catch(() => {});
  }
  await page.waitForTimeout(300);

  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(page.url()).toBe(start);
  expect(navigations.filter((u) => u !== start && !u.startsWith('http://localhost'))).toEqual([]);

  // The script in the item would have bookmarked it through the bindings.
  const marked = await page.evaluate(async () => {
    const ov = await (window as any).go.app.LibraryService.Overview('');
    return ov.bookmarks.map((b: { id: string }) => b.id);
  });
  expect(marked).not.toContain('e2e-hostile/evil');
});

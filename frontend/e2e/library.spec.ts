import { expect, test } from '@playwright/test';
import { fixture, importPaths, openApp } from './helpers';

test.describe.configure({ mode: 'serial' });

test('first run shows the built-in Getting started pack', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('sidebar-home')).toBeVisible();
  await page.getByTestId('search-input').fill('keyboard');
  await expect(page.getByTestId('search-result').first()).toBeVisible();
});

test('import a pack, browse by topic, open an item, copy a snippet', async ({ page }) => {
  await openApp(page);
  const report = await importPaths(page, [fixture('field-pack')]);
  expect(report.failed).toEqual([]);
  const added = report.packs.reduce((n, p) => n + p.added + p.unchanged, 0);
  expect(added).toBe(3);

  // The sidebar learns about the new topic through library:changed.
  const topic = page.getByTestId('sidebar-topic-network');
  await expect(topic).toBeVisible();
  await expect(topic).toContainText('2');
  await topic.click();
  const rows = page.getByTestId('item-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Check a host answers');

  await rows.filter({ hasText: 'Reset a site router' }).click();
  await expect(page.getByTestId('item-title')).toHaveText('Reset a site router');
  await expect(page.getByTestId('key-points')).toContainText('Hold reset for 10 seconds');
  await expect(page.getByTestId('item-source')).toContainText('Inflow e2e');
  await expect(page.getByTestId('item-content').locator('strong')).toHaveText('10 seconds');

  // Copy goes through the Go runtime into the real (Xvfb) clipboard.
  const copy = page.getByTestId('copy-button').first();
  await copy.click();
  await expect(copy).toContainText('Copied');
  const clip = await page.evaluate(() => (window as any).runtime.ClipboardGetText() as Promise<string>);
  expect(clip).toBe('ping -c 3 192.0.2.1');
});

test('search as you type, open a result with the keyboard, bookmark it', async ({ page }) => {
  await openApp(page);
  const input = page.getByTestId('search-input');
  await page.keyboard.press('Control+k');
  await expect(input).toBeFocused();
  await input.pressSequentially('hard ha', { delay: 30 });
  const results = page.getByTestId('search-result');
  await expect(results.first()).toContainText('Hard hat zones');
  await input.press('Enter');
  await expect(page.getByTestId('item-title')).toHaveText('Hard hat zones');

  await page.getByTestId('bookmark-button').click();
  await expect(page.getByTestId('bookmark-button')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('sidebar-bookmarks').click();
  await expect(page.getByTestId('item-row').filter({ hasText: 'Hard hat zones' })).toBeVisible();

  // Recently viewed lists what was opened, newest first.
  await page.getByTestId('sidebar-recent').click();
  await expect(page.getByTestId('item-row').first()).toContainText('Hard hat zones');
});

test('bad input: a broken pack is refused with its file named, nothing stored', async ({ page }) => {
  await openApp(page);
  const report = await importPaths(page, [fixture('broken-pack')]);
  expect(report.packs).toEqual([]);
  expect(report.failed).toHaveLength(1);
  expect(report.failed[0].error).toContain('bad.md');
  await page.getByTestId('search-input').fill('should never be stored');
  await expect(page.getByTestId('search-empty')).toBeVisible();
});

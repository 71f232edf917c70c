import { expect, test } from '@playwright/test';
import { fixture, importPaths, openApp } from './helpers';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await openApp(page);
  const report = await importPaths(page, [fixture('field-pack')]);
  expect(report.failed).toEqual([]);
});

test('keyboard only: type, move, open, then run it again from the recent searches', async ({ page }) => {
  const input = page.getByTestId('search-input');
  await page.keyboard.press('Control+k');
  await expect(input).toBeFocused();
  await input.pressSequentially('router', { delay: 40 });
  const results = page.getByTestId('search-result');
  await expect(results.first()).toContainText('Reset a site router');
  await expect(input).toHaveAttribute('aria-expanded', 'true');
  const first = await results.first().getAttribute('id');
  await expect(input).toHaveAttribute('aria-activedescendant', first!);
  await expect(results.first()).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('search-total')).toContainText('result');

  await page.keyboard.press('End');
  await page.keyboard.press('Home');
  await expect(results.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('item-title')).toHaveText('Reset a site router');

  // The search that led somewhere is remembered (by Go) and offered in an empty box.
  await page.keyboard.press('Control+k');
  await page.keyboard.press('Backspace');
  await expect(input).toHaveValue('');
  const recent = page.getByTestId('search-recent');
  await expect(recent.first()).toHaveText('router');
  await page.keyboard.press('ArrowDown');
  await expect(recent.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(input).toHaveValue('router');
  await expect(results.first()).toContainText('Reset a site router');

  // Esc clears, a second Esc closes.
  await page.keyboard.press('Escape');
  await expect(input).toHaveValue('');
  await expect(results).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('search-panel')).toHaveCount(0);
  await expect(input).not.toBeFocused();
  await expect(page.getByTestId('item-title')).toHaveText('Reset a site router');
});

test('every keystroke is answered and the last one wins', async ({ page }) => {
  const input = page.getByTestId('search-input');
  await input.click();
  await input.pressSequentially('hard hat z', { delay: 5 });
  const results = page.getByTestId('search-result');
  await expect(results.first()).toContainText('Hard hat zones');
  await input.pressSequentially('qqqq', { delay: 5 });
  await expect(page.getByTestId('search-empty')).toContainText('No results for “hard hat zqqqq”');
  await expect(results).toHaveCount(0);
});

test('kind: filters, shown as a chip that removes it', async ({ page }) => {
  const input = page.getByTestId('search-input');
  await input.click();
  const results = page.getByTestId('search-result');
  await input.pressSequentially('zones kind:snippet', { delay: 20 });
  await expect(page.getByTestId('search-chip')).toContainText('Snippet');
  // Whatever the engine finds, it is a snippet, so never the rule "Hard hat zones".
  await expect(results.filter({ hasText: 'Hard hat zones' })).toHaveCount(0);
  await expect(results.filter({ hasNotText: 'Snippet' })).toHaveCount(0);

  await input.fill('zones kind:rule');
  const chip = page.getByTestId('search-chip');
  await expect(chip).toContainText('kind:');
  await expect(chip).toContainText('Rule');
  await expect(results.first()).toContainText('Hard hat zones');
  await expect(results.filter({ hasNotText: 'Rule' })).toHaveCount(0);

  await chip.getByRole('button').click();
  await expect(input).toHaveValue('zones');
  await expect(input).toBeFocused();
  await expect(chip).toHaveCount(0);
  await expect(results.first()).toContainText('Hard hat zones');
});

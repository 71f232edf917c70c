import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';

test.describe.configure({ mode: 'serial' });

type DesktopStatus = { autostart: boolean; autostartAsked: boolean; shortcut: string; shortcutActive: boolean };

/** DesktopService.Status() straight from Go. */
function desktopStatus(page: Page): Promise<DesktopStatus> {
  return page.evaluate(() => (window as any).go.app.DesktopService.Status() as Promise<DesktopStatus>);
}

/**
 * The sidebar's Quick search button calls WindowService.QuickSearch, as the
 * global shortcut does: Go turns the window into the quick panel and emits
 * quick:show, which brings up the quick view.
 */
async function openQuickSearch(page: Page) {
  await page.getByTestId('sidebar-quick-search').click();
  const quick = page.getByTestId('quick-search');
  await expect(quick).toBeVisible();
  await expect(page.getByTestId('sidebar')).toHaveCount(0);
  const input = quick.getByTestId('search-input');
  await expect(input).toBeFocused();
  await expect(input).toHaveValue('');
  return { quick, input };
}

test('quick search: open a result in the full window, copy a snippet, Esc hides', async ({ page }) => {
  await openApp(page);

  // Enter on a result: back to the full window, showing the item.
  let { quick, input } = await openQuickSearch(page);
  await input.pressSequentially('bookmarks', { delay: 30 });
  const results = quick.getByTestId('search-result');
  await expect(results.first()).toContainText('Bookmarks and recently viewed');
  await expect(results.first()).toHaveAttribute('aria-selected', 'true');
  await expect(quick.getByTestId('search-hints')).toContainText('to copy code');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('item-title')).toHaveText('Bookmarks and recently viewed');
  await expect(page.getByTestId('quick-search')).toHaveCount(0);
  await expect(page.getByTestId('sidebar')).toBeVisible();

  // Ctrl+Enter: the first code block goes to the (Xvfb) clipboard, then the window hides.
  ({ quick, input } = await openQuickSearch(page));
  await input.pressSequentially('largest files', { delay: 30 });
  await expect(quick.getByTestId('search-result').first()).toContainText('Find the largest files in a folder');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('quick-status')).toContainText('Copied');
  await expect(page.getByTestId('quick-search')).toHaveCount(0);
  const clip = await page.evaluate(() => (window as any).runtime.ClipboardGetText() as Promise<string>);
  expect(clip).toBe('du -ah . 2>/dev/null | sort -rh | head -n 20');
  // The full window is as it was.
  await expect(page.getByTestId('item-title')).toHaveText('Bookmarks and recently viewed');

  // Esc leaves quick search (Go hides the window).
  ({ quick, input } = await openQuickSearch(page));
  await input.pressSequentially('search', { delay: 20 });
  await expect(quick.getByTestId('search-result').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('quick-search')).toHaveCount(0);
  await expect(page.getByTestId('sidebar')).toBeVisible();
  await expect(page.getByTestId('item-title')).toHaveText('Bookmarks and recently viewed');
});

test('settings: Go refuses bad work hours, then saves; start at login on and off', async ({ page }) => {
  await openApp(page);
  const before = await desktopStatus(page);
  // The first-run question on the home page, until it is answered.
  await expect(page.getByTestId('review-dashboard')).toBeVisible();
  const banner = page.getByTestId('autostart-banner');
  if (!before.autostartAsked) {
    await expect(banner).toContainText('Start Inflow when you log in?');
    // The answer that leaves the login items as they were.
    await banner.getByRole('button', { name: before.autostart ? 'Start at login' : 'Not now' }).click();
    await expect(banner).toHaveCount(0);
    const after = await desktopStatus(page);
    expect(after.autostartAsked).toBe(true);
    expect(after.autostart).toBe(before.autostart);
  }
  await expect(banner).toHaveCount(0);

  await page.getByTestId('sidebar-settings').click();
  await expect(page.getByTestId('settings-view')).toBeVisible();
  await expect(page.getByTestId('desktop-status')).toBeVisible();

  // Work hours ending before they start: Go's own words, in the section.
  const start = page.getByTestId('reminders-workStart');
  const end = page.getByTestId('reminders-workEnd');
  await expect(start).toHaveValue('09:00');
  await end.fill('08:00');
  await page.getByTestId('reminders-save').click();
  await expect(page.getByTestId('reminders-error')).toContainText('work hours end 08:00 is not after their start 09:00');
  await expect(page.getByTestId('reminders-saved')).toHaveCount(0);

  await end.fill('18:00');
  await page.getByTestId('reminders-save').click();
  await expect(page.getByTestId('reminders-saved')).toBeVisible();
  await expect(page.getByTestId('reminders-error')).toHaveCount(0);
  const stored = await page.evaluate(() => (window as any).go.app.DesktopService.Settings());
  expect(stored.reminders.workEnd).toBe('18:00');
  expect(stored.reminders.workDays).toEqual([1, 2, 3, 4, 5]);

  // Start at login: on, then off (the entry is written and removed by Go).
  const autostart = page.getByTestId('desktop-autostart');
  const save = page.getByTestId('desktop-save');
  await autostart.setChecked(true);
  await save.click();
  await expect(page.getByTestId('desktop-saved')).toBeVisible();
  await expect.poll(async () => (await desktopStatus(page)).autostart).toBe(true);
  // Chosen in Settings: the first-run question is answered too.
  expect((await desktopStatus(page)).autostartAsked).toBe(true);
  await autostart.setChecked(false);
  await save.click();
  await expect.poll(async () => (await desktopStatus(page)).autostart).toBe(false);
  await expect(page.getByTestId('desktop-saved')).toBeVisible();

  // Leave the computer's login items as they were.
  if (before.autostart) {
    await autostart.setChecked(true);
    await save.click();
    await expect.poll(async () => (await desktopStatus(page)).autostart).toBe(true);
  }

});

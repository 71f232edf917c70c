import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';

test.describe.configure({ mode: 'serial' });

/** The number at the start of a text such as "3 reviews". */
async function leadingNumber(page: Page, testid: string): Promise<number> {
  const text = (await page.getByTestId(testid).textContent()) ?? '';
  const m = /\d+/.exec(text);
  expect(m, `a number in ${testid}: "${text}"`).not.toBeNull();
  return Number(m![0]);
}

test('remember an item, then review it by keyboard with one undo', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('review-dashboard')).toBeVisible();
  await expect(page.getByTestId('reviews-this-week')).toBeVisible();
  const reviewsBefore = await leadingNumber(page, 'reviews-this-week');

  // The built-in Getting started pack: its welcome item has key points.
  await page.getByTestId('item-row').filter({ hasText: 'Welcome to Inflow' }).click();
  await expect(page.getByTestId('item-title')).toHaveText('Welcome to Inflow');
  await expect(page.getByTestId('key-points')).toBeVisible();
  await page.getByTestId('remember-button').click();
  const remembered = page.getByTestId('remembered');
  await expect(remembered).toContainText('Remembered');
  const made = await leadingNumber(page, 'remembered-cards');
  expect(made).toBeGreaterThan(0);
  // Remembering twice makes no duplicates: the count comes from Go on reopening.
  await page.reload();
  await expect(page.getByTestId('sidebar')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('sidebar-home').click();
  await page.getByTestId('item-row').filter({ hasText: 'Welcome to Inflow' }).click();
  await expect(page.getByTestId('remembered-cards')).toHaveText(`${made} ${made === 1 ? 'card' : 'cards'}`);

  await page.getByTestId('sidebar-home').click();
  await expect(page.getByTestId('review-dashboard')).toBeVisible();
  await expect
    .poll(async () => (await leadingNumber(page, 'due-now')) + (await leadingNumber(page, 'new-available')))
    .toBeGreaterThan(0);
  await expect(page.getByTestId('total-cards')).not.toHaveText('0');

  // From here on, the keyboard only.
  const start = page.getByTestId('review-now');
  await expect(start).toBeEnabled();
  await start.focus();
  await page.keyboard.press('Enter');
  const card = page.getByTestId('review-card');
  const answer = page.getByTestId('review-answer');
  await expect(card).toBeVisible();
  await expect(page.getByTestId('key-hints')).toContainText('show answer');

  // The first card: answer Again, undo with Z, and it comes back unanswered.
  const firstId = await card.getAttribute('data-card-id');
  const firstPrompt = await page.getByTestId('review-prompt').textContent();
  await page.keyboard.press('Space');
  await expect(answer).toBeVisible();
  await expect(page.getByTestId('rate-again')).toBeVisible();
  await page.keyboard.press('1');
  await expect(page.getByTestId('review-undo')).toBeEnabled();
  await page.keyboard.press('z');
  await expect(card).toHaveAttribute('data-card-id', firstId!);
  await expect(page.getByTestId('review-prompt')).toHaveText(firstPrompt!);
  await expect(answer).toHaveCount(0);
  await expect(page.getByTestId('review-undo')).toBeDisabled();

  // Then Good for the first card and Easy for every other until the session
  // ends (Good on a new card may bring it back a few minutes later).
  const pressed = { good: 0, easy: 0 };
  const summary = page.getByTestId('review-summary');
  for (let i = 0; i < 40; i++) {
    await expect(card.or(summary)).toBeVisible();
    if (await summary.isVisible()) break;
    await expect(answer).toHaveCount(0);
    await page.keyboard.press('Space');
    await expect(answer).toBeVisible();
    const rating = pressed.good + pressed.easy === 0 ? 'good' : 'easy';
    await page.keyboard.press(rating === 'good' ? '3' : '4');
    pressed[rating]++;
    await expect(answer).toHaveCount(0);
  }
  const answered = pressed.good + pressed.easy;
  await expect(summary).toBeVisible();
  expect(answered).toBeGreaterThanOrEqual(made);
  await expect(page.getByTestId('summary-reviewed')).toContainText(`You reviewed ${answered} ${answered === 1 ? 'card' : 'cards'}`);
  await expect(page.getByTestId('summary-good')).toHaveText(String(pressed.good));
  await expect(page.getByTestId('summary-easy')).toHaveText(String(pressed.easy));
  await expect(page.getByTestId('summary-again')).toHaveText('0');
  await expect(page.getByTestId('summary-hard')).toHaveText('0');

  // Back home (the summary's button has the focus), where this week counts the reviews.
  await expect(page.getByTestId('summary-home')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('review-dashboard')).toBeVisible();
  await expect(page.getByTestId('reviews-this-week')).toContainText(`${reviewsBefore + answered} review`);
  await expect(page.getByTestId('sidebar-review-badge')).toHaveCount(0);
});

test('write a card by hand, edit it, suspend it and delete it', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('sidebar-cards').click();
  await expect(page.getByTestId('cards-view')).toBeVisible();

  await page.getByTestId('new-card').click();
  const form = page.getByTestId('new-card-form');
  // Prompt and answer are required.
  await form.getByTestId('card-save').click();
  await expect(form.getByTestId('card-prompt')).toHaveAttribute('aria-invalid', 'true');
  await form.getByTestId('card-prompt').fill('Which port does SSH listen on?\n(by default)');
  await form.getByTestId('card-answer').fill('22');
  await form.getByTestId('card-deck').fill('E2E deck');
  await form.getByTestId('card-save').click();
  await expect(form.getByTestId('card-form-saved')).toBeVisible();
  await page.getByTestId('card-cancel').click();

  await page.getByTestId('cards-filter-text').fill('SSH listen');
  const row = page.getByTestId('card-row').filter({ hasText: 'Which port does SSH listen on?' });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('card-row-deck')).toHaveText('E2E deck');
  await expect(row.getByTestId('card-row-state')).toHaveText('New');
  // Plain text with its line break kept.
  await expect(row.getByTestId('card-row-prompt')).toHaveText('Which port does SSH listen on?\n(by default)');

  await row.getByTestId('card-edit').click();
  const edit = page.getByTestId('card-edit-form');
  await edit.getByTestId('card-answer').fill('22 (TCP)');
  await edit.getByTestId('card-save').click();
  await expect(edit).toHaveCount(0);
  await expect(row).toContainText('22 (TCP)');

  await row.getByTestId('card-suspend').click();
  await expect(row.getByTestId('card-row-state')).toHaveText('Suspended');
  await page.getByTestId('cards-filter-state').selectOption('suspended');
  await expect(row).toHaveCount(1);
  await row.getByTestId('card-suspend').click();
  await expect(row).toHaveCount(0);
  await page.getByTestId('cards-filter-state').selectOption('');
  await expect(row.getByTestId('card-row-state')).toHaveText('New');

  await row.getByTestId('card-delete').click();
  await row.getByTestId('card-delete-confirm').click();
  await expect(row).toHaveCount(0);
  await page.getByTestId('cards-filter-text').fill('');
  await expect(page.getByTestId('card-row').filter({ hasText: 'SSH listen' })).toHaveCount(0);
});

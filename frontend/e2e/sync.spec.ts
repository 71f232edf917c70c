// Sync in the real app against a real inflow-server on 127.0.0.1: sign in
// through Settings, see a change pushed in the background, see the server
// go away (offline) and come back.
import { expect, test } from '@playwright/test';
import { InflowServer, openApp } from './helpers';

test.describe.configure({ mode: 'serial' });

const USER = 'ann';
const PASSWORD = 'e2e-password-1';
let server: InflowServer;

test.beforeAll(async () => {
  test.setTimeout(300_000); // building the server can take a while on a cold cache
  server = await InflowServer.start({ user: USER, password: PASSWORD });
});

test.afterAll(async () => {
  await server?.stop();
});

test('sign in, push a change in the background, go offline and come back', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  const indicator = page.getByTestId('sync-indicator');
  const label = page.getByTestId('sync-label');
  const detail = page.getByTestId('sync-detail');
  await expect(label).toHaveText('Not signed in');

  // Sign in through Settings: a wrong password first.
  await page.getByTestId('sidebar-settings').click();
  await page.getByTestId('sync-server').fill(server.url);
  await page.getByTestId('sync-user').fill(USER);
  await page.getByTestId('sync-password').fill('wrong-password');
  await page.getByTestId('sync-signin').click();
  await expect(page.getByTestId('sync-form-error')).toContainText('wrong user name or password');
  await page.getByTestId('sync-password').fill(PASSWORD);
  await page.getByTestId('sync-signin').click();
  await expect(page.getByTestId('sync-account')).toHaveText(`Signed in to ${server.url} as ${USER}.`);
  // Signing in syncs at once.
  await expect(indicator).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
  await expect(label).toHaveText('Online');
  await expect(detail).toContainText('synced');
  await expect(page.getByTestId('sync-online')).toHaveText('Online');

  // A bookmark is pending, then pushed about 2 s later by background sync.
  await page.getByTestId('sidebar-home').click();
  await page.getByTestId('item-row').filter({ hasText: 'Welcome to Inflow' }).click();
  await page.getByTestId('bookmark-button').click();
  await expect(page.getByTestId('bookmark-button')).toHaveAttribute('aria-pressed', 'true');
  await expect(detail).toHaveText(/· \d+ pending/);
  await expect(indicator).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
  await expect(detail).toContainText('synced');
  // The server really has it.
  const events = await server.events();
  expect(events.some((e) => e.type === 'bookmark.set' && e.subject.endsWith('/welcome'))).toBe(true);

  // The server goes away: Sync now says so, and the indicator shows offline.
  await server.stop();
  await page.getByTestId('sync-toggle').click();
  await page.getByTestId('sync-indicator-now').click();
  await expect(page.getByTestId('sync-indicator-outcome')).toContainText('Could not sync');
  await expect(label).toHaveText('Offline');
  await expect(indicator).toHaveAttribute('data-state', 'offline');
  await expect(page.getByTestId('sync-toggle')).toHaveAttribute('title', /cannot reach the sync server/);

  // It comes back: the next sync is online again.
  await server.restart();
  await page.getByTestId('sync-indicator-now').click();
  await expect(page.getByTestId('sync-indicator-outcome')).toContainText('Synced:');
  await expect(label).toHaveText('Online');
  await expect(detail).toContainText('synced');

  // Signing out turns sync off.
  await page.getByTestId('sync-open-settings').click();
  await page.getByTestId('sync-signout').click();
  await expect(page.getByTestId('sync-signin-form')).toBeVisible();
  await expect(label).toHaveText('Not signed in');
});

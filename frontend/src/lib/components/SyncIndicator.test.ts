import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setApi } from '../api';
import { FakeApi } from '../api/fake';
import { SyncStore } from '../stores/sync.svelte';
import SyncIndicator from './SyncIndicator.svelte';

const NOW = Date.parse('2026-03-02T10:00:00Z');

describe('SyncIndicator', () => {
  let fake: FakeApi;
  let sync: SyncStore;
  let onSettings: ReturnType<typeof vi.fn<() => void>>;

  beforeEach(async () => {
    fake = new FakeApi({ now: () => NOW });
    setApi(fake);
    sync = new SyncStore();
    sync.listen();
    await sync.load();
    onSettings = vi.fn<() => void>();
  });

  const show = () => render(SyncIndicator, { sync, onSettings, clock: () => NOW });
  const indicator = () => screen.getByTestId('sync-indicator');

  it('says "Not signed in" and leads to Settings', async () => {
    const user = userEvent.setup();
    show();
    expect(indicator()).toHaveAttribute('data-state', 'signed-out');
    expect(screen.getByTestId('sync-label')).toHaveTextContent('Not signed in');
    expect(screen.queryByTestId('sync-detail')).toBeNull();
    await user.click(screen.getByTestId('sync-toggle'));
    await user.click(screen.getByTestId('sync-open-settings'));
    expect(onSettings).toHaveBeenCalledOnce();
  });

  it('follows sync:status live: pending, synced, offline', async () => {
    show();
    fake.emitSyncStatus({ signedIn: true, online: true, pending: 3, server: 'https://s', user: 'ann' });
    await expect.poll(() => screen.getByTestId('sync-detail').textContent).toBe('· 3 pending');
    expect(screen.getByTestId('sync-label')).toHaveTextContent('Online');
    expect(indicator()).toHaveAttribute('data-state', 'pending');

    fake.emitSyncStatus({ pending: 0, lastSuccess: '2026-03-02T09:58:00Z' });
    await expect.poll(() => screen.getByTestId('sync-detail').textContent).toBe('· synced 2 minutes ago');
    expect(indicator()).toHaveAttribute('data-state', 'synced');

    fake.emitSyncStatus({ online: false, lastError: 'push: cannot reach the sync server' });
    await expect.poll(() => screen.getByTestId('sync-label').textContent).toBe('Offline');
    expect(screen.getByTestId('sync-toggle').getAttribute('title')).toContain('cannot reach the sync server');
  });

  it('shows the last error on click, and syncs now from there', async () => {
    const user = userEvent.setup();
    show();
    fake.emitSyncStatus({ signedIn: true, online: true, pending: 1, server: 'https://s', user: 'ann', lastError: 'signed out or token revoked: run inflow login' });
    await expect.poll(() => indicator().getAttribute('data-state')).toBe('error');
    expect(screen.getByTestId('sync-label')).toHaveTextContent('Sync problem');
    await user.click(screen.getByTestId('sync-toggle'));
    expect(screen.getByTestId('sync-toggle')).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByTestId('sync-error')).toHaveTextContent('signed out or token revoked: sign in again in Settings → Sync');
    await user.click(screen.getByTestId('sync-indicator-now'));
    expect(await screen.findByTestId('sync-indicator-outcome')).toHaveTextContent('Synced: 1 sent, 0 received.');
    expect(indicator()).toHaveAttribute('data-state', 'synced');
    expect(screen.queryByTestId('sync-error')).toBeNull();
  });
});

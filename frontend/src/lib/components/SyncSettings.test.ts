import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { setApi } from '../api';
import { DesktopStore } from '../stores/desktop.svelte';
import { FakeApi } from '../api/fake';
import { ReviewStore } from '../stores/review.svelte';
import { SyncStore } from '../stores/sync.svelte';
import SettingsView from './SettingsView.svelte';
import SyncSettings from './SyncSettings.svelte';

const NOW = Date.parse('2026-03-02T10:00:00Z');

describe('SyncSettings', () => {
  let fake: FakeApi;
  let sync: SyncStore;

  beforeEach(async () => {
    fake = new FakeApi({ now: () => NOW });
    setApi(fake);
    sync = new SyncStore();
    sync.listen();
    await sync.load();
  });

  const field = (id: string) => screen.getByTestId(id) as HTMLInputElement;

  it('signs in, shows the status, syncs now and signs out', async () => {
    const user = userEvent.setup();
    render(SyncSettings, { sync, clock: () => NOW });
    await user.type(field('sync-server'), 'https://inflow.example.org');
    await user.type(field('sync-user'), 'ann');
    await user.type(field('sync-password'), 'wrong');
    await user.click(screen.getByTestId('sync-signin'));
    expect(await screen.findByTestId('sync-form-error')).toHaveTextContent('Could not sign in: wrong user name or password');

    await user.clear(field('sync-password'));
    await user.type(field('sync-password'), 'ann-password-1{Enter}');
    expect(await screen.findByTestId('sync-account')).toHaveTextContent('Signed in to https://inflow.example.org as ann.');
    expect(fake.lastArgs('signIn')).toEqual(['https://inflow.example.org', 'ann', 'ann-password-1']);
    expect(screen.getByTestId('sync-online')).toHaveTextContent('Online');
    expect(screen.getByTestId('sync-pending-count')).toHaveTextContent('0 changes');
    expect(screen.getByTestId('sync-last-success')).toHaveTextContent('synced just now');

    fake.emitSyncStatus({ pending: 2 });
    await expect.poll(() => screen.getByTestId('sync-pending-count').textContent).toBe('2 changes');
    await user.click(screen.getByTestId('sync-now'));
    expect(await screen.findByTestId('sync-result')).toHaveTextContent('Synced: 2 sent, 0 received.');
    expect(screen.getByTestId('sync-pending-count')).toHaveTextContent('0 changes');

    fake.syncServerUp = false;
    await user.click(screen.getByTestId('sync-now'));
    await expect.poll(() => screen.getByTestId('sync-result').textContent).toContain('Could not sync: push: cannot reach the sync server');
    expect(screen.getByTestId('sync-online')).toHaveTextContent('Offline');
    expect(screen.getByTestId('sync-last-error')).toHaveTextContent('cannot reach the sync server');

    await user.click(screen.getByTestId('sync-signout'));
    expect(await screen.findByTestId('sync-signin-form')).toBeInTheDocument();
    expect(screen.getByTestId('sync-result')).toHaveTextContent('Signed out.');
    // The last account is offered again.
    expect(field('sync-server')).toHaveValue('https://inflow.example.org');
    expect(field('sync-user')).toHaveValue('ann');
    expect(field('sync-password')).toHaveValue('');
  });

  it('refuses empty fields in Go’s words', async () => {
    const user = userEvent.setup();
    render(SyncSettings, { sync });
    await user.click(screen.getByTestId('sync-signin'));
    expect(await screen.findByTestId('sync-form-error')).toHaveTextContent('enter the server address, your user name and your password');
    expect(fake.count('signIn')).toBe(1);
  });

  it('is the Sync section of Settings', async () => {
    render(SettingsView, { desktop: new DesktopStore(), review: new ReviewStore(), sync });
    expect(await screen.findByRole('heading', { name: 'Sync' })).toBeInTheDocument();
    expect(screen.getByTestId('sync-signin-form')).toBeInTheDocument();
  });
});

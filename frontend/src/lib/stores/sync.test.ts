import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setApi, type SyncStatus } from '../api';
import { deferred, FakeApi } from '../api/fake';
import { createWailsApi, type WailsRuntime, type WailsServices } from '../api/wails';
import { resultText, syncedAgo, syncError, syncState, SyncStore } from './sync.svelte';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const base: SyncStatus = { signedIn: true, online: true, pending: 0, lastError: '', syncing: false, server: 'https://s', user: 'ann' };

describe('sync status in words', () => {
  it('picks the most pressing state', () => {
    expect(syncState({ ...base, signedIn: false, syncing: true })).toBe('signed-out');
    expect(syncState({ ...base, syncing: true, online: false })).toBe('syncing');
    expect(syncState({ ...base, online: false, lastError: 'x' })).toBe('offline');
    expect(syncState({ ...base, lastError: 'x', pending: 2 })).toBe('error');
    expect(syncState({ ...base, pending: 2 })).toBe('pending');
    expect(syncState(base)).toBe('synced');
  });

  it('says when the last sync was', () => {
    expect(syncedAgo(base, NOW)).toBe('never synced');
    expect(syncedAgo({ ...base, lastSuccess: '2026-03-02T09:58:00Z' }, NOW)).toBe('synced 2 minutes ago');
    expect(syncedAgo({ ...base, lastSuccess: '2026-03-02T09:59:50Z' }, NOW)).toBe('synced just now');
    expect(syncedAgo({ ...base, lastSuccess: '2026-03-02T10:01:30Z' }, NOW)).toBe('synced just now');
  });

  it('speaks of Settings, not of the command line', () => {
    expect(syncError({ ...base, lastError: 'signed out or token revoked: run inflow login' })).toBe(
      'signed out or token revoked: sign in again in Settings → Sync',
    );
    expect(resultText({ pushed: 2, pulled: 1, duplicates: 0, rejected: [] })).toBe('Synced: 2 sent, 1 received.');
    expect(resultText({ pushed: 0, pulled: 0, duplicates: 0, rejected: [{ id: 'e', code: 'invalid', message: 'm' }] })).toBe(
      'Synced: 0 sent, 0 received, 1 refused.',
    );
    expect(resultText({ pushed: 1, pulled: 0, duplicates: 0, rejected: [], catalog: 2 })).toBe('Synced: 1 sent, 0 received, 2 published packs updated.');
  });
});

describe('SyncStore', () => {
  let fake: FakeApi;
  let sync: SyncStore;

  beforeEach(() => {
    fake = new FakeApi({ now: () => NOW });
    setApi(fake);
    sync = new SyncStore();
  });

  it('reads the status and follows sync:status', async () => {
    await sync.load();
    expect(sync.state).toBe('signed-out');
    const off = sync.listen();
    fake.emitSyncStatus({ signedIn: true, online: true, pending: 3, server: 'https://s', user: 'ann' });
    expect(sync.state).toBe('pending');
    expect(sync.status?.pending).toBe(3);
    off();
    fake.emitSyncStatus({ pending: 0 });
    expect(sync.status?.pending).toBe(3);
  });

  it('keeps an event newer than a slow answer', async () => {
    const held = deferred<void>();
    fake.latencyMs = 0;
    const slow = vi.spyOn(fake, 'syncStatus').mockImplementation(async () => {
      await held.promise;
      return { ...base, pending: 9 };
    });
    sync.listen();
    const loading = sync.load();
    fake.emitSyncStatus({ ...base, pending: 1 });
    held.resolve();
    await loading;
    expect(sync.status?.pending).toBe(1);
    slow.mockRestore();
  });

  it('signs in, syncs now and signs out, reporting refusals', async () => {
    sync.listen();
    expect((await sync.signIn('https://s', 'ann', 'nope'))?.message).toBe('wrong user name or password');
    expect(sync.busy).toBe('');
    expect(await sync.signIn(' https://s/ ', ' ann ', 'ann-password-1')).toBeNull();
    expect(fake.lastArgs('signIn')).toEqual(['https://s/', 'ann', 'ann-password-1']);
    expect(sync.status).toMatchObject({ signedIn: true, server: 'https://s', user: 'ann', online: true });
    expect(sync.status?.lastSuccess).toBe(new Date(NOW).toISOString());

    fake.emitSyncStatus({ pending: 2 });
    expect(await sync.syncNow()).toEqual({ result: { pushed: 2, pulled: 0, duplicates: 0, rejected: [] } });
    expect(sync.status?.pending).toBe(0);

    fake.syncServerUp = false;
    const { error } = await sync.syncNow();
    expect(error?.message).toBe('push: cannot reach the sync server');
    expect(sync.state).toBe('offline');

    expect(await sync.signOut()).toBeNull();
    expect(sync.state).toBe('signed-out');
    expect((await sync.syncNow()).error?.code).toBe('invalid');
  });
});

describe('the Wails SyncService', () => {
  afterEach(() => {
    delete window.go;
    delete window.runtime;
  });

  it('calls the bound methods and cleans what Go sends', async () => {
    const svc = {
      Status: vi.fn().mockResolvedValue({ ...base, server: null, lastSuccess: '0001-01-01T00:00:00Z' }),
      SignIn: vi.fn().mockResolvedValue({ ...base, lastSuccess: '2026-03-02T09:00:00Z' }),
      SignOut: vi.fn().mockResolvedValue({ ...base, signedIn: false }),
      SyncNow: vi.fn().mockResolvedValue({ pushed: 1, pulled: 2, duplicates: 0, rejected: null }),
    };
    const handlers = new Map<string, (d: unknown) => void>();
    window.go = { app: { SyncService: svc } as unknown as WailsServices };
    window.runtime = { EventsOn: (name: string, cb: (d: unknown) => void) => (handlers.set(name, cb), () => {}) } as unknown as WailsRuntime;
    const a = createWailsApi();
    expect(await a.syncStatus()).toEqual({ ...base, server: '' });
    expect(await a.signIn('https://s', 'ann', 'pw')).toEqual({ ...base, lastSuccess: '2026-03-02T09:00:00Z' });
    expect(svc.SignIn).toHaveBeenCalledWith('https://s', 'ann', 'pw');
    expect((await a.signOut()).signedIn).toBe(false);
    expect(await a.syncNow()).toEqual({ pushed: 1, pulled: 2, duplicates: 0, rejected: [], catalogRejected: [] });
    svc.SyncNow.mockRejectedValueOnce('invalid: not signed in: sign in to a sync server first');
    expect(await a.syncNow().catch((e) => e)).toMatchObject({ code: 'invalid', message: 'not signed in: sign in to a sync server first' });
    const seen: SyncStatus[] = [];
    a.onSyncStatus((s) => seen.push(s));
    handlers.get('sync:status')!({ ...base, pending: 4, lastError: null });
    expect(seen).toEqual([{ ...base, pending: 4 }]);
  });
});

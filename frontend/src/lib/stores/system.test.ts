import { describe, expect, it } from 'vitest';
import { setApi } from '../api';
import { FakeApi } from '../api/fake';
import { SystemStore } from './system.svelte';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('SystemStore', () => {
  it('is ready at once when Info says so', async () => {
    setApi(new FakeApi());
    const s = new SystemStore();
    s.start();
    await tick();
    expect(s.phase).toBe('ready');
  });

  it('waits for app:ready while the profile opens', async () => {
    const fake = new FakeApi({ info: { ready: false } });
    setApi(fake);
    const s = new SystemStore();
    s.start();
    await tick();
    expect(s.phase).toBe('loading');
    fake.emitReady({ device: 'd1' });
    expect(s.phase).toBe('ready');
    expect(s.info?.device).toBe('d1');
  });

  it('fails with the message of app:failed', async () => {
    const fake = new FakeApi({ info: { ready: false } });
    setApi(fake);
    const s = new SystemStore();
    s.start();
    await tick();
    fake.emitFailed('profile is locked by another process');
    expect(s.phase).toBe('failed');
    expect(s.error).toBe('profile is locked by another process');
  });

  it('fails when Info already carries an error', async () => {
    setApi(new FakeApi({ info: { ready: false, error: 'locked' } }));
    const s = new SystemStore();
    s.start();
    await tick();
    expect(s.phase).toBe('failed');
    expect(s.error).toBe('locked');
  });

  it('does not go back to loading when app:ready beat the Info answer', async () => {
    const fake = new FakeApi({ info: { ready: false } });
    setApi(fake);
    const s = new SystemStore();
    s.start();
    fake.emitReady();
    await tick();
    expect(s.phase).toBe('ready');
  });

  it('stops listening after cleanup', async () => {
    const fake = new FakeApi({ info: { ready: false } });
    setApi(fake);
    const s = new SystemStore();
    const stop = s.start();
    stop();
    fake.emitReady();
    expect(s.phase).toBe('loading');
    expect(fake.listenerCount('ready')).toBe(0);
  });
});

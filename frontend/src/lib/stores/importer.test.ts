import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, setApi, type ImportReport } from '../api';
import { deferred, FakeApi } from '../api/fake';
import { ImportStore } from './importer.svelte';

describe('ImportStore', () => {
  let fake: FakeApi;
  let store: ImportStore;

  beforeEach(() => {
    fake = new FakeApi();
    setApi(fake);
    store = new ImportStore();
    store.listen();
  });

  it('follows progress events while an import runs, then keeps the report', async () => {
    const done = deferred<ImportReport>();
    fake.importHandler = () => done.promise;
    const run = store.run(['/a', '/b']);
    expect(store.running).toBe(true);
    expect(store.phaseLabel).toBe('Starting');
    expect(store.fraction).toBeNull();

    fake.emitProgress({ path: '/b', phase: 'reading', done: 3, total: 12, name: 'x.md' });
    expect(store.progress?.name).toBe('x.md');
    expect(store.phaseLabel).toBe('Reading files');
    expect(store.fraction).toBe(0.25);
    expect(store.pathNumber).toBe(2);

    fake.emitProgress({ path: '/b', phase: 'storing', done: 0, total: 0 });
    expect(store.phaseLabel).toBe('Storing packs');
    expect(store.fraction).toBeNull();

    const report = { packs: [{ path: '/a', packId: 'p', title: 'P', added: 2, updated: 0, unchanged: 0, removed: 0 }], failed: [] };
    done.resolve(report);
    await run;
    expect(store.running).toBe(false);
    expect(store.progress).toBeNull();
    expect(store.report).toEqual(report);
    expect(fake.lastArgs('importPaths')).toEqual([['/a', '/b']]);
  });

  it('ignores progress events when no import runs', () => {
    fake.emitProgress({ path: '/a', phase: 'done', done: 1, total: 1 });
    expect(store.progress).toBeNull();
  });

  it('does not start a second import while one runs', async () => {
    const done = deferred<ImportReport>();
    fake.importHandler = () => done.promise;
    const run = store.run(['/a']);
    await store.run(['/b']);
    expect(fake.count('importPaths')).toBe(1);
    done.resolve({ packs: [], failed: [] });
    await run;
  });

  it('imports the chosen files, and nothing when the dialog is cancelled', async () => {
    await store.chooseFiles();
    expect(fake.count('importPaths')).toBe(0);
    fake.chooseFilesResult = ['/x.md', '/y.zip'];
    await store.chooseFiles();
    expect(fake.lastArgs('importPaths')).toEqual([['/x.md', '/y.zip']]);
  });

  it('imports the chosen folder', async () => {
    fake.chooseFolderResult = '/pages';
    await store.chooseFolder();
    expect(fake.lastArgs('importPaths')).toEqual([['/pages']]);
  });

  it('keeps a refused import as an error', async () => {
    fake.fail('importPaths', new ApiError('conflict', 'an import is already running'));
    await store.run(['/a']);
    expect(store.error).toMatchObject({ code: 'conflict', message: 'an import is already running' });
    expect(store.running).toBe(false);
    store.dismiss();
    expect(store.error).toBeNull();
  });
});

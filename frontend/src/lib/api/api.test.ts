import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, getApi, parseError, setApi, toApiError } from './index';
import { FakeApi } from './fake';
import { createWailsApi, type WailsRuntime, type WailsServices } from './wails';

describe('parseError', () => {
  it('splits "code: message" for every known code', () => {
    for (const code of ['conflict', 'internal', 'invalid', 'not_found', 'locked', 'too_large'] as const) {
      const e = parseError(`${code}: something: with colons`);
      expect(e).toBeInstanceOf(ApiError);
      expect(e).toBeInstanceOf(Error);
      expect(e.code).toBe(code);
      expect(e.message).toBe('something: with colons');
    }
  });

  it('treats unknown codes and plain text as internal, keeping the text', () => {
    expect(parseError('bogus: nope')).toMatchObject({ code: 'internal', message: 'bogus: nope' });
    expect(parseError('exploded')).toMatchObject({ code: 'internal', message: 'exploded' });
  });
});

describe('toApiError', () => {
  it('accepts strings, Errors, code objects and ApiErrors', () => {
    const same = new ApiError('locked', 'x');
    expect(toApiError(same)).toBe(same);
    expect(toApiError('not_found: item a')).toMatchObject({ code: 'not_found', message: 'item a' });
    expect(toApiError(new Error('invalid: bad'))).toMatchObject({ code: 'invalid', message: 'bad' });
    expect(toApiError({ code: 'conflict', message: 'busy' })).toMatchObject({ code: 'conflict', message: 'busy' });
    expect(toApiError(42)).toMatchObject({ code: 'internal', message: '42' });
  });
});

function fakeWindow(services: Partial<Record<keyof WailsServices, object>>, runtime: Partial<WailsRuntime> = {}) {
  window.go = { app: services as unknown as WailsServices };
  window.runtime = runtime as WailsRuntime;
}

describe('the Wails implementation', () => {
  afterEach(() => {
    delete window.go;
    delete window.runtime;
  });

  it('turns a rejected call into a typed ApiError', async () => {
    fakeWindow({ LibraryService: { Open: () => Promise.reject('not_found: item x not found') } });
    const err = await createWailsApi().open('x').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('not_found');
    expect(err.message).toBe('item x not found');
  });

  it('rejects with an ApiError when the backend is missing', async () => {
    const err = await createWailsApi().info().catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('internal');
  });

  it('calls the bound methods with their arguments', async () => {
    const search = vi.fn().mockResolvedValue({ query: 'q', filters: null, total: 0, hits: null, tookMs: 1 });
    const browse = vi.fn().mockResolvedValue({ items: null, total: 0 });
    const recent = vi.fn().mockResolvedValue(null);
    const remember = vi.fn().mockResolvedValue(null);
    const clearRecent = vi.fn().mockResolvedValue(null);
    fakeWindow({
      SearchService: { Search: search, Recent: recent, Remember: remember, ClearRecent: clearRecent },
      LibraryService: { Browse: browse },
    });
    const a = createWailsApi();
    const req = { query: 'q kind:rule', language: 'en', limit: 7, offset: 14, facets: true };
    expect(await a.search(req)).toEqual({ query: 'q', filters: [], total: 0, hits: [], tookMs: 1 });
    expect(search).toHaveBeenCalledWith(req);
    expect(await a.recentSearches()).toEqual([]);
    expect(recent).toHaveBeenCalledOnce();
    expect(await a.rememberSearch('tar kind:snippet')).toBeUndefined();
    expect(remember).toHaveBeenCalledWith('tar kind:snippet');
    expect(await a.clearRecentSearches()).toBeUndefined();
    expect(clearRecent).toHaveBeenCalledOnce();
    expect(await a.browse({ language: 'en', tag: 't', offset: 50, limit: 50 })).toEqual({ items: [], total: 0 });
    expect(browse).toHaveBeenCalledWith({ language: 'en', tag: 't', offset: 50, limit: 50 });
  });

  it('replaces the nulls Go sends in search results, facets included', async () => {
    fakeWindow({
      SearchService: {
        Search: () =>
          Promise.resolve({
            query: 'x',
            filters: [{ field: 'kind', value: 'rule' }],
            total: 1,
            hits: [{ id: 'a', title: 'A', kind: 'rule', topic: '', language: 'en', snippet: 'a', score: 1 }],
            facets: { kinds: [{ value: 'rule', count: 1 }], topics: null, languages: null, tags: null },
            suggestion: 'y',
            tookMs: 2,
          }),
      },
    });
    const r = await createWailsApi().search({ query: 'x kind:rule', facets: true });
    expect(r.filters).toEqual([{ field: 'kind', value: 'rule' }]);
    expect(r.facets).toEqual({ kinds: [{ value: 'rule', count: 1 }], topics: [], languages: [], tags: [] });
    expect(r.suggestion).toBe('y');
    expect(r.hits).toHaveLength(1);
  });

  it('replaces the nulls Go sends for nil slices', async () => {
    fakeWindow({
      LibraryService: {
        Overview: () =>
          Promise.resolve({ language: 'en', languages: null, facets: { language: 'en', total: 0, kinds: null, topics: null, tags: null }, recent: null, bookmarks: [], packs: null }),
        Open: () => Promise.resolve({ id: 'a', title: 'A', kind: 'rule', tags: null, keyPoints: null, html: '<p>x</p>', source: {} }),
      },
      ImportService: { ChooseFiles: () => Promise.resolve(null) },
    });
    const a = createWailsApi();
    const ov = await a.overview('');
    expect(ov.languages).toEqual([]);
    expect(ov.facets.kinds).toEqual([]);
    expect(ov.recent).toEqual([]);
    expect(ov.packs).toEqual([]);
    const item = await a.open('a');
    expect(item.tags).toEqual([]);
    expect(item.keyPoints).toEqual([]);
    expect(await a.chooseFiles()).toEqual([]);
  });

  it('subscribes to events through the runtime and unsubscribes', () => {
    const off = vi.fn();
    const handlers = new Map<string, (d: unknown) => void>();
    fakeWindow({}, {
      EventsOn: (name: string, cb: (d: unknown) => void) => {
        handlers.set(name, cb);
        return off;
      },
    });
    const a = createWailsApi();
    const seen: unknown[] = [];
    const unsub = a.onImportProgress((p) => seen.push(p));
    a.onLibraryChanged(() => seen.push('changed'));
    a.onFailed((m) => seen.push(m));
    handlers.get('import:progress')!({ path: 'p', phase: 'reading', done: 1, total: 2 });
    handlers.get('library:changed')!(null);
    handlers.get('app:failed')!('locked: in use');
    expect(seen).toEqual([{ path: 'p', phase: 'reading', done: 1, total: 2 }, 'changed', 'locked: in use']);
    unsub();
    expect(off).toHaveBeenCalled();
  });

  it('registers file drops for the whole window', () => {
    let dropped: ((x: number, y: number, paths: string[]) => void) | undefined;
    const OnFileDrop = vi.fn((cb, _useTarget: boolean) => (dropped = cb));
    const OnFileDropOff = vi.fn();
    fakeWindow({}, { OnFileDrop, OnFileDropOff });
    const got: string[][] = [];
    const off = createWailsApi().onFileDrop((p) => got.push(p));
    expect(OnFileDrop).toHaveBeenCalledWith(expect.any(Function), false);
    dropped!(1, 2, ['/a.md']);
    expect(got).toEqual([['/a.md']]);
    off();
    expect(OnFileDropOff).toHaveBeenCalled();
  });

  it('copies through the runtime and falls back to navigator.clipboard', async () => {
    const ClipboardSetText = vi.fn().mockResolvedValue(true);
    fakeWindow({}, { ClipboardSetText });
    await createWailsApi().copyText('ls -la');
    expect(ClipboardSetText).toHaveBeenCalledWith('ls -la');

    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    ClipboardSetText.mockResolvedValue(false);
    await createWailsApi().copyText('pwd');
    expect(writeText).toHaveBeenCalledWith('pwd');
  });
});

describe('setApi', () => {
  it('routes api calls to the injected implementation', async () => {
    const fake = new FakeApi();
    setApi(fake);
    expect(getApi()).toBe(fake);
    await api.info();
    expect(fake.count('info')).toBe(1);
  });
});

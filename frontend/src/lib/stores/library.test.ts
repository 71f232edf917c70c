import { beforeEach, describe, expect, it } from 'vitest';
import { setApi, type ItemList } from '../api';
import { deferred, FakeApi, makeItem } from '../api/fake';
import { LibraryStore } from './library.svelte';

function items(n: number, lang = 'en') {
  return Array.from({ length: n }, (_, i) =>
    makeItem({ id: `${lang}-${String(i).padStart(3, '0')}`, language: lang, kind: i % 2 ? 'rule' : 'snippet', topic: i % 3 ? 'Git' : 'Safety' }),
  );
}

describe('LibraryStore', () => {
  let fake: FakeApi;

  beforeEach(() => {
    fake = new FakeApi({ items: [...items(7), ...items(2, 'de')] });
    setApi(fake);
  });

  it('loads the overview and takes the language Go picked', async () => {
    const lib = new LibraryStore();
    await lib.load('');
    expect(fake.lastArgs('overview')).toEqual(['']);
    expect(lib.language).toBe('en');
    expect(lib.overview?.facets.total).toBe(7);
    expect(lib.overview?.languages.map((l) => l.value).sort()).toEqual(['de', 'en']);
    expect(lib.loading).toBe(false);
  });

  it('pages through a filtered list with Load more', async () => {
    const lib = new LibraryStore({ pageSize: 3 });
    await lib.load('');
    await lib.browse({ topic: 'Git' });
    expect(fake.lastArgs('browse')).toEqual([{ language: 'en', topic: 'Git', offset: 0, limit: 3 }]);
    expect(lib.items).toHaveLength(3);
    expect(lib.total).toBe(4);
    expect(lib.hasMore).toBe(true);
    await lib.loadMore();
    expect(fake.lastArgs('browse')).toEqual([{ language: 'en', topic: 'Git', offset: 3, limit: 3 }]);
    expect(lib.items.map((i) => i.id)).toEqual(['en-001', 'en-002', 'en-004', 'en-005']);
    expect(lib.hasMore).toBe(false);
  });

  it('loads the overview first when browsing before it is known', async () => {
    const lib = new LibraryStore();
    await lib.browse({});
    expect(fake.calls.map((c) => c.method)).toEqual(['overview', 'browse']);
    expect(lib.items).toHaveLength(7);
  });

  it('drops a list response that arrives after a newer request', async () => {
    const lib = new LibraryStore();
    await lib.load('');
    const slow = deferred<ItemList>();
    const real = fake.browse.bind(fake);
    let calls = 0;
    fake.browse = (f) => (++calls === 1 ? slow.promise : real(f));
    const first = lib.browse({ kind: 'rule' });
    await lib.browse({ kind: 'snippet' });
    slow.resolve({ items: [makeItem({ id: 'stale' })], total: 1 });
    await first;
    expect(lib.filter).toEqual({ kind: 'snippet' });
    expect(lib.items.every((i) => i.kind === 'snippet')).toBe(true);
    expect(lib.items.some((i) => i.id === 'stale')).toBe(false);
  });

  it('switches language for the overview and the list', async () => {
    const lib = new LibraryStore();
    await lib.load('');
    await lib.browse({});
    await lib.setLanguage('de');
    expect(lib.language).toBe('de');
    expect(lib.overview?.facets.total).toBe(2);
    expect(lib.items.map((i) => i.language)).toEqual(['de', 'de']);
  });

  it('refresh keeps as many rows as were shown', async () => {
    const lib = new LibraryStore({ pageSize: 2 });
    await lib.browse({});
    await lib.loadMore();
    await lib.loadMore();
    expect(lib.items).toHaveLength(6);
    fake.items.push(makeItem({ id: 'en-000a' }));
    await lib.refresh();
    expect(fake.lastArgs('browse')).toEqual([{ language: 'en', offset: 0, limit: 6 }]);
    expect(lib.items[1].id).toBe('en-000a');
    expect(lib.total).toBe(8);
  });

  it('keeps the error of a failed load', async () => {
    fake.fail('overview', 'internal: disk on fire');
    const lib = new LibraryStore();
    await lib.load('');
    expect(lib.error?.message).toBe('disk on fire');
    expect(lib.overview).toBeNull();
  });
});

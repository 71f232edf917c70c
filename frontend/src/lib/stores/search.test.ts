import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setApi, type SearchResult } from '../api';
import { deferred, FakeApi, makeItem, type Deferred } from '../api/fake';
import { flush } from '../../test/util';
import { SearchStore } from './search.svelte';

function result(query: string, ids: string[]): SearchResult {
  return {
    query,
    total: ids.length,
    hits: ids.map((id) => ({ id, title: id, kind: 'snippet', topic: '', language: 'en', snippet: id, score: 1 })),
    tookMs: 1,
  };
}

describe('SearchStore', () => {
  let fake: FakeApi;
  let pending: Map<string, Deferred<SearchResult>>;

  beforeEach(() => {
    fake = new FakeApi();
    pending = new Map();
    fake.searchHandler = (q) => {
      const d = deferred<SearchResult>();
      pending.set(q, d);
      return d.promise;
    };
    setApi(fake);
  });

  afterEach(() => vi.useRealTimers());

  it('never shows an older response after a newer one', async () => {
    const s = new SearchStore();
    const first = s.run('ta');
    const second = s.run('tar');
    await flush();
    pending.get('tar')!.resolve(result('tar', ['tar']));
    await second;
    expect(s.hits.map((h) => h.id)).toEqual(['tar']);
    pending.get('ta')!.resolve(result('ta', ['tail', 'tar']));
    await first;
    expect(s.hits.map((h) => h.id)).toEqual(['tar']);
    expect(s.shownQuery).toBe('tar');
    expect(s.loading).toBe(false);
  });

  it('shows an earlier response while a later one is still on its way', async () => {
    const s = new SearchStore();
    const first = s.run('ta');
    void s.run('tar');
    await flush();
    pending.get('ta')!.resolve(result('ta', ['tail']));
    await first;
    expect(s.hits.map((h) => h.id)).toEqual(['tail']);
    expect(s.loading).toBe(true);
  });

  it('drops an older failure after newer results', async () => {
    const s = new SearchStore();
    const first = s.run('a');
    const second = s.run('ab');
    await flush();
    pending.get('ab')!.resolve(result('ab', ['x']));
    await second;
    pending.get('a')!.reject('internal: boom');
    await first;
    expect(s.error).toBeNull();
    expect(s.hits).toHaveLength(1);
  });

  it('reports a failure as an ApiError', async () => {
    const s = new SearchStore();
    const p = s.run('a');
    await flush();
    pending.get('a')!.reject('invalid: query too long');
    await p;
    expect(s.error).toMatchObject({ code: 'invalid', message: 'query too long' });
  });

  it('debounces typing and sends only the last query, with the language', async () => {
    vi.useFakeTimers();
    const s = new SearchStore({ debounceMs: 60, language: () => 'de', limit: 5 });
    s.setQuery('t');
    s.setQuery('ta');
    s.setQuery('tar');
    expect(fake.count('search')).toBe(0);
    await vi.advanceTimersByTimeAsync(59);
    expect(fake.count('search')).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.calls.filter((c) => c.method === 'search').map((c) => c.args)).toEqual([['tar', 'de', 5]]);
  });

  it('clearing drops responses still on their way', async () => {
    const s = new SearchStore();
    const p = s.run('tar');
    s.clear();
    await flush();
    pending.get('tar')!.resolve(result('tar', ['tar']));
    await p;
    expect(s.hits).toEqual([]);
    expect(s.query).toBe('');
  });

  it('an empty query clears at once without searching', async () => {
    vi.useFakeTimers();
    const s = new SearchStore();
    s.setQuery('   ');
    await vi.runAllTimersAsync();
    expect(fake.count('search')).toBe(0);
    expect(s.open).toBe(false);
  });

  it('highlights the first hit and wraps when moving', async () => {
    fake.searchHandler = undefined;
    fake.items = ['a', 'b', 'c'].map((id) => makeItem({ id, title: `tar ${id}` }));
    const s = new SearchStore();
    await s.run('tar');
    expect(s.active).toBe(0);
    s.move(1);
    s.move(1);
    expect(s.activeHit?.id).toBe('c');
    s.move(1);
    expect(s.active).toBe(0);
    s.move(-1);
    expect(s.active).toBe(2);
  });
});

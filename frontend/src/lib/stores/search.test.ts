import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setApi, type SearchResult } from '../api';
import { deferred, FakeApi, makeItem, type Deferred } from '../api/fake';
import { flush } from '../../test/util';
import { SearchStore } from './search.svelte';

function result(query: string, ids: string[], more: Partial<SearchResult> = {}): SearchResult {
  return {
    query,
    filters: [],
    total: ids.length,
    hits: ids.map((id) => ({ id, title: id, kind: 'snippet', topic: '', language: 'en', snippet: id, score: 1 })),
    tookMs: 1,
    ...more,
  };
}

describe('SearchStore', () => {
  let fake: FakeApi;
  let pending: Map<string, Deferred<SearchResult>>;

  beforeEach(() => {
    fake = new FakeApi();
    pending = new Map();
    fake.searchHandler = (req) => {
      const d = deferred<SearchResult>();
      pending.set(req.offset ? `${req.query}@${req.offset}` : req.query, d);
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
    expect(fake.calls.filter((c) => c.method === 'search').map((c) => c.args)).toEqual([[{ query: 'tar', language: 'de', limit: 5 }]]);
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

  it('debounces by 40ms by default and asks for facets only when told to', async () => {
    vi.useFakeTimers();
    const plain = new SearchStore();
    plain.setQuery('tar');
    await vi.advanceTimersByTimeAsync(39);
    expect(fake.count('search')).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.lastArgs('search')).toEqual([{ query: 'tar', language: '', limit: 20 }]);
    const withFacets = new SearchStore({ facets: true, debounceMs: 0 });
    withFacets.setQuery('tar');
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.lastArgs('search')).toEqual([{ query: 'tar', language: '', limit: 20, facets: true }]);
  });

  it('an empty query clears the hits at once without searching and drops pending responses', async () => {
    vi.useFakeTimers();
    const s = new SearchStore();
    s.setQuery('ta');
    await vi.advanceTimersByTimeAsync(40);
    s.setQuery('   ');
    await vi.runAllTimersAsync();
    pending.get('ta')!.resolve(result('ta', ['tail']));
    await vi.runAllTimersAsync();
    expect(fake.count('search')).toBe(1);
    expect(s.hits).toEqual([]);
    expect(s.showingRecent).toBe(true);
    expect(s.loading).toBe(false);
  });

  it('keeps the filters, facets and suggestion of the response shown', async () => {
    const s = new SearchStore();
    const p = s.run('tra kind:snippet');
    await flush();
    pending.get('tra kind:snippet')!.resolve(
      result('tra kind:snippet', [], {
        filters: [{ field: 'kind', value: 'snippet' }],
        facets: { kinds: [], topics: [], languages: [], tags: [] },
        suggestion: 'tar kind:snippet',
      }),
    );
    await p;
    expect(s.filters).toEqual([{ field: 'kind', value: 'snippet' }]);
    expect(s.facets).not.toBeNull();
    expect(s.suggestion).toBe('tar kind:snippet');
    expect(s.active).toBe(-1);
  });

  it('highlights the first hit and wraps when moving', async () => {
    fake.searchHandler = undefined;
    fake.items = ['a', 'b', 'c'].map((id) => makeItem({ id, title: `tar ${id}` }));
    const s = new SearchStore();
    await s.replaceQuery('tar');
    expect(s.active).toBe(0);
    s.move(1);
    s.move(1);
    expect(s.activeHit?.id).toBe('c');
    s.move(1);
    expect(s.active).toBe(0);
    s.move(-1);
    expect(s.active).toBe(2);
  });

  describe('paging', () => {
    it('appends the next page at the offset of the hits shown', async () => {
      const s = new SearchStore({ limit: 2 });
      const p = s.run('tar');
      await flush();
      pending.get('tar')!.resolve(result('tar', ['a', 'b'], { total: 5 }));
      await p;
      expect(s.hasMore).toBe(true);
      const more = s.loadMore();
      await flush();
      expect(fake.lastArgs('search')).toEqual([{ query: 'tar', language: '', limit: 2, offset: 2 }]);
      expect(s.loadingMore).toBe(true);
      pending.get('tar@2')!.resolve(result('tar', ['c', 'd'], { total: 5 }));
      await more;
      expect(s.hits.map((h) => h.id)).toEqual(['a', 'b', 'c', 'd']);
      expect(s.loadingMore).toBe(false);
      expect(s.hasMore).toBe(true);
    });

    it('drops a page that arrives after a newer query was typed', async () => {
      const s = new SearchStore({ limit: 2 });
      const p = s.run('tar');
      await flush();
      pending.get('tar')!.resolve(result('tar', ['a', 'b'], { total: 4 }));
      await p;
      const more = s.loadMore();
      const newer = s.run('tars');
      await flush();
      pending.get('tar@2')!.resolve(result('tar', ['c', 'd'], { total: 4 }));
      await more;
      expect(s.hits.map((h) => h.id)).toEqual(['a', 'b']);
      pending.get('tars')!.resolve(result('tars', ['x'], { total: 1 }));
      await newer;
      expect(s.hits.map((h) => h.id)).toEqual(['x']);
      expect(s.hasMore).toBe(false);
    });

    it('Down on the last hit loads the next page and moves into it', async () => {
      fake.searchHandler = undefined;
      fake.items = ['a', 'b', 'c'].map((id) => makeItem({ id, title: `tar ${id}` }));
      const s = new SearchStore({ limit: 2 });
      await s.replaceQuery('tar');
      s.move(1);
      expect(s.active).toBe(1);
      s.move(1);
      await vi.waitFor(() => expect(s.hits).toHaveLength(3));
      expect(s.active).toBe(2);
      expect(s.hasMore).toBe(false);
      s.move(1);
      expect(s.active).toBe(0);
    });
  });

  describe('recent searches', () => {
    beforeEach(() => {
      fake.recentSearchList = ['git rebase', 'tar kind:snippet'];
    });

    it('loads them and moves through them while the query is empty', async () => {
      const s = new SearchStore();
      await s.loadRecent();
      expect(s.showingRecent).toBe(true);
      expect(s.recent).toEqual(['git rebase', 'tar kind:snippet']);
      expect(s.active).toBe(-1);
      s.move(1);
      expect(s.activeRecent).toBe('git rebase');
      s.move(1);
      expect(s.activeRecent).toBe('tar kind:snippet');
      s.edge(false);
      expect(s.activeRecent).toBe('git rebase');
      s.edge(true);
      expect(s.active).toBe(1);
      expect(s.activeHit).toBeUndefined();
    });

    it('remembers a query once, normalised and newest first', async () => {
      const s = new SearchStore();
      await s.loadRecent();
      await s.remember('  Tar   KIND:snippet ');
      expect(s.recent).toEqual(['Tar KIND:snippet', 'git rebase']);
      expect(fake.lastArgs('rememberSearch')).toEqual(['Tar KIND:snippet']);
      expect(fake.recentSearchList).toEqual(['Tar KIND:snippet', 'git rebase']);
      await s.remember('   ');
      expect(fake.count('rememberSearch')).toBe(1);
    });

    it('clears them', async () => {
      const s = new SearchStore();
      await s.loadRecent();
      await s.clearRecent();
      expect(s.recent).toEqual([]);
      expect(fake.recentSearchList).toEqual([]);
    });

    it('keeps working when they cannot be loaded', async () => {
      fake.fail('recentSearches', 'internal: disk');
      const s = new SearchStore();
      await s.loadRecent();
      expect(s.recent).toEqual([]);
      expect(s.error).toBeNull();
    });
  });

  describe('editing the query', () => {
    beforeEach(() => {
      fake.searchHandler = undefined;
      fake.items = [
        makeItem({ id: 'tar', title: 'tar', kind: 'snippet', topic: 'Command line', tags: ['cli'] }),
        makeItem({ id: 'tar-howto', title: 'tar backups', kind: 'how-to', topic: 'Command line' }),
        makeItem({ id: 'rebase', title: 'git rebase', kind: 'snippet', topic: 'Git' }),
      ];
    });

    it('adds a filter from a facet and searches at once', async () => {
      const s = new SearchStore({ facets: true });
      await s.replaceQuery('tar');
      expect(s.facets?.kinds).toEqual([
        { value: 'how-to', count: 1 },
        { value: 'snippet', count: 1 },
      ]);
      await s.addFilter('kind', 'snippet');
      expect(s.query).toBe('tar kind:snippet');
      expect(s.filters).toEqual([{ field: 'kind', value: 'snippet' }]);
      expect(s.hits.map((h) => h.id)).toEqual(['tar']);
      await s.addFilter('topic', 'Command line');
      expect(s.query).toBe('tar kind:snippet topic:"Command line"');
      expect(s.hits.map((h) => h.id)).toEqual(['tar']);
    });

    it('removing a filter edits the query text', async () => {
      const s = new SearchStore();
      await s.replaceQuery('kind:snippet tar topic:"Command line"');
      expect(s.filters).toHaveLength(2);
      await s.removeFilter({ field: 'topic', value: 'Command line' });
      expect(s.query).toBe('kind:snippet tar');
      await s.removeFilter({ field: 'kind', value: 'snippet' });
      expect(s.query).toBe('tar');
      expect(s.hits.map((h) => h.id)).toEqual(['tar', 'tar-howto']);
    });

    it('accepting the suggestion searches it', async () => {
      const s = new SearchStore();
      await s.replaceQuery('rebsae');
      expect(s.hits).toEqual([]);
      expect(s.suggestion).toBe('rebase');
      await s.acceptSuggestion();
      expect(s.query).toBe('rebase');
      expect(s.hits.map((h) => h.id)).toEqual(['rebase']);
      expect(s.suggestion).toBe('');
    });
  });
});

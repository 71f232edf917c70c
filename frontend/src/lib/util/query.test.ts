import { describe, expect, it } from 'vitest';
import { FakeApi, makeItem } from '../api/fake';
import { addFilter, editDistance, formatFilter, hasFilter, parseQuery, removeFilter } from './query';

describe('query syntax', () => {
  it('splits words from field:value filters, quoted values included', () => {
    expect(parseQuery('tar KIND:Snippet topic:"Command line" tag:cli lang:de course:intro x:y "two words"')).toEqual({
      words: ['tar', 'x:y', 'two words'],
      filters: [
        { field: 'kind', value: 'Snippet' },
        { field: 'topic', value: 'Command line' },
        { field: 'tag', value: 'cli' },
        { field: 'lang', value: 'de' },
        { field: 'course', value: 'intro' },
      ],
    });
  });

  it('ignores a filter still being typed', () => {
    expect(parseQuery('tar kind:')).toEqual({ words: ['tar'], filters: [] });
    expect(parseQuery('topic:"Comm')).toEqual({ words: [], filters: [{ field: 'topic', value: 'Comm' }] });
  });

  it('adds a filter once, quoting values with spaces', () => {
    expect(formatFilter('topic', 'Command line')).toBe('topic:"Command line"');
    expect(addFilter(' tar ', 'kind', 'snippet')).toBe('tar kind:snippet');
    expect(addFilter('tar kind:Snippet', 'kind', 'snippet')).toBe('tar kind:Snippet');
    expect(addFilter('', 'topic', 'Command line')).toBe('topic:"Command line"');
    expect(hasFilter('a topic:"command line"', { field: 'topic', value: 'Command line' })).toBe(true);
  });

  it('removes every occurrence of a filter and keeps the rest in order', () => {
    expect(removeFilter('tar kind:snippet  gzip topic:"Command line" kind:snippet', { field: 'kind', value: 'snippet' })).toBe(
      'tar gzip topic:"Command line"',
    );
    expect(removeFilter('tar topic:"Command line"', { field: 'topic', value: 'command line' })).toBe('tar');
    expect(removeFilter('tar kind:rule', { field: 'kind', value: 'snippet' })).toBe('tar kind:rule');
  });

  it('measures edit distance', () => {
    expect(editDistance('rebsae', 'rebase')).toBe(2);
    expect(editDistance('tar', 'tar')).toBe(0);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('FakeApi.search', () => {
  const fake = new FakeApi({
    items: [
      makeItem({ id: 'tar', title: 'tar', kind: 'snippet', topic: 'Command line', tags: ['cli'], summary: 'archives <b>&</b> more' }),
      makeItem({ id: 'tar-de', title: 'tar auf Deutsch', kind: 'snippet', topic: 'Command line', language: 'de', pack: 'kurs' }),
      makeItem({ id: 'tar-how', title: 'Back up with tar', kind: 'how-to', topic: 'Backups', tags: ['cli'] }),
      makeItem({ id: 'rebase', title: 'git rebase', kind: 'snippet', topic: 'Git' }),
    ],
  });

  it('filters by every field and reports what it understood', async () => {
    const r = await fake.search({ query: 'tar kind:snippet lang:de', language: 'en' });
    expect(r.hits.map((h) => h.id)).toEqual(['tar-de']);
    expect(r.filters).toEqual([
      { field: 'kind', value: 'snippet' },
      { field: 'lang', value: 'de' },
    ]);
    expect((await fake.search({ query: 'tag:cli' })).hits.map((h) => h.id).sort()).toEqual(['tar', 'tar-how']);
    expect((await fake.search({ query: 'topic:"command line"' })).total).toBe(2);
    expect((await fake.search({ query: 'course:kurs' })).hits.map((h) => h.id)).toEqual(['tar-de']);
    expect((await fake.search({ query: '' })).total).toBe(0);
  });

  it('counts facets over all matches, not the page', async () => {
    const r = await fake.search({ query: 'tar', limit: 1, facets: true });
    expect(r.hits).toHaveLength(1);
    expect(r.total).toBe(3);
    expect(r.facets?.kinds).toEqual([
      { value: 'snippet', count: 2 },
      { value: 'how-to', count: 1 },
    ]);
    expect(r.facets?.languages).toEqual([
      { value: 'en', count: 2 },
      { value: 'de', count: 1 },
    ]);
    expect((await fake.search({ query: 'tar' })).facets).toBeUndefined();
  });

  it('pages with offset and limit', async () => {
    const all = (await fake.search({ query: 'tar' })).hits.map((h) => h.id);
    const page2 = await fake.search({ query: 'tar', limit: 2, offset: 2 });
    expect(page2.hits.map((h) => h.id)).toEqual(all.slice(2));
    expect(page2.total).toBe(3);
  });

  it('suggests a spelling from the titles when nothing matches, keeping the filters', async () => {
    const r = await fake.search({ query: 'rebsae kind:snippet' });
    expect(r.total).toBe(0);
    expect(r.suggestion).toBe('rebase kind:snippet');
    expect((await fake.search({ query: 'qqqqqq' })).suggestion).toBeUndefined();
  });

  it('marks the words in escaped snippets', async () => {
    const r = await fake.search({ query: 'archives' });
    expect(r.hits[0].snippet).toBe('<mark>archives</mark> &lt;b&gt;&amp;&lt;/b&gt; more');
  });
});

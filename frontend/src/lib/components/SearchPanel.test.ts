import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setApi, type SearchResult } from '../api';
import { deferred, FakeApi, makeItem, type Deferred } from '../api/fake';
import { SearchStore } from '../stores/search.svelte';
import SearchBox from './SearchBox.svelte';
import SearchPanel from './SearchPanel.svelte';

function items() {
  return [
    makeItem({ id: 'tar', title: 'tar archives', kind: 'snippet', topic: 'Command line', summary: 'pack files with tar' }),
    makeItem({ id: 'tar-gz', title: 'tar with gzip', kind: 'how-to', topic: 'Command line', summary: 'compress tar files' }),
    makeItem({ id: 'star', title: 'star tar clone', kind: 'article', topic: 'Tools', summary: 'another tar', language: 'de' }),
    makeItem({ id: 'rebase', title: 'git rebase', kind: 'snippet', topic: 'Git', summary: 'move commits' }),
  ];
}

describe('SearchPanel', () => {
  let fake: FakeApi;
  let store: SearchStore;
  let onOpen: ReturnType<typeof vi.fn<(id: string) => void>>;

  beforeEach(() => {
    fake = new FakeApi({ items: items() });
    setApi(fake);
    store = new SearchStore({ debounceMs: 0, language: () => 'en', facets: true });
    onOpen = vi.fn<(id: string) => void>();
  });

  function setup() {
    const user = userEvent.setup();
    render(SearchBox, { store, onOpen });
    const input = screen.getByTestId('search-input') as HTMLInputElement;
    return { user, input };
  }

  async function typeQuery(q: string, expected = 3) {
    const { user, input } = setup();
    await user.click(input);
    await user.keyboard(q);
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(expected));
    return { user, input };
  }

  const options = () => screen.getAllByRole('option');

  it('is a combobox controlling a listbox of options, with the total and time taken', async () => {
    const { input } = await typeQuery('tar');
    expect(input).toHaveAttribute('role', 'combobox');
    expect(input).toHaveAttribute('aria-expanded', 'true');
    const listbox = screen.getByRole('listbox');
    expect(input).toHaveAttribute('aria-controls', listbox.id);
    expect(options()).toHaveLength(3);
    expect(screen.getByTestId('search-total')).toHaveTextContent('3 results');
    expect(screen.getByTestId('search-took')).toHaveTextContent('<1 ms');
    // The hit in another language than the person's says so.
    expect(options().find((o) => o.textContent?.includes('star tar clone'))).toHaveTextContent('de');
  });

  it('moves with Up, Down, Home and End; Enter opens the hit and remembers the query', async () => {
    const { user, input } = await typeQuery('tar');
    expect(options()[0]).toHaveAttribute('aria-selected', 'true');
    expect(input).toHaveAttribute('aria-activedescendant', options()[0].id);

    await user.keyboard('{ArrowDown}');
    expect(options()[1]).toHaveAttribute('aria-selected', 'true');
    expect(options()[0]).toHaveAttribute('aria-selected', 'false');
    expect(input).toHaveAttribute('aria-activedescendant', options()[1].id);

    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(options()[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowUp}');
    expect(options()[2]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Home}');
    expect(options()[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{End}');
    expect(options()[2]).toHaveAttribute('aria-selected', 'true');

    const id = store.hits[2].id;
    await user.keyboard('{Enter}');
    expect(onOpen).toHaveBeenCalledExactlyOnceWith(id);
    expect(screen.queryByRole('listbox')).toBeNull();
    await waitFor(() => expect(fake.recentSearchList).toEqual(['tar']));
  });

  it('opens a hit on click', async () => {
    const { user } = await typeQuery('tar');
    await user.click(screen.getByText('tar with gzip'));
    expect(onOpen).toHaveBeenCalledExactlyOnceWith('tar-gz');
    expect(fake.lastArgs('rememberSearch')).toEqual(['tar']);
  });

  it('Esc clears the query, a second Esc closes the panel', async () => {
    const { user, input } = await typeQuery('tar');
    await user.keyboard('{Escape}');
    expect(input).toHaveValue('');
    expect(screen.queryAllByTestId('search-result')).toHaveLength(0);
    expect(input).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('search-panel')).toBeNull();
    expect(input).toHaveAttribute('aria-expanded', 'false');
    expect(input).not.toHaveFocus();
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('Tab reaches the facets and chips; Esc there closes the panel', async () => {
    const { user, input } = await typeQuery('tar');
    await user.tab();
    expect(screen.getAllByTestId('search-facet')[0]).toHaveFocus();
    expect(screen.getByTestId('search-panel')).toBeInTheDocument();
    await user.keyboard('{Enter}');
    expect(input).toHaveValue('tar kind:article');
    expect(input).toHaveFocus();
    await user.tab();
    expect(screen.getByTestId('search-chip-remove')).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('search-panel')).toBeNull();
    expect(input).toHaveValue('tar kind:article');
  });

  it('Ctrl+K and / focus the box', async () => {
    const { user, input } = setup();
    expect(input).not.toHaveFocus();
    await user.keyboard('{Control>}k{/Control}');
    expect(input).toHaveFocus();
    input.blur();
    await user.keyboard('/');
    expect(input).toHaveFocus();
    expect(input).toHaveValue('');
  });

  it('says so when nothing matches, and offers the did-you-mean as a button', async () => {
    const { user, input } = setup();
    await user.click(input);
    await user.keyboard('rebsae');
    const empty = await screen.findByTestId('search-empty');
    expect(empty).toHaveTextContent('No results for “rebsae”');
    await user.click(within(empty).getByTestId('search-suggestion'));
    expect(input).toHaveValue('rebase');
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(1));
    expect(screen.queryByTestId('search-empty')).toBeNull();
    expect(input).toHaveFocus();
  });

  it('without a suggestion, suggests removing a filter', async () => {
    const { user, input } = setup();
    await user.click(input);
    await user.keyboard('gzip kind:rule');
    expect(await screen.findByTestId('search-empty')).toHaveTextContent('Try removing a filter');
    expect(screen.queryByTestId('search-suggestion')).toBeNull();
  });

  it('renders <mark> from snippets but never other markup', async () => {
    fake.searchHandler = async ({ query }) => ({
      query,
      filters: [],
      total: 1,
      tookMs: 1,
      hits: [{ id: 'x', title: 'X', kind: 'rule', topic: '', language: 'en', score: 1, snippet: 'a <mark>hit</mark> <img src=x onerror="window.pwned=1"><script>window.pwned=1</script>' }],
    });
    const { user, input } = setup();
    await user.click(input);
    await user.keyboard('hit');
    const snippet = await screen.findByTestId('search-snippet');
    expect(snippet.querySelector('mark')).toHaveTextContent('hit');
    expect(snippet.querySelector('img, script')).toBeNull();
    expect(snippet).toHaveTextContent('<script>window.pwned=1</script>');
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });

  describe('recent searches', () => {
    it('shows them in an empty box; Down and Enter run one', async () => {
      fake.recentSearchList = ['git rebase', 'tar kind:snippet'];
      const { user, input } = setup();
      await user.click(input);
      await waitFor(() => expect(screen.getAllByTestId('search-recent')).toHaveLength(2));
      const listbox = screen.getByRole('listbox');
      expect(listbox).toHaveAccessibleName('Recent searches');
      expect(input).not.toHaveAttribute('aria-activedescendant');

      await user.keyboard('{ArrowDown}{ArrowDown}');
      expect(options()[1]).toHaveAttribute('aria-selected', 'true');
      expect(input).toHaveAttribute('aria-activedescendant', options()[1].id);
      await user.keyboard('{Enter}');
      expect(input).toHaveValue('tar kind:snippet');
      await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(1));
      expect(screen.getByTestId('search-result')).toHaveTextContent('tar archives');
      expect(onOpen).not.toHaveBeenCalled();

      // Emptying the box brings them back.
      await user.clear(input);
      expect(screen.getAllByTestId('search-recent')).toHaveLength(2);
    });

    it('a click runs one; Clear forgets them and shows the tips', async () => {
      fake.recentSearchList = ['git rebase'];
      const { user, input } = setup();
      await user.click(input);
      await user.click(await screen.findByText('git rebase'));
      expect(input).toHaveValue('git rebase');
      await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(1));
      await user.clear(input);
      await user.click(screen.getByTestId('search-recent-clear'));
      expect(fake.count('clearRecentSearches')).toBe(1);
      expect(screen.queryAllByTestId('search-recent')).toHaveLength(0);
      expect(screen.getByTestId('search-tips')).toHaveTextContent('kind:snippet');
      expect(input).toHaveFocus();
    });

    it('what was opened from a search comes back as a recent search', async () => {
      const { user, input } = await typeQuery('tar');
      await user.keyboard('{Enter}');
      expect(input).not.toHaveFocus();
      // Ctrl+K selects the query; deleting it shows the recent searches.
      await user.keyboard('{Control>}k{/Control}{Backspace}');
      expect(input).toHaveValue('');
      expect(await screen.findByTestId('search-recent')).toHaveTextContent('tar');
    });
  });

  describe('filters and facets', () => {
    it('a facet adds its filter to the query; the chip removes it', async () => {
      const { user, input } = await typeQuery('tar');
      const facets = screen.getByTestId('search-facets');
      const kinds = within(facets).getByRole('group', { name: 'Filter by kind' });
      expect(within(kinds).getAllByTestId('search-facet').map((b) => b.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
        'Article1',
        'How-to1',
        'Snippet1',
      ]);
      await user.click(within(kinds).getByRole('button', { name: 'Filter by kind How-to (1)' }));
      expect(input).toHaveValue('tar kind:how-to');
      await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(1));
      const chip = screen.getByTestId('search-chip');
      expect(chip).toHaveTextContent('kind:How-to');
      // The kind is chosen now: no kind facets any more.
      expect(screen.queryByRole('group', { name: 'Filter by kind' })).toBeNull();

      await user.click(within(chip).getByRole('button', { name: 'Remove filter kind:how-to' }));
      expect(input).toHaveValue('tar');
      await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(3));
      expect(screen.queryByTestId('search-chip')).toBeNull();
      expect(input).toHaveFocus();
    });

    it('a topic with spaces is quoted, and language facets filter by lang:', async () => {
      const { user, input } = await typeQuery('tar');
      await user.click(screen.getByRole('button', { name: /^Filter by topic Command line/ }));
      expect(input).toHaveValue('tar topic:"Command line"');
      await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(2));
      await user.clear(input);
      await user.keyboard('tar');
      await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(3));
      const lang = screen.getByRole('group', { name: 'Filter by language' });
      await user.click(within(lang).getAllByTestId('search-facet').find((b) => b.dataset.value === 'de')!);
      expect(input).toHaveValue('tar lang:de');
      await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(1));
    });

    it('shows chips for filters typed by hand, as the engine understood them', async () => {
      fake.searchHandler = async ({ query }) => ({ query, filters: [{ field: 'tag', value: 'ppe' }], total: 0, hits: [], tookMs: 1 });
      const { user, input } = setup();
      await user.click(input);
      await user.keyboard('helmet tag:ppe');
      expect(await screen.findByTestId('search-chip')).toHaveTextContent('tag:ppe');
    });
  });

  it('Show more appends the next page', async () => {
    store = new SearchStore({ debounceMs: 0, limit: 2 });
    const { user } = await typeQuery('tar', 2);
    const more = screen.getByTestId('search-more');
    expect(more).toHaveTextContent('Show more · 2 of 3');
    await user.click(more);
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(3));
    expect(fake.lastArgs('search')).toEqual([{ query: 'tar', language: '', limit: 2, offset: 2 }]);
    expect(screen.queryByTestId('search-more')).toBeNull();
    expect(screen.getByTestId('search-total')).toHaveTextContent('3 results');
  });

  it('answers every keystroke but never shows an older response after a newer one', async () => {
    const pending = new Map<string, Deferred<SearchResult>>();
    fake.searchHandler = ({ query }) => {
      const d = deferred<SearchResult>();
      pending.set(query, d);
      return d.promise;
    };
    const hit = (id: string) => ({ id, title: id, kind: 'snippet' as const, topic: '', language: 'en', snippet: id, score: 1 });
    const res = (query: string, ids: string[]): SearchResult => ({ query, filters: [], total: ids.length, hits: ids.map(hit), tookMs: 1 });

    const { user, input } = setup();
    await user.click(input);
    await user.keyboard('t');
    await waitFor(() => expect(pending.has('t')).toBe(true));
    pending.get('t')!.resolve(res('t', ['tail', 'tar', 'top']));
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(3));

    await user.keyboard('a');
    await waitFor(() => expect(pending.has('ta')).toBe(true));
    await user.keyboard('r');
    await waitFor(() => expect(pending.has('tar')).toBe(true));
    // While newer queries are on their way the shown results stay, with a spinner.
    expect(screen.getByTestId('search-loading')).toBeInTheDocument();
    expect(screen.getAllByTestId('search-result')).toHaveLength(3);

    pending.get('tar')!.resolve(res('tar', ['tar']));
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(1));
    pending.get('ta')!.resolve(res('ta', ['tail', 'tar']));
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.getAllByTestId('search-result').map((r) => r.textContent)).toEqual([expect.stringContaining('tar')]);
    expect(screen.queryByTestId('search-loading')).toBeNull();
  });

  describe('compact (quick search)', () => {
    it('lists without a drop-down, has no facets, and Esc in an empty box closes the host', async () => {
      const onClose = vi.fn();
      const user = userEvent.setup();
      render(SearchPanel, { store, onOpen, onClose, compact: true, shortcuts: false });
      const input = screen.getByTestId('search-input');
      await user.keyboard('{Control>}k{/Control}');
      expect(input).not.toHaveFocus();
      await user.click(input);
      await user.keyboard('tar');
      await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(3));
      expect(screen.queryByTestId('search-facets')).toBeNull();
      await user.keyboard('{ArrowDown}{Enter}');
      expect(onOpen).toHaveBeenCalledExactlyOnceWith(store.hits[1].id);
      expect(input).toHaveFocus();
      await user.keyboard('{Escape}');
      expect(input).toHaveValue('');
      expect(onClose).not.toHaveBeenCalled();
      await user.keyboard('{Escape}');
      expect(onClose).toHaveBeenCalledOnce();
    });
  });
});

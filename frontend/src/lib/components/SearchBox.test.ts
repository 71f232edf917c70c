import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setApi } from '../api';
import { FakeApi, makeItem } from '../api/fake';
import { SearchStore } from '../stores/search.svelte';
import SearchBox from './SearchBox.svelte';

describe('SearchBox', () => {
  let fake: FakeApi;
  let store: SearchStore;
  let onOpen: ReturnType<typeof vi.fn<(id: string) => void>>;

  beforeEach(() => {
    fake = new FakeApi({
      items: [
        makeItem({ id: 'tar', title: 'tar archives', kind: 'snippet', summary: 'pack files with tar' }),
        makeItem({ id: 'tar-gz', title: 'tar with gzip', kind: 'how-to', summary: 'compress tar files' }),
        makeItem({ id: 'star', title: 'star tar clone', kind: 'article', summary: 'another tar' }),
      ],
    });
    setApi(fake);
    store = new SearchStore({ debounceMs: 0 });
    onOpen = vi.fn<(id: string) => void>();
  });

  async function typeQuery(q: string) {
    const user = userEvent.setup();
    render(SearchBox, { store, onOpen });
    const input = screen.getByTestId('search-input');
    await user.click(input);
    await user.keyboard(q);
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(3));
    return { user, input };
  }

  it('is a combobox controlling a listbox of options', async () => {
    const { input } = await typeQuery('tar');
    expect(input).toHaveAttribute('role', 'combobox');
    expect(input).toHaveAttribute('aria-expanded', 'true');
    const listbox = screen.getByRole('listbox');
    expect(input).toHaveAttribute('aria-controls', listbox.id);
    expect(screen.getAllByRole('option')).toHaveLength(3);
    expect(screen.getByTestId('search-total')).toHaveTextContent('3 results');
  });

  it('moves with Up and Down, and Enter opens the highlighted hit', async () => {
    const { user, input } = await typeQuery('tar');
    const options = () => screen.getAllByRole('option');
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

    const id = store.hits[2].id;
    await user.keyboard('{Enter}');
    expect(onOpen).toHaveBeenCalledExactlyOnceWith(id);
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('Esc closes the results, a second Esc clears the query', async () => {
    const { user, input } = await typeQuery('tar');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(input).toHaveValue('tar');
    expect(input).toHaveAttribute('aria-expanded', 'false');
    await user.keyboard('{Escape}');
    expect(input).toHaveValue('');
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('Ctrl+K and / focus the box', async () => {
    const user = userEvent.setup();
    render(SearchBox, { store, onOpen });
    const input = screen.getByTestId('search-input');
    expect(input).not.toHaveFocus();
    await user.keyboard('{Control>}k{/Control}');
    expect(input).toHaveFocus();
    input.blur();
    await user.keyboard('/');
    expect(input).toHaveFocus();
    expect(input).toHaveValue('');
  });

  it('says so when nothing matches', async () => {
    const user = userEvent.setup();
    render(SearchBox, { store, onOpen });
    await user.click(screen.getByTestId('search-input'));
    await user.keyboard('zzz');
    expect(await screen.findByTestId('search-empty')).toHaveTextContent('No results for “zzz”');
  });

  it('renders <mark> from snippets but never other markup', async () => {
    fake.searchHandler = async (query) => ({
      query,
      total: 1,
      tookMs: 1,
      hits: [{ id: 'x', title: 'X', kind: 'rule', topic: '', language: 'en', score: 1, snippet: 'a <mark>hit</mark> <img src=x onerror="window.pwned=1"><script>window.pwned=1</script>' }],
    });
    const user = userEvent.setup();
    render(SearchBox, { store, onOpen });
    await user.click(screen.getByTestId('search-input'));
    await user.keyboard('hit');
    const snippet = await screen.findByTestId('search-snippet');
    expect(snippet.querySelector('mark')).toHaveTextContent('hit');
    expect(snippet.querySelector('img, script')).toBeNull();
    expect(snippet).toHaveTextContent('<script>window.pwned=1</script>');
  });
});

import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, setApi } from '../api';
import { FakeApi, makeItem } from '../api/fake';
import { ItemStore } from '../stores/item.svelte';
import { RememberStore } from '../stores/remember.svelte';
import ItemView from './ItemView.svelte';

const HTML =
  '<p>Intro with <a href="https://example.com/docs">docs</a>, <a href="mailto:help@example.com">mail</a>, ' +
  '<a href="javascript:alert(1)">bad</a> and <a href="other/page.md">relative</a>.</p>' +
  '<pre><code class="language-sh">tar czf out.tar.gz dir\n</code></pre>' +
  '<p>Then</p><pre><code>ls -la\n</code></pre>';

describe('ItemView', () => {
  let fake: FakeApi;
  let store: ItemStore;

  beforeEach(async () => {
    fake = new FakeApi({
      items: [
        makeItem({
          id: 'tar',
          title: 'tar',
          summary: 'Archiving utility.',
          kind: 'snippet',
          topic: 'Command line',
          tags: ['linux', 'cli'],
          keyPoints: ['c creates', 'x extracts'],
          html: HTML,
          source: { name: 'tldr-pages', url: 'https://github.com/tldr-pages/tldr', license: 'CC-BY-4.0' },
          version: 4,
        }),
        makeItem({ id: 'other', title: 'Other', html: '<pre><code>echo other\n</code></pre>' }),
      ],
    });
    setApi(fake);
    store = new ItemStore();
    await store.open('tar');
  });

  function renderView() {
    const onBack = vi.fn();
    const onBrowse = vi.fn();
    const r = render(ItemView, { store, onBack, onBrowse });
    return { ...r, onBack, onBrowse };
  }

  it('renders the item and its sanitised html', () => {
    renderView();
    expect(screen.getByTestId('item-title')).toHaveTextContent('tar');
    expect(screen.getByTestId('item-summary')).toHaveTextContent('Archiving utility.');
    expect(screen.getByTestId('key-points')).toHaveTextContent('c creates');
    const content = screen.getByTestId('item-content');
    expect(content.querySelectorAll('pre')).toHaveLength(2);
    expect(content.querySelector('code.language-sh')).toHaveTextContent('tar czf out.tar.gz dir');
    expect(screen.getByTestId('item-source')).toHaveTextContent('tldr-pages');
    expect(screen.getByTestId('item-source')).toHaveTextContent('CC-BY-4.0');
    expect(screen.getByTestId('item-footer')).toHaveTextContent('Version 4');
  });

  it('adds a Copy button to every code block that copies its code', async () => {
    renderView();
    const buttons = screen.getAllByTestId('copy-button');
    expect(buttons).toHaveLength(2);
    // The buttons are added to the DOM, not to the HTML string.
    expect(store.item?.html).not.toContain('copy-button');
    await fireEvent.click(buttons[0]);
    await waitFor(() => expect(fake.copied).toEqual(['tar czf out.tar.gz dir']));
    await waitFor(() => expect(buttons[0]).toHaveTextContent('Copied'));
    await fireEvent.click(buttons[1]);
    await waitFor(() => expect(fake.copied).toEqual(['tar czf out.tar.gz dir', 'ls -la']));
  });

  it('adds Copy buttons again when another item is shown', async () => {
    renderView();
    await store.open('other');
    await waitFor(() => expect(screen.getByTestId('item-title')).toHaveTextContent('Other'));
    const buttons = screen.getAllByTestId('copy-button');
    expect(buttons).toHaveLength(1);
    await fireEvent.click(buttons[0]);
    await waitFor(() => expect(fake.copied).toEqual(['echo other']));
  });

  it('says when copying failed', async () => {
    renderView();
    fake.fail('copyText', 'internal: no clipboard');
    const button = screen.getAllByTestId('copy-button')[0];
    await fireEvent.click(button);
    await waitFor(() => expect(button).toHaveTextContent('Copy failed'));
  });

  it('opens http(s) and mailto links outside and never navigates', async () => {
    renderView();
    const link = (name: string) => screen.getByText(name, { selector: 'a' });
    for (const [name, url] of [
      ['docs', 'https://example.com/docs'],
      ['mail', 'mailto:help@example.com'],
    ]) {
      const notCancelled = await fireEvent.click(link(name));
      expect(notCancelled).toBe(false); // preventDefault was called
      expect(fake.openedURLs.at(-1)).toBe(url);
    }
    for (const name of ['bad', 'relative']) {
      expect(await fireEvent.click(link(name))).toBe(false);
    }
    expect(fake.openedURLs).toEqual(['https://example.com/docs', 'mailto:help@example.com']);
  });

  it('toggles the bookmark with the button and with the B key', async () => {
    const user = userEvent.setup();
    renderView();
    const button = screen.getByTestId('bookmark-button');
    expect(button).toHaveAttribute('aria-pressed', 'false');
    await user.click(button);
    expect(button).toHaveAttribute('aria-pressed', 'true');
    expect(fake.lastArgs('setBookmark')).toEqual(['tar', true]);
    expect(fake.bookmarks).toEqual(['tar']);

    await user.keyboard('b');
    await waitFor(() => expect(button).toHaveAttribute('aria-pressed', 'false'));
    expect(fake.lastArgs('setBookmark')).toEqual(['tar', false]);
    expect(fake.bookmarks).toEqual([]);
  });

  it('rolls the bookmark back when Go refuses', async () => {
    const user = userEvent.setup();
    renderView();
    fake.fail('setBookmark', new ApiError('internal', 'disk full'));
    const button = screen.getByTestId('bookmark-button');
    await user.click(button);
    await waitFor(() => expect(button).toHaveAttribute('aria-pressed', 'false'));
    expect(await screen.findByRole('alert')).toHaveTextContent('disk full');
  });

  it('goes back, and browses by tag', async () => {
    const user = userEvent.setup();
    const { onBack, onBrowse } = renderView();
    await user.click(screen.getByTestId('back-button'));
    expect(onBack).toHaveBeenCalledOnce();
    await user.click(screen.getByRole('button', { name: '#cli' }));
    expect(onBrowse).toHaveBeenCalledWith({ tag: 'cli' });
  });

  it('explains an item that no longer exists', async () => {
    await store.open('gone');
    renderView();
    expect(screen.getByTestId('item-error')).toHaveTextContent('no longer in your library');
  });

  describe('cards from the item', () => {
    let remember: RememberStore;

    beforeEach(async () => {
      remember = new RememberStore();
      await remember.load('tar');
    });

    function renderWithCards() {
      const onBack = vi.fn();
      const onShowCards = vi.fn();
      render(ItemView, { store, onBack, onBrowse: vi.fn(), remember, decks: ['Command line', 'Git'], onShowCards });
      return { onBack, onShowCards, user: userEvent.setup() };
    }

    it('remembers the key points once and links to the cards', async () => {
      const { user, onShowCards } = renderWithCards();
      await user.click(screen.getByRole('button', { name: 'Remember this' }));
      const done = await screen.findByTestId('remembered');
      expect(done).toHaveTextContent('Remembered · 2 cards');
      expect(fake.lastArgs('cardsFromItem')).toEqual(['tar']);
      expect(screen.queryByTestId('remember-button')).toBeNull();
      await user.click(screen.getByTestId('remembered-cards'));
      expect(onShowCards).toHaveBeenCalledWith('Command line');
    });

    it('has no Remember this without key points', async () => {
      await store.open('other');
      await remember.load('other');
      renderWithCards();
      expect(screen.queryByTestId('remember-button')).toBeNull();
      expect(screen.getByTestId('make-card-button')).toBeInTheDocument();
    });

    it('says why the cards could not be made', async () => {
      const { user } = renderWithCards();
      fake.fail('cardsFromItem', 'internal: disk full');
      await user.click(screen.getByTestId('remember-button'));
      expect(await screen.findByTestId('remember-error')).toHaveTextContent('disk full');
    });

    it('makes a card from text selected in the article', async () => {
      const { user, onBack } = renderWithCards();
      expect(screen.queryByTestId('selection-make-card')).toBeNull();
      const para = screen.getByText('Then');
      const range = document.createRange();
      range.selectNodeContents(para);
      const sel = document.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      document.dispatchEvent(new Event('selectionchange'));
      await user.click(await screen.findByTestId('selection-make-card'));

      const dialog = await screen.findByTestId('card-dialog');
      expect(dialog).toHaveAttribute('open');
      expect(within(dialog).getByLabelText('Answer')).toHaveValue('Then');
      expect(within(dialog).getByLabelText('Prompt')).toHaveValue('');
      expect(within(dialog).getByLabelText('Deck')).toHaveValue('Command line');
      await waitFor(() => expect(within(dialog).getByLabelText('Prompt')).toHaveFocus());
      await user.type(within(dialog).getByLabelText('Prompt'), 'What comes next?');
      await user.click(within(dialog).getByRole('button', { name: 'Add card' }));
      await waitFor(() => expect(screen.queryByTestId('card-dialog')).toBeNull());
      expect(fake.lastArgs('createCard')).toEqual([{ deck: 'Command line', prompt: 'What comes next?', answer: 'Then', sourceItemId: 'tar' }]);
      expect(screen.getByTestId('card-made')).toHaveTextContent('Card added to Command line.');
      expect(screen.getByTestId('remembered')).toHaveTextContent('1 card');
      expect(onBack).not.toHaveBeenCalled();
      sel.removeAllRanges();
    });

    it('closes the Make a card dialog with Esc, without leaving the item', async () => {
      const { user, onBack } = renderWithCards();
      await user.click(screen.getByTestId('make-card-button'));
      const dialog = await screen.findByTestId('card-dialog');
      expect(within(dialog).getByLabelText('Answer')).toHaveValue('');
      await user.click(within(dialog).getByRole('button', { name: 'Add card' }));
      expect(within(dialog).getByLabelText('Prompt')).toHaveAttribute('aria-invalid', 'true');
      within(dialog).getByRole('button', { name: 'Close' }).focus();
      await user.keyboard('{Escape}');
      await waitFor(() => expect(screen.queryByTestId('card-dialog')).toBeNull());
      expect(onBack).not.toHaveBeenCalled();
      expect(fake.count('createCard')).toBe(0);
    });
  });
});

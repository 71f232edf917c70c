import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { setApi } from './lib/api';
import { FakeApi, makeItem } from './lib/api/fake';
import { Inflow } from './lib/stores/app.svelte';

function library(opts: ConstructorParameters<typeof FakeApi>[0] = {}) {
  return new FakeApi({
    items: [
      makeItem({ id: 'tar', title: 'tar', kind: 'snippet', topic: 'Command line', tags: ['cli'], html: '<p>tar body</p>' }),
      makeItem({ id: 'lock', title: 'Lockout', kind: 'rule', topic: 'Safety', tags: ['safety'] }),
    ],
    ...opts,
  });
}

describe('App', () => {
  let fake: FakeApi;

  beforeEach(() => {
    fake = library();
    setApi(fake);
  });

  it('shows a calm loading state until app:ready, then the library', async () => {
    fake.infoValue.ready = false;
    render(App, { app: new Inflow({ debounceMs: 0 }) });
    expect(await screen.findByTestId('startup-loading')).toHaveTextContent('Opening your library');
    expect(fake.count('overview')).toBe(0);
    fake.emitReady();
    expect(await screen.findByTestId('sidebar')).toBeInTheDocument();
    expect(await screen.findAllByTestId('item-row')).toHaveLength(2);
    expect(screen.getByTestId('sidebar-kind-snippet')).toHaveTextContent('1');
  });

  it('shows quick search asked for before the page listened, titles the window, and leaves when Go says so', async () => {
    fake.pending = { search: true, query: 'tar', review: false };
    render(App, { app: new Inflow({ debounceMs: 0 }) });
    expect(await screen.findByTestId('quick-search')).toBeInTheDocument();
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'setTitle').at(-1)?.args[0]).toBe('Quick search: tar – Inflow'));
    fake.emitQuickHide();
    await waitFor(() => expect(screen.queryByTestId('quick-search')).toBeNull());
    expect(await screen.findByTestId('sidebar')).toBeInTheDocument();
    expect(fake.count('leaveQuick')).toBe(0);
  });

  it('opens the review session asked for before the page listened', async () => {
    fake.pending = { search: false, query: '', review: true };
    render(App, { app: new Inflow({ debounceMs: 0 }) });
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'setTitle').at(-1)?.args[0]).toBe('Review – Inflow'));
  });

  it('shows why the library could not be opened', async () => {
    fake.infoValue.ready = false;
    render(App, { app: new Inflow() });
    await screen.findByTestId('startup-loading');
    fake.emitFailed('the profile is locked by another process');
    expect(await screen.findByTestId('startup-failed')).toHaveTextContent('Inflow is already open');
    expect(screen.getByTestId('startup-error')).toHaveTextContent('the profile is locked by another process');
  });

  it('opens an item, sets the window title, and goes back with Escape', async () => {
    const user = userEvent.setup();
    render(App, { app: new Inflow() });
    const rows = await screen.findAllByTestId('item-row');
    await user.click(rows.find((r) => r.textContent?.includes('tar'))!);
    expect(await screen.findByTestId('item-title')).toHaveTextContent('tar');
    await waitFor(() => expect(fake.titles.at(-1)).toBe('tar – Inflow'));
    expect(fake.recent).toEqual(['tar']);
    await user.keyboard('{Escape}');
    expect(await screen.findByTestId('browse-view')).toBeInTheDocument();
    await waitFor(() => expect(fake.titles.at(-1)).toBe('Inflow'));
  });

  it('goes back with Alt+Left and browses a topic from the sidebar', async () => {
    const user = userEvent.setup();
    render(App, { app: new Inflow() });
    await user.click(await screen.findByTestId('sidebar-topic-safety'));
    await waitFor(() => expect(screen.getAllByTestId('item-row')).toHaveLength(1));
    await user.click(screen.getByTestId('item-row'));
    expect(await screen.findByTestId('item-title')).toHaveTextContent('Lockout');
    await user.keyboard('{Alt>}{ArrowLeft}{/Alt}');
    expect(await screen.findByTestId('browse-title')).toHaveTextContent('Safety');
    expect(screen.getByTestId('sidebar-topic-safety')).toHaveAttribute('aria-current', 'page');
  });

  it('searches from the top bar and opens the hit with Enter', async () => {
    const user = userEvent.setup();
    render(App, { app: new Inflow({ debounceMs: 0 }) });
    await screen.findAllByTestId('item-row');
    await user.keyboard('{Control>}k{/Control}');
    await user.keyboard('lockout');
    await screen.findByTestId('search-result');
    // The library's language ranks first; the main window asks for facets.
    expect(fake.lastArgs('search')).toEqual([{ query: 'lockout', language: 'en', limit: 20, facets: true }]);
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('item-title')).toHaveTextContent('Lockout');
    expect(fake.recentSearchList).toEqual(['lockout']);
    // Escape in the reader goes back, not to the search box.
    await user.keyboard('{Escape}');
    expect(await screen.findByTestId('browse-view')).toBeInTheDocument();
  });

  it('filters by a kind from the sidebar and shows empty bookmarks and recent', async () => {
    const user = userEvent.setup();
    render(App, { app: new Inflow() });
    await user.click(await screen.findByTestId('sidebar-kind-rule'));
    await waitFor(() => expect(screen.getAllByTestId('item-row')).toHaveLength(1));
    expect(screen.getByTestId('browse-title')).toHaveTextContent('Rule');
    expect(fake.lastArgs('browse')).toEqual([{ language: 'en', kind: 'rule', offset: 0, limit: 50 }]);

    await user.click(screen.getByTestId('sidebar-bookmarks'));
    expect(await screen.findByTestId('bookmarks-empty')).toHaveTextContent('No bookmarks yet');
    await user.click(screen.getByTestId('sidebar-recent'));
    expect(await screen.findByTestId('recent-empty')).toHaveTextContent('No recent items');
  });

  it('reloads the library on library:changed', async () => {
    render(App, { app: new Inflow() });
    await screen.findAllByTestId('item-row');
    fake.items.push(makeItem({ id: 'new', title: 'Brand new', kind: 'guide' }));
    fake.emitLibraryChanged();
    await waitFor(() => expect(screen.getAllByTestId('item-row')).toHaveLength(3));
    expect(await screen.findByTestId('sidebar-kind-guide')).toBeInTheDocument();
  });

  it('imports what is dropped onto the window', async () => {
    render(App, { app: new Inflow() });
    await screen.findAllByTestId('item-row');
    fake.dropFiles(['/home/me/pages']);
    await waitFor(() => expect(fake.lastArgs('importPaths')).toEqual([['/home/me/pages']]));
    expect(await screen.findByTestId('import-result')).toHaveTextContent('Import finished');
  });

  it('shows the empty library', async () => {
    setApi(new FakeApi());
    render(App, { app: new Inflow() });
    expect(await screen.findByTestId('library-empty')).toHaveTextContent('Your library is empty');
  });

  describe('review', () => {
    beforeEach(() => {
      fake.items[0].keyPoints = ['c creates', 'x extracts'];
      fake.reviews.add({ id: 'r1', deck: 'Git', prompt: 'Rebase?', answer: 'git rebase', state: 'review', stability: 2, due: new Date(Date.now() - 60_000).toISOString() });
    });

    it('shows the due count in the sidebar and keeps it live', async () => {
      render(App, { app: new Inflow() });
      const badge = await screen.findByTestId('sidebar-review-badge');
      expect(badge).toHaveTextContent('1');
      expect(screen.getByTestId('sidebar-review')).toHaveAccessibleName('Review, 1 due now');
      fake.reviews.add({ deck: 'Git', prompt: 'Two?', answer: '2', state: 'review', due: new Date(Date.now() - 1000).toISOString() });
      fake.emitReviewChanged();
      await waitFor(() => expect(badge).toHaveTextContent('2'));
      expect(screen.getByTestId('sidebar-cards')).toHaveTextContent('2');
    });

    it('reviews from the dashboard by keyboard and leaves with Escape', async () => {
      const user = userEvent.setup();
      render(App, { app: new Inflow() });
      // The dashboard sits above the library, which is still there.
      expect(await screen.findByTestId('due-now')).toHaveTextContent('1');
      expect(await screen.findAllByTestId('item-row')).toHaveLength(2);
      await user.click(screen.getByTestId('review-now'));
      expect(await screen.findByTestId('review-prompt')).toHaveTextContent('Rebase?');
      expect(screen.getByTestId('sidebar-review')).toHaveAttribute('aria-current', 'page');
      await user.keyboard(' 3');
      expect(await screen.findByTestId('review-summary')).toHaveTextContent('You reviewed 1 card');
      await waitFor(() => expect(screen.queryByTestId('sidebar-review-badge')).toBeNull());
      await user.keyboard('{Escape}');
      expect(await screen.findByTestId('review-dashboard')).toBeInTheDocument();
      await waitFor(() => expect(screen.getByTestId('reviews-this-week')).toHaveTextContent('1 review'));
    });

    it('opens a card source and comes back to the same card', async () => {
      const user = userEvent.setup();
      fake.reviews.cards = [];
      fake.reviews.add({ id: 's', deck: 'CLI', prompt: 'Extract?', answer: 'x', source: { kind: 'item', id: 'tar', title: 'tar' } });
      fake.reviews.add({ id: 't', deck: 'CLI', prompt: 'Create?', answer: 'c' });
      render(App, { app: new Inflow() });
      await user.click(await screen.findByTestId('sidebar-review'));
      expect(await screen.findByTestId('review-prompt')).toHaveTextContent('Extract?');
      await user.click(screen.getByTestId('review-source'));
      expect(await screen.findByTestId('item-title')).toHaveTextContent('tar');
      await user.keyboard('{Escape}');
      expect(await screen.findByTestId('review-prompt')).toHaveTextContent('Extract?');
      expect(fake.count('nextReview')).toBe(1);
    });

    it('remembers an item and makes a card from it, Esc closing only the dialog', async () => {
      const user = userEvent.setup();
      render(App, { app: new Inflow() });
      const rows = await screen.findAllByTestId('item-row');
      await user.click(rows.find((r) => r.textContent?.includes('tar'))!);
      await user.click(await screen.findByTestId('remember-button'));
      expect(await screen.findByTestId('remembered')).toHaveTextContent('2 cards');
      await waitFor(() => expect(screen.getByTestId('sidebar-cards')).toHaveTextContent('3'));

      await user.click(screen.getByTestId('make-card-button'));
      const dialog = await screen.findByTestId('card-dialog');
      expect(within(dialog).getByLabelText('Deck')).toHaveValue('Command line');
      within(dialog).getByRole('button', { name: 'Cancel' }).focus();
      await user.keyboard('{Escape}');
      await waitFor(() => expect(screen.queryByTestId('card-dialog')).toBeNull());
      expect(screen.getByTestId('item-title')).toHaveTextContent('tar');

      await user.click(screen.getByTestId('remembered-cards'));
      expect(await screen.findByTestId('cards-view')).toBeInTheDocument();
      await waitFor(() => expect(screen.getAllByTestId('card-row')).toHaveLength(2));
      expect(screen.getByTestId('cards-filter-deck')).toHaveValue('Command line');
    });
  });

  describe('desktop', () => {
    beforeEach(() => {
      fake.reviews.add({ id: 'r1', deck: 'Git', prompt: 'Rebase?', answer: 'git rebase', state: 'review', stability: 2, due: new Date(Date.now() - 60_000).toISOString() });
    });

    it('review:start opens the review session of every deck from any view', async () => {
      const user = userEvent.setup();
      render(App, { app: new Inflow() });
      const rows = await screen.findAllByTestId('item-row');
      await user.click(rows.find((r) => r.textContent?.includes('tar'))!);
      await screen.findByTestId('item-title');
      fake.emitReviewStart();
      expect(await screen.findByTestId('review-prompt')).toHaveTextContent('Rebase?');
      expect(fake.lastArgs('nextReview')).toEqual(['']);
      expect(screen.getByTestId('sidebar-review')).toHaveAttribute('aria-current', 'page');
      // Not from quick mode: the window was never left.
      expect(fake.count('leaveQuick')).toBe(0);
      // Back returns to the item.
      await user.keyboard('{Escape}');
      expect(await screen.findByTestId('item-title')).toHaveTextContent('tar');
    });

    it('review:start in quick mode leaves it with LeaveQuick(true) first', async () => {
      const app = new Inflow({ debounceMs: 0 });
      render(App, { app });
      await screen.findAllByTestId('item-row');
      fake.emitQuickShow('tar');
      await screen.findByTestId('quick-search');
      fake.emitReviewStart();
      expect(await screen.findByTestId('review-prompt')).toHaveTextContent('Rebase?');
      expect(screen.queryByTestId('quick-search')).toBeNull();
      expect(fake.calls.filter((c) => c.method === 'leaveQuick').map((c) => c.args)).toEqual([[true]]);
      expect(app.quick.active).toBe(false);
    });

    it('review:start before the library is open goes to the session once it is', async () => {
      fake.infoValue.ready = false;
      render(App, { app: new Inflow() });
      await screen.findByTestId('startup-loading');
      fake.emitReviewStart();
      fake.emitReady();
      expect(await screen.findByTestId('review-prompt')).toHaveTextContent('Rebase?');
      expect(fake.count('nextReview')).toBe(1);
    });

    it('asks once whether to start at login, on the home page', async () => {
      const user = userEvent.setup();
      render(App, { app: new Inflow() });
      const banner = await screen.findByTestId('autostart-banner');
      expect(banner).toHaveAccessibleName('Start Inflow when you log in? It can then remind you of due reviews.');
      await user.click(within(banner).getByRole('button', { name: 'Start at login' }));
      await waitFor(() => expect(screen.queryByTestId('autostart-banner')).toBeNull());
      expect(fake.lastArgs('answerAutostart')).toEqual([true]);
      expect(fake.desktop).toMatchObject({ autostart: true, autostartAsked: true });
    });

    it('"Not now" answers no; a refusal is shown and the question stays', async () => {
      const user = userEvent.setup();
      render(App, { app: new Inflow() });
      const banner = await screen.findByTestId('autostart-banner');
      fake.fail('answerAutostart', 'internal: cannot write ~/.config/autostart');
      await user.click(within(banner).getByRole('button', { name: 'Not now' }));
      expect(await screen.findByTestId('autostart-error')).toHaveTextContent('cannot write ~/.config/autostart');
      await user.click(within(banner).getByRole('button', { name: 'Not now' }));
      await waitFor(() => expect(screen.queryByTestId('autostart-banner')).toBeNull());
      expect(fake.lastArgs('answerAutostart')).toEqual([false]);
      expect(fake.desktop).toMatchObject({ autostart: false, autostartAsked: true });
    });

    it('does not ask when it was answered, and not outside the home page', async () => {
      fake.desktop.autostartAsked = true;
      const user = userEvent.setup();
      render(App, { app: new Inflow() });
      await screen.findByTestId('review-dashboard');
      await waitFor(() => expect(fake.count('desktopStatus')).toBe(1));
      expect(screen.queryByTestId('autostart-banner')).toBeNull();
      fake.desktop.autostartAsked = false;
      await user.click(screen.getByTestId('sidebar-bookmarks'));
      fake.emitDesktopChanged();
      await waitFor(() => expect(fake.count('desktopStatus')).toBe(2));
      expect(screen.queryByTestId('autostart-banner')).toBeNull();
      await user.click(screen.getByTestId('sidebar-home'));
      expect(await screen.findByTestId('autostart-banner')).toBeInTheDocument();
    });

    it('opens the settings from the bottom of the sidebar', async () => {
      const user = userEvent.setup();
      render(App, { app: new Inflow() });
      await user.click(await screen.findByTestId('sidebar-settings'));
      expect(await screen.findByTestId('settings-view')).toBeInTheDocument();
      expect(screen.getByTestId('sidebar-settings')).toHaveAttribute('aria-current', 'page');
      expect(await screen.findByTestId('desktop-shortcut')).toHaveValue('Ctrl+Shift+Space');
      expect(await screen.findByTestId('review-settings')).toBeInTheDocument();
      await user.keyboard('{Escape}');
      expect(await screen.findByTestId('review-dashboard')).toBeInTheDocument();
    });
  });
});

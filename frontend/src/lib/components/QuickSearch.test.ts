import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { setApi } from '../api';
import { FakeApi, makeItem } from '../api/fake';
import { Inflow } from '../stores/app.svelte';

// Quick mode as the whole app shows it: App renders only the quick search.
describe('QuickSearch', () => {
  let fake: FakeApi;

  beforeEach(() => {
    fake = new FakeApi({
      items: [
        makeItem({
          id: 'tar',
          title: 'tar',
          kind: 'snippet',
          summary: 'archives',
          html: '<p>Pack a folder with <code>tar</code>:</p><pre><code class="language-sh">tar czf out.tgz folder\n</code></pre><pre><code>tar xf out.tgz\n</code></pre>',
        }),
        makeItem({ id: 'lock', title: 'Lockout', kind: 'rule', summary: 'lock and tag', html: '<p>No code here.</p>' }),
      ],
    });
    setApi(fake);
  });

  async function quickMode(query: string) {
    const user = userEvent.setup();
    const app = new Inflow({ debounceMs: 0, copiedMs: 0 });
    render(App, { app });
    await screen.findAllByTestId('item-row');
    fake.emitQuickShow(query);
    const view = await screen.findByTestId('quick-search');
    const input = within(view).getByTestId('search-input') as HTMLInputElement;
    await waitFor(() => expect(input).toHaveFocus());
    return { user, app, input };
  }

  it('quick:show shows only the quick search, with the words typed, searched, and the caret at the end', async () => {
    const { input } = await quickMode('tar');
    expect(screen.getByTestId('quick-search')).toBeInTheDocument();
    expect(screen.queryByTestId('sidebar')).toBeNull();
    expect(screen.queryByTestId('browse-view')).toBeNull();
    expect(input).toHaveValue('tar');
    expect(input.selectionStart).toBe(3);
    expect(input.selectionEnd).toBe(3);
    expect(await screen.findAllByTestId('search-result')).toHaveLength(1);
    expect(fake.lastArgs('search')).toEqual([{ query: 'tar', language: 'en', limit: 20, facets: undefined }]);
    expect(screen.getByTestId('search-hints')).toHaveTextContent('to copy code');
    expect(screen.getByTestId('search-hints')).toHaveTextContent('Esc to close');
  });

  it('Esc calls LeaveQuick(false) and leaves quick mode, even with words in the box', async () => {
    const { user, app } = await quickMode('tar');
    await screen.findAllByTestId('search-result');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('quick-search')).toBeNull());
    expect(fake.calls.filter((c) => c.method === 'leaveQuick').map((c) => c.args)).toEqual([[false]]);
    expect(fake.windowState).toMatchObject({ quick: false, visible: false });
    expect(app.quick.active).toBe(false);
    // The full window is back, where it was.
    expect(screen.getByTestId('sidebar')).toBeInTheDocument();
    expect(screen.getByTestId('browse-view')).toBeInTheDocument();
  });

  it('Enter calls LeaveQuick(true) and opens the item in the full window, remembering the search', async () => {
    const { user } = await quickMode('lock');
    await screen.findAllByTestId('search-result');
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('item-title')).toHaveTextContent('Lockout');
    expect(fake.lastArgs('leaveQuick')).toEqual([true]);
    expect(fake.windowState).toMatchObject({ quick: false, visible: true });
    expect(screen.queryByTestId('quick-search')).toBeNull();
    expect(screen.getByTestId('sidebar')).toBeInTheDocument();
    expect(fake.recentSearchList).toEqual(['lock']);
    // Back goes to where the window was before.
    await user.keyboard('{Escape}');
    expect(await screen.findByTestId('browse-view')).toBeInTheDocument();
  });

  it('Ctrl+Enter copies the first code block, says "Copied", then calls LeaveQuick(false)', async () => {
    const user = userEvent.setup();
    const app = new Inflow({ debounceMs: 0, copiedMs: 30 });
    render(App, { app });
    await screen.findAllByTestId('item-row');
    fake.emitQuickShow('tar');
    await screen.findAllByTestId('search-result');
    await waitFor(() => expect(screen.getByTestId('search-input')).toHaveFocus());
    await user.keyboard('{Control>}{Enter}{/Control}');
    const status = await screen.findByTestId('quick-status');
    await waitFor(() => expect(status).toHaveTextContent('Copied the code of “tar”'));
    expect(status).toHaveAttribute('aria-live', 'polite');
    expect(fake.copied).toEqual(['tar czf out.tgz folder']);
    await waitFor(() => expect(screen.queryByTestId('quick-search')).toBeNull());
    expect(fake.lastArgs('leaveQuick')).toEqual([false]);
    // The item was not opened in the full window.
    expect(screen.queryByTestId('item-title')).toBeNull();
  });

  it('Ctrl+Enter on an item without code copies its title', async () => {
    const { user } = await quickMode('lockout');
    await screen.findAllByTestId('search-result');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(fake.copied).toEqual(['Lockout']));
    await waitFor(() => expect(fake.lastArgs('leaveQuick')).toEqual([false]));
  });

  it('the sidebar button asks Go for quick search, showing the shortcut', async () => {
    const user = userEvent.setup();
    render(App, { app: new Inflow({ debounceMs: 0 }) });
    const button = await screen.findByTestId('sidebar-quick-search');
    await waitFor(() => expect(screen.getByTestId('sidebar-quick-shortcut')).toHaveTextContent('Ctrl+Shift+Space'));
    expect(button).toHaveAttribute('title', 'Quick search from anywhere: Ctrl+Shift+Space');
    expect(button).toHaveAccessibleDescription('Quick search from anywhere: Ctrl+Shift+Space');
    await user.click(button);
    expect(fake.count('quickSearch')).toBe(1);
    const input = within(await screen.findByTestId('quick-search')).getByTestId('search-input');
    expect(screen.queryByTestId('sidebar')).toBeNull();
    await waitFor(() => expect(input).toHaveFocus());
    expect(input).toHaveValue('');
  });

  it('a second quick:show while open replaces the words and keeps the caret at the end', async () => {
    const { input } = await quickMode('tar');
    await screen.findAllByTestId('search-result');
    fake.emitQuickShow('lockout');
    await waitFor(() => expect(input).toHaveValue('lockout'));
    await waitFor(() => expect(screen.getByTestId('search-result')).toHaveTextContent('Lockout'));
    expect(input.selectionStart).toBe(7);
  });
});

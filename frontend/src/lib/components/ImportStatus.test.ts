import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { setApi, type ImportReport } from '../api';
import { deferred, FakeApi } from '../api/fake';
import { ImportStore } from '../stores/importer.svelte';
import ImportMenu from './ImportMenu.svelte';
import ImportStatus from './ImportStatus.svelte';

describe('import UI', () => {
  let fake: FakeApi;
  let store: ImportStore;

  beforeEach(() => {
    fake = new FakeApi();
    setApi(fake);
    store = new ImportStore();
    store.listen();
  });

  it('shows a progress bar driven by import:progress', async () => {
    const done = deferred<ImportReport>();
    fake.importHandler = () => done.promise;
    render(ImportStatus, { store });
    const run = store.run(['/notes']);
    const bar = await screen.findByTestId('import-progress');
    expect(bar).toHaveAttribute('role', 'progressbar');
    expect(bar).not.toHaveAttribute('aria-valuenow');

    fake.emitProgress({ path: '/notes', phase: 'reading', done: 5, total: 20, name: '/notes/tar.md' });
    await expect.poll(() => bar.getAttribute('aria-valuenow')).toBe('25');
    expect(screen.getByTestId('import-phase')).toHaveTextContent('Reading files · 5/20');
    expect(screen.getByTestId('import-running')).toHaveTextContent('tar.md');

    done.resolve({ packs: [], failed: [] });
    await run;
    await expect.poll(() => screen.queryByTestId('import-progress')).toBeNull();
  });

  it('lists what each pack changed and every failure with its error', async () => {
    fake.importHandler = async () => ({
      packs: [{ path: '/notes', packId: 'notes', title: 'My notes', added: 12, updated: 3, unchanged: 40, removed: 1 }],
      failed: [
        { path: '/notes/broken.md', code: 'invalid', error: 'broken.md:3: front matter: kind "howto" is not valid' },
        { path: '/x.zip', code: 'too_large', error: 'x.zip: larger than 64 MiB' },
      ],
    });
    render(ImportStatus, { store });
    await store.run(['/notes', '/x.zip']);
    const result = await screen.findByTestId('import-result');
    expect(result).toHaveTextContent('Imported with problems');
    expect(screen.getByTestId('import-pack')).toHaveTextContent('My notes — 12 added, 3 updated, 1 removed, 40 unchanged');
    const failures = screen.getAllByTestId('import-failure');
    expect(failures).toHaveLength(2);
    expect(failures[0]).toHaveTextContent('broken.md:3: front matter: kind "howto" is not valid');
    expect(within(failures[1]).getByText('x.zip')).toBeInTheDocument();
    expect(failures[1]).toHaveTextContent('larger than 64 MiB');

    await userEvent.setup().click(screen.getByTestId('import-dismiss'));
    expect(screen.queryByTestId('import-result')).toBeNull();
  });

  it('reports an Anki deck imported with its review history', async () => {
    fake.importHandler = async () => ({
      packs: [],
      failed: [],
      reviews: [{ path: '/home/me/Spanish.apkg', cards: 120, newCards: 120, answers: 845, duplicates: 0, skipped: 2, decks: ['Spanish', 'Spanish / Verbs'] }],
    });
    render(ImportStatus, { store });
    await store.run(['/home/me/Spanish.apkg']);
    const result = await screen.findByTestId('import-result');
    expect(result).toHaveTextContent('Import finished');
    expect(result).toHaveTextContent('1 Anki file');
    expect(screen.getByTestId('import-reviews')).toHaveTextContent('Spanish.apkg — 120 cards (120 new) in 2 decks, 845 reviews of history, 2 skipped');
  });

  it('shows a refused import', async () => {
    fake.fail('importPaths', 'conflict: an import is already running');
    render(ImportStatus, { store });
    await store.run(['/a']);
    expect(await screen.findByTestId('import-error')).toHaveTextContent('an import is already running');
  });

  it('imports files or a folder from the Import menu', async () => {
    const user = userEvent.setup();
    fake.chooseFilesResult = ['/a.md'];
    fake.chooseFolderResult = '/pages';
    render(ImportMenu, { store });
    const button = screen.getByTestId('import-button');
    expect(button).toHaveAttribute('aria-expanded', 'false');

    await user.click(button);
    expect(screen.getByRole('menu')).toBeInTheDocument();
    await user.click(screen.getByRole('menuitem', { name: /Files/ }));
    await expect.poll(() => fake.lastArgs('importPaths')).toEqual([['/a.md']]);
    expect(screen.queryByRole('menu')).toBeNull();

    // Keyboard: open with Enter, move with Down, choose with Enter.
    await expect.poll(() => button.hasAttribute('disabled')).toBe(false);
    button.focus();
    await user.keyboard('{Enter}');
    await expect.poll(() => document.activeElement?.textContent).toContain('Files');
    await user.keyboard('{ArrowDown}{Enter}');
    await expect.poll(() => fake.lastArgs('importPaths')).toEqual([['/pages']]);
  });

  it('closes the menu with Escape and returns focus', async () => {
    const user = userEvent.setup();
    render(ImportMenu, { store });
    const button = screen.getByTestId('import-button');
    await user.click(button);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(button).toHaveFocus();
    expect(fake.count('chooseFiles')).toBe(0);
  });
});

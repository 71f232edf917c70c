import { api, type Unsubscribe } from '../api';
import { ImportStore } from './importer.svelte';
import { ItemStore } from './item.svelte';
import { LibraryStore } from './library.svelte';
import { Nav, type View } from './nav.svelte';
import { SearchStore } from './search.svelte';
import { SystemStore } from './system.svelte';

/** All the stores of the app, and the actions that span several of them. */
export class Inflow {
  system = new SystemStore();
  library = new LibraryStore();
  item = new ItemStore();
  search: SearchStore;
  importer = new ImportStore();
  nav = new Nav();

  constructor(opts: { debounceMs?: number } = {}) {
    this.search = new SearchStore({ language: () => this.library.language, debounceMs: opts.debounceMs, facets: true });
  }

  /** Wires the Go events; returns a cleanup. */
  start(): Unsubscribe {
    const offs = [
      this.system.start(),
      this.importer.listen(),
      api.onLibraryChanged(() => void this.library.refresh()),
      api.onFileDrop((paths) => void this.importer.run(paths)),
    ];
    return () => offs.forEach((off) => off());
  }

  /** Loads the library once the profile is open. */
  async init(): Promise<void> {
    await this.library.load('');
    this.#enter(this.nav.view);
  }

  show(view: View): void {
    this.nav.go(view);
    this.#enter(this.nav.view);
  }

  openItem(id: string): void {
    this.show({ name: 'item', id });
  }

  back(): void {
    if (!this.nav.back()) {
      if (this.nav.view.name === 'home') return;
      this.nav.go({ name: 'home' });
    }
    this.#enter(this.nav.view);
  }

  async setLanguage(language: string): Promise<void> {
    await this.library.setLanguage(language);
    if (this.search.query.trim()) void this.search.run();
  }

  #enter(view: View): void {
    switch (view.name) {
      case 'item':
        void this.item.open(view.id);
        break;
      case 'browse':
        void this.library.browse(view.filter);
        break;
      case 'home':
        void this.library.browse({});
        void this.library.load();
        break;
      case 'bookmarks':
      case 'recent':
        void this.library.load();
        break;
    }
  }
}

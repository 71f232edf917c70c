import { api, type Unsubscribe } from '../api';
import { ImportStore } from './importer.svelte';
import { ItemStore } from './item.svelte';
import { LibraryStore } from './library.svelte';
import { CardsStore } from './cards.svelte';
import { Nav, type View } from './nav.svelte';
import { RememberStore } from './remember.svelte';
import { ReviewStore } from './review.svelte';
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
  review: ReviewStore;
  cards: CardsStore;
  remember = new RememberStore();

  constructor(opts: { debounceMs?: number; now?: () => number } = {}) {
    this.search = new SearchStore({ language: () => this.library.language, debounceMs: opts.debounceMs, facets: true });
    this.review = new ReviewStore({ now: opts.now });
    this.cards = new CardsStore({ debounceMs: opts.debounceMs });
  }

  /** Wires the Go events; returns a cleanup. */
  start(): Unsubscribe {
    const offs = [
      this.system.start(),
      this.importer.listen(),
      api.onLibraryChanged(() => void this.library.refresh()),
      api.onFileDrop((paths) => void this.importer.run(paths)),
      api.onReviewChanged(() => this.#reviewChanged()),
    ];
    return () => offs.forEach((off) => off());
  }

  /** Loads the library once the profile is open. */
  async init(): Promise<void> {
    void this.review.refresh();
    await this.library.load('');
    this.#enter(this.nav.view);
  }

  /** Starts (or resumes) reviewing deck ("" = every deck). */
  startReview(deck = ''): void {
    this.show({ name: 'review', deck });
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

  #reviewChanged(): void {
    void this.review.refresh();
    const view = this.nav.view;
    if (view.name === 'cards') void this.cards.reload();
    if (view.name === 'item') void this.remember.load(view.id);
  }

  #enter(view: View): void {
    // A session survives a look at an item (its source) and ends anywhere else.
    if (view.name !== 'review' && view.name !== 'item') this.review.session.stop();
    switch (view.name) {
      case 'review':
        void this.review.session.open(view.deck);
        break;
      case 'cards':
        void this.cards.open(view.deck ?? '');
        void this.review.refresh();
        break;
      case 'item':
        void this.item.open(view.id);
        void this.remember.load(view.id);
        break;
      case 'browse':
        void this.library.browse(view.filter);
        break;
      case 'home':
        void this.library.browse({});
        void this.library.load();
        void this.review.refresh();
        break;
      case 'bookmarks':
      case 'recent':
        void this.library.load();
        break;
    }
  }
}

import { api, toApiError, type ApiError, type Unsubscribe } from '../api';
import { ImportStore } from './importer.svelte';
import { ItemStore } from './item.svelte';
import { LibraryStore } from './library.svelte';
import { CardsStore } from './cards.svelte';
import { CoursesStore, lessonOf } from './courses.svelte';
import { DesktopStore } from './desktop.svelte';
import { Nav, type View } from './nav.svelte';
import { QuickStore } from './quick.svelte';
import { RememberStore } from './remember.svelte';
import { ReviewStore } from './review.svelte';
import { SearchStore } from './search.svelte';
import { SyncStore } from './sync.svelte';
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
  quick: QuickStore;
  desktop = new DesktopStore();
  sync = new SyncStore();
  courses: CoursesStore;
  /** Why the quick search window could not be asked for. */
  quickError = $state<ApiError | null>(null);

  constructor(opts: { debounceMs?: number; now?: () => number; copiedMs?: number } = {}) {
    this.search = new SearchStore({ language: () => this.library.language, debounceMs: opts.debounceMs, facets: true });
    this.quick = new QuickStore({ language: () => this.library.language, debounceMs: opts.debounceMs, copiedMs: opts.copiedMs });
    this.review = new ReviewStore({ now: opts.now });
    this.cards = new CardsStore({ debounceMs: opts.debounceMs });
    this.courses = new CoursesStore({ now: opts.now });
  }

  /** Wires the Go events; returns a cleanup. */
  start(): Unsubscribe {
    const offs = [
      this.system.start(),
      this.importer.listen(),
      api.onLibraryChanged(() => void this.library.refresh()),
      api.onFileDrop((paths) => void this.importer.run(paths)),
      api.onReviewChanged(() => this.#reviewChanged()),
      api.onQuickShow((query) => this.quick.show(query)),
      api.onReviewStart(() => void this.reviewNow()),
      api.onQuickHide(() => this.quick.hide()),
      this.desktop.listen(),
      this.sync.listen(),
      this.courses.listen(),
      api.onCourseOpen((o) => void this.openCourse(o.courseId, o.lessonId)),
    ];
    // A start with --search or --review may have asked before we listened.
    void api
      .pendingLaunch()
      .then((p) => {
        if (p?.search) this.quick.show(p.query);
        else if (p?.review) void this.reviewNow();
        else if (p?.course) void this.openCourse(p.course, p.lesson ?? '');
      })
      .catch(() => undefined);
    return () => offs.forEach((off) => off());
  }

  /** Loads the library once the profile is open. */
  async init(): Promise<void> {
    void this.review.refresh();
    void this.desktop.loadStatus();
    void this.sync.load();
    // Quick search shown while the library was still opening: search again now.
    if (this.quick.active && this.quick.search.query.trim()) void this.quick.search.run();
    await this.library.load('');
    this.#enter(this.nav.view);
  }

  /** Starts (or resumes) reviewing deck ("" = every deck). */
  startReview(deck = ''): void {
    this.show({ name: 'review', deck });
  }

  /**
   * "Review now" from the tray, a notification or `inflow --review`
   * (review:start): the review session of every deck, from any view, quick
   * search included.
   */
  async reviewNow(): Promise<void> {
    if (this.quick.active) await this.quick.leave(true);
    if (this.system.phase !== 'ready') {
      // init() enters the view once the library is open.
      this.nav.go({ name: 'review', deck: '' });
      return;
    }
    this.startReview('');
  }

  /** Asks Go for the quick search window (what the global shortcut does); quick:show follows. */
  async openQuickSearch(): Promise<void> {
    this.quickError = null;
    try {
      await api.quickSearch();
    } catch (e) {
      this.quickError = toApiError(e);
    }
  }

  /** A result chosen in quick search: back to the full window, showing the item. */
  async openFromQuick(id: string): Promise<void> {
    const query = this.quick.search.query;
    if (await this.quick.leave(true)) this.openItem(id, query);
  }

  show(view: View): void {
    this.nav.go(view);
    this.#enter(this.nav.view);
  }

  /** Opens an item; a course lesson (search, browse) opens in the player, at the search words. */
  openItem(id: string, find = ''): void {
    const lesson = lessonOf(id);
    if (lesson) this.show({ name: 'lesson', ...lesson, ...(find ? { find } : {}) });
    else this.show({ name: 'item', id });
  }

  /** A course's lesson to continue (tray, reminder), or its outline without one. */
  async openCourse(courseId: string, lessonId: string): Promise<void> {
    if (this.quick.active) await this.quick.leave(true);
    const view: View = lessonId ? { name: 'lesson', courseId, lessonId } : { name: 'course', id: courseId };
    if (this.system.phase !== 'ready') {
      this.nav.go(view); // init() enters it once the library is open
      return;
    }
    this.show(view);
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
      case 'courses':
        void this.courses.load();
        break;
      case 'course':
        void this.courses.openCourse(view.id);
        break;
      case 'lesson':
        void this.courses.openLesson(view.courseId, view.lessonId);
        break;
      case 'settings':
        void this.desktop.loadStatus();
        void this.desktop.loadSettings();
        void this.sync.load();
        void this.review.refresh();
        break;
    }
  }
}

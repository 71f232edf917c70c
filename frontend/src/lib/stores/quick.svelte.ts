import { api, toApiError } from '../api';
import { firstCode } from '../util/code';
import { SearchStore } from './search.svelte';

/** How long "Copied" stays on screen before the window hides. */
export const COPIED_MS = 700;

export interface QuickOptions {
  /** The language ranked first: the library's current one. */
  language?: () => string;
  debounceMs?: number;
  /** How long "Copied" shows before the window hides (tests use 0). */
  copiedMs?: number;
}

/**
 * Quick search: the compact window Go shows on the global shortcut, from the
 * tray or for `inflow --search WORDS`. While it is active the app shows only
 * the quick search box. It has a search store of its own (no facets), so the
 * top bar's search stays as it was.
 *
 * Every show and leave takes a sequence number: an answer from Go, or the
 * end of the "Copied" pause, that arrives after a newer show is ignored.
 */
export class QuickStore {
  /** Quick mode is on: the app shows only the quick search. */
  active = $state(false);
  /** Bumped by every show: the view puts the caret at the end of the box. */
  shown = $state(0);
  /** A short message for the live region ("Copied …"). */
  status = $state('');
  /** Why copying, or hiding the window, failed, for people ("" when nothing did). */
  problem = $state('');
  /** A copy is on its way. */
  copying = $state(false);
  search: SearchStore;
  readonly copiedMs: number;
  #seq = 0;

  constructor(opts: QuickOptions = {}) {
    this.search = new SearchStore({ language: opts.language, debounceMs: opts.debounceMs, facets: false });
    this.copiedMs = opts.copiedMs ?? COPIED_MS;
  }

  /** Quick mode is on (quick:show): shows the box with query typed and searched, or the recent searches. */
  show(query: string): void {
    ++this.#seq;
    this.active = true;
    this.status = '';
    this.problem = '';
    this.copying = false;
    this.shown++;
    if (query.trim()) {
      void this.search.replaceQuery(query);
    } else {
      this.search.clear();
      this.search.open = true;
      void this.search.loadRecent();
    }
  }

  /** Go left quick mode itself (quick:hide): back to the normal app, no call to Go. */
  hide(): void {
    ++this.#seq;
    this.active = false;
    this.status = '';
    this.problem = '';
    this.copying = false;
  }

  /**
   * Leaves quick mode: Go restores the normal window and shows it (show) or
   * hides it. Resolves to whether quick mode ended. When the window could not
   * be hidden, quick mode stays on with the error; when it was to be shown,
   * the app goes on to the full window anyway.
   */
  async leave(show: boolean): Promise<boolean> {
    const seq = ++this.#seq;
    try {
      await api.leaveQuick(show);
    } catch (e) {
      if (!show) {
        if (seq === this.#seq) {
          this.problem = `Could not hide the window: ${toApiError(e).message}`;
          this.status = '';
        }
        return false;
      }
    }
    if (seq !== this.#seq) return false;
    this.active = false;
    this.status = '';
    this.problem = '';
    this.copying = false;
    this.search.clear();
    return true;
  }

  /**
   * Copies the first code block of an item (or its title when it has none),
   * says so, and after a moment hides the window.
   */
  async copy(id: string): Promise<void> {
    if (this.copying) return;
    const seq = this.#seq;
    this.copying = true;
    this.status = '';
    this.problem = '';
    try {
      const item = await api.open(id);
      const code = firstCode(item.html);
      await api.copyText(code || item.title);
      if (seq !== this.#seq) return;
      this.status = code ? `Copied the code of “${item.title}”` : `Copied the title “${item.title}” (it has no code)`;
    } catch (e) {
      if (seq === this.#seq) {
        this.problem = `Could not copy: ${toApiError(e).message}`;
        this.copying = false;
      }
      return;
    }
    if (this.copiedMs > 0) await new Promise((r) => setTimeout(r, this.copiedMs));
    if (seq !== this.#seq || !this.active) return;
    this.copying = false;
    await this.leave(false);
  }
}

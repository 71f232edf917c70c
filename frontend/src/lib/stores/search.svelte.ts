import { api, toApiError, type ApiError, type SearchFacets, type SearchFilter, type SearchHit } from '../api';
import { addFilter, removeFilter } from '../util/query';

export interface SearchOptions {
  /** The language ranked first: the library's current one. */
  language?: () => string;
  debounceMs?: number;
  /** Hits per page. */
  limit?: number;
  /** Ask for facet counts (the main window's panel shows them; quick search does not). */
  facets?: boolean;
}

/** How many recent searches are shown. */
export const MAX_RECENT = 10;

const normalise = (q: string) => q.split(/\s+/).filter(Boolean).join(' ');

/**
 * Search as you type. Typing waits debounceMs before asking Go; every
 * request gets a sequence number and a response older than the results on
 * screen is dropped, so older results never replace newer ones. With an
 * empty query the list shows the recent searches instead of hits.
 */
export class SearchStore {
  query = $state('');
  hits = $state<SearchHit[]>([]);
  total = $state(0);
  tookMs = $state(0);
  /** The query the shown hits answer. */
  shownQuery = $state('');
  /** The filters the engine understood in shownQuery. */
  filters = $state<SearchFilter[]>([]);
  facets = $state<SearchFacets | null>(null);
  /** A did-you-mean query for shownQuery, or "". */
  suggestion = $state('');
  /** Recent searches, newest first. */
  recent = $state<string[]>([]);
  /** Index of the highlighted hit (or recent search when the query is empty), -1 for none. */
  active = $state(-1);
  /** Whether the results panel is wanted. */
  open = $state(false);
  loading = $state(false);
  /** A further page is on its way. */
  loadingMore = $state(false);
  error = $state<ApiError | null>(null);

  readonly debounceMs: number;
  readonly limit: number;
  readonly withFacets: boolean;
  #language: () => string;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #issued = 0;
  #shown = 0;

  constructor(opts: SearchOptions = {}) {
    this.debounceMs = opts.debounceMs ?? 40;
    this.limit = opts.limit ?? 20;
    this.withFacets = opts.facets ?? false;
    this.#language = opts.language ?? (() => '');
  }

  /** The language ranked first. */
  get language(): string {
    return this.#language();
  }

  /** Whether the list shows recent searches (the query is empty) rather than hits. */
  get showingRecent(): boolean {
    return !this.query.trim();
  }

  /** The number of options in the list now shown. */
  get optionCount(): number {
    return this.showingRecent ? this.recent.length : this.hits.length;
  }

  get activeHit(): SearchHit | undefined {
    return this.showingRecent ? undefined : this.hits[this.active];
  }

  get activeRecent(): string | undefined {
    return this.showingRecent ? this.recent[this.active] : undefined;
  }

  /** More hits than shown match. */
  get hasMore(): boolean {
    return !this.error && this.hits.length < this.total;
  }

  /** Sets the query as typed and searches after the debounce. */
  setQuery(q: string): void {
    this.query = q;
    clearTimeout(this.#timer);
    this.open = true;
    if (!q.trim()) {
      this.#reset();
      return;
    }
    this.#timer = setTimeout(() => void this.run(q), this.debounceMs);
  }

  /** Replaces the query and searches at once (a recent search, a suggestion, a filter). */
  async replaceQuery(q: string): Promise<void> {
    this.query = q;
    clearTimeout(this.#timer);
    this.open = true;
    if (!q.trim()) {
      this.#reset();
      return;
    }
    await this.run(q);
  }

  /** Searches now: the first page. */
  async run(q: string = this.query): Promise<void> {
    const seq = ++this.#issued;
    this.loading = true;
    try {
      const res = await api.search({ query: q, language: this.#language(), limit: this.limit, facets: this.withFacets || undefined });
      if (seq <= this.#shown) return;
      this.#shown = seq;
      this.hits = res.hits;
      this.total = res.total;
      this.tookMs = res.tookMs;
      this.filters = res.filters;
      this.facets = res.facets ?? null;
      this.suggestion = res.suggestion && res.suggestion !== q ? res.suggestion : '';
      this.shownQuery = q;
      this.active = res.hits.length ? 0 : -1;
      this.error = null;
    } catch (e) {
      if (seq <= this.#shown) return;
      this.#shown = seq;
      this.error = toApiError(e);
    } finally {
      if (seq === this.#issued) this.loading = false;
    }
  }

  /**
   * Appends the next page of the shown query. Dropped when anything newer
   * was asked for or shown meanwhile.
   */
  async loadMore(): Promise<void> {
    if (!this.hasMore || this.loadingMore || !this.shownQuery) return;
    const issued = this.#issued;
    const shown = this.#shown;
    const q = this.shownQuery;
    const offset = this.hits.length;
    this.loadingMore = true;
    try {
      const res = await api.search({ query: q, language: this.#language(), limit: this.limit, offset });
      if (this.#issued !== issued || this.#shown !== shown) return;
      const have = new Set(this.hits.map((h) => h.id));
      this.hits = [...this.hits, ...res.hits.filter((h) => !have.has(h.id))];
      this.total = res.total;
      if (!res.hits.length) this.total = this.hits.length;
    } catch (e) {
      if (this.#issued !== issued || this.#shown !== shown) return;
      this.error = toApiError(e);
    } finally {
      this.loadingMore = false;
    }
  }

  /** Moves the highlight by delta, wrapping around; Down on the last hit loads the next page when there is one. */
  move(delta: number): void {
    const n = this.optionCount;
    if (!n) return;
    this.open = true;
    if (this.active < 0) {
      this.active = delta > 0 ? 0 : n - 1;
      return;
    }
    if (delta > 0 && this.active === n - 1 && !this.showingRecent && this.hasMore) {
      const next = n;
      void this.loadMore().then(() => {
        if (this.hits.length > next && this.active === next - 1) this.active = next;
      });
      return;
    }
    this.active = (this.active + delta + n) % n;
  }

  /** Highlights the first option (Home) or the last (End). */
  edge(last: boolean): void {
    const n = this.optionCount;
    if (!n) return;
    this.open = true;
    this.active = last ? n - 1 : 0;
  }

  /** Adds field:value to the query and searches. */
  addFilter(field: string, value: string): Promise<void> {
    return this.replaceQuery(addFilter(this.query, field, value));
  }

  /** Removes a filter from the query text and searches what is left. */
  removeFilter(f: SearchFilter): Promise<void> {
    return this.replaceQuery(removeFilter(this.query, f));
  }

  /** Searches the did-you-mean query instead. */
  acceptSuggestion(): Promise<void> {
    return this.suggestion ? this.replaceQuery(this.suggestion) : Promise.resolve();
  }

  /** Loads the recent searches (when the box gets the focus). */
  async loadRecent(): Promise<void> {
    try {
      const qs = await api.recentSearches();
      this.recent = qs.slice(0, MAX_RECENT);
      if (this.showingRecent && this.active >= this.recent.length) this.active = this.recent.length ? 0 : -1;
    } catch {
      // recent searches are a convenience: without them the box still works
    }
  }

  /** Records a search the person acted on; the list updates at once. */
  async remember(q: string = this.query): Promise<void> {
    const n = normalise(q);
    if (!n) return;
    this.recent = [n, ...this.recent.filter((r) => r.toLowerCase() !== n.toLowerCase())].slice(0, MAX_RECENT);
    try {
      await api.rememberSearch(n);
    } catch {
      // not worth interrupting the person for
    }
  }

  async clearRecent(): Promise<void> {
    this.recent = [];
    if (this.showingRecent) this.active = -1;
    try {
      await api.clearRecentSearches();
    } catch (e) {
      this.error = toApiError(e);
    }
  }

  /** Forgets the results; pending responses are dropped. With clearQuery, empties the box too and closes the panel. */
  clear(clearQuery = true): void {
    clearTimeout(this.#timer);
    if (clearQuery) this.query = '';
    this.#reset();
    this.open = false;
  }

  #reset(): void {
    this.#shown = ++this.#issued;
    this.hits = [];
    this.total = 0;
    this.tookMs = 0;
    this.filters = [];
    this.facets = null;
    this.suggestion = '';
    this.shownQuery = '';
    this.active = -1;
    this.loading = false;
    this.loadingMore = false;
    this.error = null;
  }
}

import { api, toApiError, type ApiError, type SearchHit } from '../api';

export interface SearchOptions {
  /** The language ranked first. */
  language?: () => string;
  debounceMs?: number;
  limit?: number;
}

/**
 * Search as you type. Typing waits debounceMs before asking Go; every
 * request gets a sequence number and a response older than the results on
 * screen is dropped, so older results never replace newer ones.
 */
export class SearchStore {
  query = $state('');
  hits = $state<SearchHit[]>([]);
  total = $state(0);
  tookMs = $state(0);
  /** The query the shown hits answer. */
  shownQuery = $state('');
  /** Index of the highlighted hit, -1 for none. */
  active = $state(-1);
  /** Whether the results panel is shown. */
  open = $state(false);
  loading = $state(false);
  error = $state<ApiError | null>(null);

  readonly debounceMs: number;
  readonly limit: number;
  #language: () => string;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #issued = 0;
  #shown = 0;

  constructor(opts: SearchOptions = {}) {
    this.debounceMs = opts.debounceMs ?? 60;
    this.limit = opts.limit ?? 20;
    this.#language = opts.language ?? (() => '');
  }

  get activeHit(): SearchHit | undefined {
    return this.hits[this.active];
  }

  /** Sets the query as typed and searches after the debounce. */
  setQuery(q: string): void {
    this.query = q;
    clearTimeout(this.#timer);
    if (!q.trim()) {
      this.clear(false);
      return;
    }
    this.open = true;
    this.#timer = setTimeout(() => void this.run(q), this.debounceMs);
  }

  /** Searches now. */
  async run(q: string = this.query): Promise<void> {
    const seq = ++this.#issued;
    this.loading = true;
    try {
      const res = await api.search(q, this.#language(), this.limit);
      if (seq <= this.#shown) return;
      this.#shown = seq;
      this.hits = res.hits;
      this.total = res.total;
      this.tookMs = res.tookMs;
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

  /** Moves the highlight by delta, wrapping around. */
  move(delta: number): void {
    const n = this.hits.length;
    if (!n) return;
    this.open = true;
    this.active = this.active < 0 ? (delta > 0 ? 0 : n - 1) : (this.active + delta + n) % n;
  }

  /** Forgets the results; pending responses are dropped. With clearQuery, empties the box too. */
  clear(clearQuery = true): void {
    clearTimeout(this.#timer);
    this.#shown = ++this.#issued;
    if (clearQuery) this.query = '';
    this.hits = [];
    this.total = 0;
    this.shownQuery = '';
    this.active = -1;
    this.open = false;
    this.loading = false;
    this.error = null;
  }
}

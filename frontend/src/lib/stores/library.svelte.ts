import { api, toApiError, type ApiError, type ItemSummary, type Kind, type Overview } from '../api';

/** What the browse list is narrowed to; empty means everything. */
export interface BrowseFilter {
  kind?: Kind;
  topic?: string;
  tag?: string;
}

export const PAGE_SIZE = 50;

export function sameFilter(a: BrowseFilter, b: BrowseFilter): boolean {
  return (a.kind ?? '') === (b.kind ?? '') && (a.topic ?? '') === (b.topic ?? '') && (a.tag ?? '') === (b.tag ?? '');
}

/**
 * The library overview (facets, recent items, bookmarks) for the chosen
 * language, and the paginated browse list. A response that arrives after a
 * newer request was made is dropped.
 */
export class LibraryStore {
  overview = $state<Overview | null>(null);
  language = $state('');
  loading = $state(false);
  error = $state<ApiError | null>(null);

  filter = $state<BrowseFilter>({});
  items = $state<ItemSummary[]>([]);
  total = $state(0);
  // True until the first page has arrived, so the empty state never flashes
  // before the library has answered.
  listLoading = $state(true);
  listError = $state<ApiError | null>(null);

  readonly pageSize: number;
  #overviewSeq = 0;
  #listSeq = 0;

  constructor(opts: { pageSize?: number } = {}) {
    this.pageSize = opts.pageSize ?? PAGE_SIZE;
  }

  get hasMore(): boolean {
    return this.items.length < this.total;
  }

  /** Loads the overview; "" lets the Go side pick the language. */
  async load(language: string = this.language): Promise<void> {
    const seq = ++this.#overviewSeq;
    this.loading = true;
    try {
      const ov = await api.overview(language);
      if (seq !== this.#overviewSeq) return;
      this.overview = ov;
      this.language = ov.language;
      this.error = null;
    } catch (e) {
      if (seq === this.#overviewSeq) this.error = toApiError(e);
    } finally {
      if (seq === this.#overviewSeq) this.loading = false;
    }
  }

  /** Shows the first page of items matching filter. */
  async browse(filter: BrowseFilter = {}): Promise<void> {
    if (!sameFilter(filter, this.filter)) {
      this.items = [];
      this.total = 0;
    }
    this.filter = { ...filter };
    await this.#fetch(0, this.pageSize, false);
  }

  /** Appends the next page. */
  async loadMore(): Promise<void> {
    if (this.listLoading || !this.hasMore) return;
    await this.#fetch(this.items.length, this.pageSize, true);
  }

  async setLanguage(language: string): Promise<void> {
    if (language === this.language) return;
    this.language = language;
    this.items = [];
    this.total = 0;
    await Promise.all([this.load(language), this.#fetch(0, this.pageSize, false)]);
  }

  /** Reloads the overview and the list as far as it was shown, after the library changed. */
  async refresh(): Promise<void> {
    await Promise.all([this.load(), this.#fetch(0, Math.max(this.items.length, this.pageSize), false)]);
  }

  async #fetch(offset: number, limit: number, append: boolean): Promise<void> {
    const seq = ++this.#listSeq;
    this.listLoading = true;
    try {
      if (!this.language) await this.load('');
      const page = await api.browse({ language: this.language, ...this.filter, offset, limit });
      if (seq !== this.#listSeq) return;
      this.items = append ? [...this.items, ...page.items] : page.items;
      this.total = page.total;
      this.listError = null;
    } catch (e) {
      if (seq === this.#listSeq) this.listError = toApiError(e);
    } finally {
      if (seq === this.#listSeq) this.listLoading = false;
    }
  }
}

import { api, toApiError, type ApiError, type Card, type CardFilterState, type CardInput } from '../api';

export const CARDS_PAGE_SIZE = 25;

/**
 * The cards list: filters by deck, state and text (typed text waits
 * debounceMs), one page at a time, and the edits made from it. A response
 * older than the list on screen is dropped. Edits resolve to why Go refused
 * them, or null, and reload the page.
 */
export class CardsStore {
  deck = $state('');
  text = $state('');
  state = $state<CardFilterState>('');
  offset = $state(0);
  cards = $state<Card[]>([]);
  total = $state(0);
  loading = $state(false);
  error = $state<ApiError | null>(null);

  readonly pageSize: number;
  readonly debounceMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #seq = 0;

  constructor(opts: { pageSize?: number; debounceMs?: number } = {}) {
    this.pageSize = opts.pageSize ?? CARDS_PAGE_SIZE;
    this.debounceMs = opts.debounceMs ?? 200;
  }

  get hasPrev(): boolean {
    return this.offset > 0;
  }

  get hasNext(): boolean {
    return this.offset + this.pageSize < this.total;
  }

  /** Shows the first page of deck ("" = every deck), keeping the other filters. */
  open(deck = ''): Promise<void> {
    this.deck = deck;
    this.offset = 0;
    return this.reload();
  }

  setDeck(deck: string): Promise<void> {
    return this.open(deck);
  }

  setState(state: CardFilterState): Promise<void> {
    this.state = state;
    this.offset = 0;
    return this.reload();
  }

  /** Filters by text after the debounce. */
  setText(text: string): void {
    this.text = text;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.offset = 0;
      void this.reload();
    }, this.debounceMs);
  }

  nextPage(): Promise<void> {
    if (!this.hasNext) return Promise.resolve();
    this.offset += this.pageSize;
    return this.reload();
  }

  prevPage(): Promise<void> {
    if (!this.hasPrev) return Promise.resolve();
    this.offset = Math.max(0, this.offset - this.pageSize);
    return this.reload();
  }

  /** Fetches the current page again. */
  async reload(): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const page = await api.cards({ deck: this.deck, text: this.text.trim(), state: this.state, limit: this.pageSize, offset: this.offset });
      if (seq !== this.#seq) return;
      // The last card of the last page was removed: show the page before.
      if (!page.cards.length && this.offset > 0 && page.total > 0) {
        this.offset = Math.max(0, Math.floor((page.total - 1) / this.pageSize) * this.pageSize);
        return this.reload();
      }
      this.cards = page.cards;
      this.total = page.total;
      this.error = null;
    } catch (e) {
      if (seq === this.#seq) this.error = toApiError(e);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  async #edit(fn: () => Promise<unknown>): Promise<ApiError | null> {
    try {
      await fn();
    } catch (e) {
      return toApiError(e);
    }
    await this.reload();
    return null;
  }

  create(input: CardInput): Promise<ApiError | null> {
    return this.#edit(() => api.createCard(input));
  }

  update(id: string, input: CardInput): Promise<ApiError | null> {
    return this.#edit(() => api.updateCard(id, input));
  }

  setSuspended(id: string, on: boolean): Promise<ApiError | null> {
    return this.#edit(() => api.setCardSuspended(id, on));
  }

  remove(id: string): Promise<ApiError | null> {
    return this.#edit(() => api.deleteCard(id));
  }

  /** Stops a pending debounced search. */
  dispose(): void {
    clearTimeout(this.#timer);
  }
}

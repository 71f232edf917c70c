import { api, toApiError, type ApiError, type ItemView } from '../api';

/** The item being read, and its bookmark. */
export class ItemStore {
  item = $state<ItemView | null>(null);
  loading = $state(false);
  error = $state<ApiError | null>(null);
  /** Why the last bookmark change failed; the toggle is rolled back. */
  bookmarkError = $state<ApiError | null>(null);
  #seq = 0;

  async open(id: string): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    this.error = null;
    this.bookmarkError = null;
    if (this.item?.id !== id) this.item = null;
    try {
      const view = await api.open(id);
      if (seq === this.#seq) this.item = view;
    } catch (e) {
      if (seq === this.#seq) this.error = toApiError(e);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  /** Flips the bookmark at once and rolls it back if Go refuses. */
  async toggleBookmark(): Promise<void> {
    const it = this.item;
    if (!it) return;
    const on = !it.bookmarked;
    it.bookmarked = on;
    this.bookmarkError = null;
    try {
      await api.setBookmark(it.id, on);
    } catch (e) {
      if (this.item?.id === it.id) this.item.bookmarked = !on;
      this.bookmarkError = toApiError(e);
    }
  }
}

import { sameFilter, type BrowseFilter } from './library.svelte';

export type View =
  | { name: 'home' }
  | { name: 'bookmarks' }
  | { name: 'recent' }
  | { name: 'browse'; filter: BrowseFilter }
  | { name: 'item'; id: string }
  /** A review session of one deck ("" = every deck). */
  | { name: 'review'; deck: string }
  /** The cards list, optionally of one deck. */
  | { name: 'cards'; deck?: string }
  /** Desktop, reminder and review settings. */
  | { name: 'settings' }
  /** Installed and server courses. */
  | { name: 'courses' }
  /** A course's outline. */
  | { name: 'course'; id: string }
  /** The player at a lesson; find holds the words of a search that opened it. */
  | { name: 'lesson'; courseId: string; lessonId: string; find?: string };

export function sameView(a: View, b: View): boolean {
  if (a.name !== b.name) return false;
  if (a.name === 'browse' && b.name === 'browse') return sameFilter(a.filter, b.filter);
  if (a.name === 'item' && b.name === 'item') return a.id === b.id;
  if (a.name === 'review' && b.name === 'review') return a.deck === b.deck;
  if (a.name === 'cards' && b.name === 'cards') return (a.deck ?? '') === (b.deck ?? '');
  if (a.name === 'course' && b.name === 'course') return a.id === b.id;
  if (a.name === 'lesson' && b.name === 'lesson') return a.courseId === b.courseId && a.lessonId === b.lessonId && (a.find ?? '') === (b.find ?? '');
  return true;
}

const MAX_HISTORY = 100;

/** Which view is shown, with a history for Back. */
export class Nav {
  view = $state<View>({ name: 'home' });
  history = $state<View[]>([]);

  get canGoBack(): boolean {
    return this.history.length > 0;
  }

  go(view: View): void {
    if (sameView(view, this.view)) return;
    this.history = [...this.history, this.view].slice(-MAX_HISTORY);
    this.view = view;
  }

  /** Returns to the previous view; false when there is none. */
  back(): boolean {
    const prev = this.history.at(-1);
    if (!prev) return false;
    this.history = this.history.slice(0, -1);
    this.view = prev;
    return true;
  }
}

// An in-memory Api for tests and for the `?fake` preview mode. It keeps
// items, bookmarks and recent views like the Go side does, records what the
// frontend asked of it, and lets a test hold or fail any call.
import type { Api, PendingLaunch } from './api';
import { ApiError, parseError } from './errors';
import type {
  AnswerResult,
  ContinueCourse,
  CourseList,
  CourseOpen,
  CourseOutline,
  CourseProgress,
  LessonPage,
  QuizGrade,
  QuizResponse,
  AppInfo,
  Card,
  CardInput,
  CardList,
  CardQuery,
  DesktopSettings,
  DesktopStatus,
  Facet,
  ImportProgress,
  ImportReport,
  ItemFilter,
  ItemList,
  ItemSummary,
  ItemView,
  Overview,
  PackInfo,
  Rating,
  ReminderSettings,
  ReviewHome,
  ReviewPrompt,
  ReviewSettings,
  SearchFacets,
  SearchHit,
  SearchRequest,
  SearchResult,
  SyncResult,
  SyncStatus,
  Unsubscribe,
} from './types';
import { KINDS } from './types';
import { FakeReviews } from './fake-review';
import { FakeCourses } from './fake-courses';
import { editDistance, formatFilter, parseQuery } from '../util/query';

/** A promise with its resolve and reject functions, to hold a call open. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (r: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Builds an ItemView with sensible defaults. */
export function makeItem(p: Partial<ItemView> & { id: string }): ItemView {
  return {
    title: p.id,
    summary: '',
    kind: 'article',
    topic: '',
    language: 'en',
    tags: [],
    html: '<p>Body</p>',
    keyPoints: [],
    source: {},
    pack: 'test',
    version: 1,
    updated: '2025-01-02T03:04:05Z',
    media: '',
    bookmarked: false,
    ...p,
  };
}

export function toSummary(v: ItemView): ItemSummary {
  const { id, title, summary, kind, topic, language, tags } = v;
  return { id, title, summary, kind, topic, language, tags };
}

type EventMap = {
  ready: AppInfo;
  failed: string;
  progress: ImportProgress;
  changed: undefined;
  drop: string[];
  review: undefined;
  quick: string;
  reviewStart: undefined;
  quickHide: undefined;
  desktop: undefined;
  sync: SyncStatus;
  courseProgress: CourseProgress;
  courseChanged: undefined;
  courseOpen: CourseOpen;
};

type Method = Exclude<keyof Api, `on${string}`>;

export interface FakeOptions {
  items?: ItemView[];
  packs?: PackInfo[];
  info?: Partial<AppInfo>;
  /** Milliseconds every call waits, to make the preview feel real. */
  latencyMs?: number;
  /** The clock of the review scheduler (ms since the epoch). */
  now?: () => number;
}

const escapeHTML = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const plain = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;/g, ' ');

const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Escaped text with <mark> around every occurrence of the words. */
function highlight(text: string, words: string[]): string {
  if (!words.length) return escapeHTML(text);
  const re = new RegExp(`(${[...words].sort((a, b) => b.length - a.length).map(reEscape).join('|')})`, 'gi');
  return text
    .split(re)
    .map((part, i) => (i % 2 ? `<mark>${escapeHTML(part)}</mark>` : escapeHTML(part)))
    .join('');
}

function count(values: string[]): Facet[] {
  const m = new Map<string, number>();
  for (const v of values) if (v) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].map(([value, n]) => ({ value, count: n })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** The shortcut of a new profile (hotkey.DefaultShortcut). */
export const DEFAULT_SHORTCUT = 'Ctrl+Shift+Space';

/** The reminder settings of a new profile (remind.DefaultSettings). */
export function defaultReminders(): ReminderSettings {
  return {
    enabled: true,
    workDays: [1, 2, 3, 4, 5],
    workStart: '09:00',
    workEnd: '17:00',
    quietStart: '00:00',
    quietEnd: '00:00',
    dueThreshold: 10,
    overdueHours: 4,
    maxPerDay: 3,
    minGapMinutes: 90,
    courseIdleDays: 3,
    timeZone: '',
  };
}

function cloneSettings(s: DesktopSettings): DesktopSettings {
  return { ...s, reminders: { ...s.reminders, workDays: [...s.reminders.workDays] } };
}

const NAMED_KEYS = ['space', 'return', 'enter', 'tab', 'escape', 'esc', 'backspace', 'insert', 'delete', 'home', 'end', 'pageup', 'pagedown', 'left', 'up', 'right', 'down', 'slash', 'period', 'comma', 'semicolon', 'minus', 'equal'];

/** A port of hotkey.Parse: "ctrl+shift+space" → "Ctrl+Shift+Space"; throws Go's "invalid: …" error. */
export function normaliseShortcut(text: string): string {
  const bad = (why: string) => new ApiError('invalid', why);
  const parts = text.trim().split('+');
  if (parts.length < 2) throw bad(`shortcut "${text}" needs a modifier and a key, like ${DEFAULT_SHORTCUT}`);
  const mods = new Set<string>();
  for (const p of parts.slice(0, -1)) {
    const m = ({ ctrl: 'Ctrl', control: 'Ctrl', shift: 'Shift', alt: 'Alt', super: 'Super', win: 'Super', meta: 'Super' } as Record<string, string>)[
      p.trim().toLowerCase()
    ];
    if (!m) throw bad(`shortcut "${text}": "${p}" is not Ctrl, Shift, Alt or Super`);
    mods.add(m);
  }
  if (![...mods].some((m) => m !== 'Shift')) throw bad(`shortcut "${text}" needs Ctrl, Alt or Super`);
  let key = parts.at(-1)!.trim();
  const lower = key.toLowerCase();
  if (/^[a-z0-9]$/i.test(key)) key = key.toUpperCase();
  else if (/^f\d+$/.test(lower) && Number(lower.slice(1)) >= 1 && Number(lower.slice(1)) <= 24) key = key.toUpperCase();
  else if (NAMED_KEYS.includes(lower)) key = lower[0].toUpperCase() + lower.slice(1);
  else throw bad(`shortcut "${text}": unknown key "${key}"`);
  return [...['Ctrl', 'Alt', 'Super', 'Shift'].filter((m) => mods.has(m)), key].join('+');
}

/** Minutes after midnight of "HH:MM" (24:00 allowed as an end), or NaN. */
function clockMinutes(t: string, end: boolean): number {
  const m = /^(\d\d):(\d\d)$/.exec(t);
  if (!m) return NaN;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if ((h < 24 && min < 60) || (end && h === 24 && min === 0)) return h * 60 + min;
  return NaN;
}

/** A port of remind.Settings.Validate: why the settings are not acceptable, or "". */
export function reminderProblem(r: ReminderSettings): string {
  const range = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
  if (!range(r.dueThreshold, 1, 10_000)) return `due threshold ${r.dueThreshold} is not 1 to 10000`;
  if (!range(r.overdueHours, 1, 720)) return `overdue hours ${r.overdueHours} is not 1 to 720`;
  if (!range(r.maxPerDay, 0, 24)) return `reminders per day ${r.maxPerDay} is not 0 to 24`;
  if (!range(r.minGapMinutes, 0, 1440)) return `gap between reminders ${r.minGapMinutes} minutes is not 0 to 1440`;
  if (!range(r.courseIdleDays, 1, 365)) return `course idle days ${r.courseIdleDays} is not 1 to 365`;
  if (!r.workDays.length) return 'work days must not be empty';
  const seen = new Set<number>();
  for (const d of r.workDays) {
    if (!range(d, 0, 6)) return `work day ${d} is not 0 (Sunday) to 6 (Saturday)`;
    if (seen.has(d)) return `work day ${d} is listed twice`;
    seen.add(d);
  }
  const clock = (what: string, t: string, end: boolean) => {
    const m = clockMinutes(t, end);
    if (Number.isNaN(m) || (!end && m === 1440)) return [NaN, `${what} ${t} is not 00:00 to ${end ? '24:00' : '23:59'}`] as const;
    return [m, ''] as const;
  };
  const [ws, e1] = clock('work hours start', r.workStart, false);
  if (e1) return e1;
  const [we, e2] = clock('work hours end', r.workEnd, true);
  if (e2) return e2;
  if (we <= ws) return `work hours end ${r.workEnd} is not after their start ${r.workStart}`;
  const [qs, e3] = clock('quiet hours start', r.quietStart, false);
  if (e3) return e3;
  const [qe, e4] = clock('quiet hours end', r.quietEnd, true);
  if (e4) return e4;
  const quiet = (m: number) => qs !== qe && (qs < qe ? m >= qs && m < qe : m >= qs || m < qe);
  let open = false;
  for (let m = ws; m < we && !open; m++) open = !quiet(m);
  if (!open) return `quiet hours ${r.quietStart} to ${r.quietEnd} cover all of the work hours ${r.workStart} to ${r.workEnd}`;
  if (r.timeZone === 'Local') return `time zone "Local" is not an IANA name (leave it empty for the local time zone)`;
  return '';
}

export class FakeApi implements Api {
  items: ItemView[];
  packs: PackInfo[];
  infoValue: AppInfo;
  /** Bookmarked ids, newest first. */
  bookmarks: string[] = [];
  /** Viewed ids, newest first. */
  recent: string[] = [];
  latencyMs: number;
  /** Cards, answers and review settings (see fake-review.ts). */
  reviews: FakeReviews;
  /** Courses, lesson progress and downloads (see fake-courses.ts). */
  courseData: FakeCourses;

  /** Every call, in order. */
  calls: { method: Method; args: unknown[] }[] = [];
  /** URLs passed to openURL. */
  openedURLs: string[] = [];
  /** Texts passed to copyText. */
  copied: string[] = [];
  titles: string[] = [];

  chooseFilesResult: string[] = [];
  chooseFolderResult = '';
  /** Recent searches, newest first. */
  recentSearchList: string[] = [];
  /** Replaces the built-in search, e.g. to hold responses with deferred(). */
  searchHandler?: (req: SearchRequest) => Promise<SearchResult>;
  /** Replaces the built-in import. */
  importHandler?: (paths: string[]) => Promise<ImportReport>;

  /** The window as WindowService left it: the quick-search panel or the normal window, shown or hidden. */
  windowState = { quick: false, visible: true, quit: false };
  /** The desktop integration as DesktopService reports it; a fresh profile (the autostart question not yet asked). */
  desktop: DesktopStatus = {
    trayAvailable: true,
    notificationsAvailable: true,
    notificationsError: '',
    shortcut: DEFAULT_SHORTCUT,
    shortcutActive: true,
    shortcutError: '',
    wayland: false,
    autostart: false,
    autostartAsked: false,
    closeToTray: true,
  };
  desktopSettingsValue: DesktopSettings = {
    closeToTray: true,
    autostart: false,
    shortcut: DEFAULT_SHORTCUT,
    reminders: defaultReminders(),
  };
  /** Shortcuts another program holds: saving one of them leaves the shortcut inactive. */
  takenShortcuts: string[] = [];
  /** How many times reminders were snoozed. */
  snoozes = 0;

  /** Sync as SyncService reports it; a fresh profile is signed out. */
  syncValue: SyncStatus = { signedIn: false, online: false, pending: 0, lastError: '', syncing: false, server: '', user: '' };
  /** The accounts of the fake sync server: user name to password. */
  syncUsers: Record<string, string> = { ann: 'ann-password-1' };
  /** Whether the fake sync server can be reached. */
  syncServerUp = true;
  #clock: () => number;

  #failures = new Map<Method, ApiError>();
  #listeners: { [K in keyof EventMap]: Set<(d: EventMap[K]) => void> } = {
    ready: new Set(),
    failed: new Set(),
    progress: new Set(),
    changed: new Set(),
    drop: new Set(),
    review: new Set(),
    quick: new Set(),
    reviewStart: new Set(),
    quickHide: new Set(),
    desktop: new Set(),
    sync: new Set(),
    courseProgress: new Set(),
    courseChanged: new Set(),
    courseOpen: new Set(),
  };

  constructor(opts: FakeOptions = {}) {
    this.items = opts.items ?? [];
    this.packs = opts.packs ?? [];
    this.latencyMs = opts.latencyMs ?? 0;
    this.reviews = new FakeReviews(opts.now);
    this.courseData = new FakeCourses(
      (p) => this.#emit('courseProgress', p),
      () => this.#emit('courseChanged', undefined),
    );
    this.#clock = opts.now ?? Date.now;
    this.bookmarks = this.items.filter((i) => i.bookmarked).map((i) => i.id);
    this.infoValue = {
      version: 'dev',
      dataDir: '/tmp/inflow-fake',
      ready: true,
      kinds: [...KINDS],
      device: 'fake-device',
      ...opts.info,
    };
  }

  /** Makes the next call of method reject with err; a string is read as Go's "code: message". */
  fail(method: Method, err: ApiError | string): void {
    this.#failures.set(method, typeof err === 'string' ? parseError(err) : err);
  }

  /** How many times method was called. */
  count(method: Method): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  /** The arguments of the last call of method. */
  lastArgs(method: Method): unknown[] | undefined {
    return this.calls.filter((c) => c.method === method).at(-1)?.args;
  }

  async #enter(method: Method, args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const err = this.#failures.get(method);
    if (err) {
      this.#failures.delete(method);
      throw err;
    }
  }

  #find(id: string): ItemView {
    const it = this.items.find((i) => i.id === id);
    if (!it) throw new ApiError('not_found', `item ${id} not found`);
    return it;
  }

  #byIds(ids: string[]): ItemSummary[] {
    return ids.flatMap((id) => {
      const it = this.items.find((i) => i.id === id);
      return it ? [toSummary(it)] : [];
    });
  }

  // --- events -------------------------------------------------------------

  #on<K extends keyof EventMap>(k: K, cb: (d: EventMap[K]) => void): Unsubscribe {
    this.#listeners[k].add(cb);
    return () => this.#listeners[k].delete(cb);
  }

  #emit<K extends keyof EventMap>(k: K, d: EventMap[K]): void {
    for (const cb of [...this.#listeners[k]]) cb(d);
  }

  listenerCount(k: keyof EventMap): number {
    return this.#listeners[k].size;
  }

  emitReady(info: Partial<AppInfo> = {}): void {
    this.infoValue = { ...this.infoValue, ready: true, error: '', ...info };
    this.#emit('ready', this.infoValue);
  }
  emitFailed(message: string): void {
    this.infoValue = { ...this.infoValue, ready: false, error: message };
    this.#emit('failed', message);
  }
  emitProgress(p: ImportProgress): void {
    this.#emit('progress', p);
  }
  emitLibraryChanged(): void {
    this.#emit('changed', undefined);
  }
  dropFiles(paths: string[]): void {
    this.#emit('drop', paths);
  }
  emitReviewChanged(): void {
    this.#emit('review', undefined);
  }
  /** What Go does on the global shortcut, the tray or `inflow --search WORDS`. */
  emitQuickShow(query = ''): void {
    this.windowState = { ...this.windowState, quick: true, visible: true };
    this.#emit('quick', query);
  }
  /** What Go does on "Review now" (tray, notification, `inflow --review`). */
  emitReviewStart(): void {
    this.windowState = { ...this.windowState, quick: false, visible: true };
    this.#emit('reviewStart', undefined);
  }
  /** What Go does when it leaves quick mode itself (tray Open, closed to the tray). */
  emitQuickHide(): void {
    this.windowState = { ...this.windowState, quick: false };
    this.#emit('quickHide', undefined);
  }
  /** Changes the sync status and tells the listeners, as Go's sync:status does. */
  emitSyncStatus(change: Partial<SyncStatus> = {}): void {
    this.syncValue = { ...this.syncValue, ...change };
    this.#emit('sync', { ...this.syncValue });
  }
  emitDesktopChanged(): void {
    this.#emit('desktop', undefined);
  }

  onReady(cb: (info: AppInfo) => void): Unsubscribe {
    return this.#on('ready', cb);
  }
  onFailed(cb: (message: string) => void): Unsubscribe {
    return this.#on('failed', cb);
  }
  onImportProgress(cb: (p: ImportProgress) => void): Unsubscribe {
    return this.#on('progress', cb);
  }
  onLibraryChanged(cb: () => void): Unsubscribe {
    return this.#on('changed', () => cb());
  }
  onFileDrop(cb: (paths: string[]) => void): Unsubscribe {
    return this.#on('drop', cb);
  }
  onReviewChanged(cb: () => void): Unsubscribe {
    return this.#on('review', () => cb());
  }
  onQuickShow(cb: (query: string) => void): Unsubscribe {
    return this.#on('quick', cb);
  }
  onReviewStart(cb: () => void): Unsubscribe {
    return this.#on('reviewStart', () => cb());
  }
  onQuickHide(cb: () => void): Unsubscribe {
    return this.#on('quickHide', () => cb());
  }
  onSyncStatus(cb: (s: SyncStatus) => void): Unsubscribe {
    return this.#on('sync', cb);
  }
  onDesktopChanged(cb: () => void): Unsubscribe {
    return this.#on('desktop', () => cb());
  }
  onCourseProgress(cb: (p: CourseProgress) => void): Unsubscribe {
    return this.#on('courseProgress', cb);
  }
  onCourseChanged(cb: () => void): Unsubscribe {
    return this.#on('courseChanged', () => cb());
  }
  onCourseOpen(cb: (o: CourseOpen) => void): Unsubscribe {
    return this.#on('courseOpen', cb);
  }
  /** What Go does on the tray's or a reminder's Continue. */
  emitCourseOpen(o: CourseOpen): void {
    this.#emit('courseOpen', o);
  }
  emitCourseChanged(): void {
    this.#emit('courseChanged', undefined);
  }

  // --- CourseService --------------------------------------------------------

  async courses(): Promise<CourseList> {
    await this.#enter('courses', []);
    return this.courseData.list();
  }
  async downloadCourse(id: string): Promise<void> {
    await this.#enter('downloadCourse', [id]);
    this.courseData.download(id);
  }
  async pauseCourse(id: string): Promise<void> {
    await this.#enter('pauseCourse', [id]);
    this.courseData.pause(id);
  }
  async resumeCourse(id: string): Promise<void> {
    await this.#enter('resumeCourse', [id]);
    this.courseData.download(id);
  }
  async removeCourse(id: string): Promise<number> {
    await this.#enter('removeCourse', [id]);
    return this.courseData.remove(id);
  }
  async courseOutline(id: string): Promise<CourseOutline> {
    await this.#enter('courseOutline', [id]);
    return this.courseData.outline(id);
  }
  async lesson(courseId: string, lessonId: string): Promise<LessonPage> {
    await this.#enter('lesson', [courseId, lessonId]);
    return this.courseData.lesson(courseId, lessonId);
  }
  async lessonProgress(courseId: string, lessonId: string, blockId: string, seconds: number): Promise<void> {
    await this.#enter('lessonProgress', [courseId, lessonId, blockId, seconds]);
    this.courseData.record(courseId, lessonId, blockId, seconds);
  }
  async answerQuiz(courseId: string, lessonId: string, blockId: string, response: QuizResponse): Promise<QuizGrade> {
    await this.#enter('answerQuiz', [courseId, lessonId, blockId, response]);
    const g = this.courseData.answer(courseId, lessonId, blockId, response);
    this.#emit('review', undefined);
    return g;
  }
  async completeLesson(courseId: string, lessonId: string): Promise<number> {
    await this.#enter('completeLesson', [courseId, lessonId]);
    const n = this.courseData.complete(courseId, lessonId);
    this.#emit('review', undefined);
    return n;
  }
  async continueCourse(): Promise<ContinueCourse | null> {
    await this.#enter('continueCourse', []);
    return this.courseData.continueCourse();
  }

  // --- services -----------------------------------------------------------

  async info(): Promise<AppInfo> {
    await this.#enter('info', []);
    return { ...this.infoValue };
  }

  async overview(language: string): Promise<Overview> {
    await this.#enter('overview', [language]);
    const languages = count(this.items.map((i) => i.language));
    if (!language) language = languages.some((l) => l.value === 'en') ? 'en' : (languages[0]?.value ?? 'en');
    const mine = this.items.filter((i) => i.language === language);
    return {
      language,
      languages,
      facets: {
        language,
        total: mine.length,
        kinds: count(mine.map((i) => i.kind)),
        topics: count(mine.map((i) => i.topic)),
        tags: count(mine.flatMap((i) => i.tags)),
      },
      recent: this.#byIds(this.recent.slice(0, 12)),
      bookmarks: this.#byIds(this.bookmarks),
      packs: this.packs,
    };
  }

  async browse(f: ItemFilter): Promise<ItemList> {
    await this.#enter('browse', [f]);
    const all = this.items
      .filter(
        (i) =>
          (!f.language || i.language === f.language) &&
          (!f.kind || i.kind === f.kind) &&
          (!f.topic || i.topic === f.topic) &&
          (!f.tag || i.tags.includes(f.tag)),
      )
      .sort((a, b) => a.title.localeCompare(b.title));
    const offset = f.offset ?? 0;
    const limit = f.limit || 50;
    return { items: all.slice(offset, offset + limit).map(toSummary), total: all.length };
  }

  async open(id: string): Promise<ItemView> {
    await this.#enter('open', [id]);
    const it = this.#find(id);
    this.recent = [id, ...this.recent.filter((r) => r !== id)];
    return { ...it, tags: [...it.tags], keyPoints: [...it.keyPoints], bookmarked: this.bookmarks.includes(id) };
  }

  async setBookmark(id: string, on: boolean): Promise<void> {
    await this.#enter('setBookmark', [id, on]);
    this.#find(id);
    this.bookmarks = this.bookmarks.filter((b) => b !== id);
    if (on) this.bookmarks.unshift(id);
    this.emitLibraryChanged();
  }

  /** Like the Go engine: words match in any order (the last also as a prefix), field:value words filter. */
  async search(req: SearchRequest): Promise<SearchResult> {
    await this.#enter('search', [req]);
    if (this.searchHandler) return this.searchHandler(req);
    const { query, language = '', limit = 0, offset = 0 } = req;
    const { words: raw, filters } = parseQuery(query);
    const words = raw.map((w) => w.toLowerCase());
    const textOf = (it: ItemView) => `${it.title} ${it.summary} ${it.tags.join(' ')} ${plain(it.html)}`.toLowerCase();
    const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    const passes = (it: ItemView) =>
      filters.every((f) => {
        switch (f.field) {
          case 'kind':
            return eq(it.kind, f.value);
          case 'topic':
            return eq(it.topic, f.value);
          case 'tag':
            return it.tags.some((t) => eq(t, f.value));
          case 'lang':
            return eq(it.language, f.value);
          case 'course':
            return eq(it.pack, f.value);
          default:
            return true;
        }
      });
    const matches: ItemView[] = [];
    const hits: SearchHit[] = [];
    if (words.length || filters.length) {
      for (const it of this.items) {
        if (!passes(it)) continue;
        const text = textOf(it);
        if (!words.every((w) => text.includes(w))) continue;
        matches.push(it);
        const inTitle = words.filter((w) => it.title.toLowerCase().includes(w)).length;
        const snippet = highlight(it.summary || plain(it.html).slice(0, 140), words);
        hits.push({
          id: it.id,
          title: it.title,
          kind: it.kind,
          topic: it.topic,
          language: it.language,
          snippet,
          score: 1 + inTitle + (it.language === language ? 0.5 : 0),
        });
      }
    }
    hits.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));
    const n = limit || 20;
    const res: SearchResult = { query, filters, total: hits.length, hits: hits.slice(offset, offset + n), tookMs: 0.4 };
    if (req.facets) {
      const facets: SearchFacets = {
        kinds: count(matches.map((i) => i.kind)),
        topics: count(matches.map((i) => i.topic)),
        languages: count(matches.map((i) => i.language)),
        tags: count(matches.flatMap((i) => i.tags)),
      };
      res.facets = facets;
    }
    if (!hits.length && words.length) {
      const suggestion = this.#suggest(words, filters.map((f) => formatFilter(f.field, f.value)));
      if (suggestion) res.suggestion = suggestion;
    }
    return res;
  }

  /** A did-you-mean: each word no item has, replaced by the nearest word of a title, topic or tag. */
  #suggest(words: string[], filters: string[]): string {
    const vocab = new Set<string>();
    for (const it of this.items) {
      for (const w of `${it.title} ${it.topic} ${it.tags.join(' ')}`.toLowerCase().split(/[^\p{L}\p{N}-]+/u)) {
        if (w.length > 1) vocab.add(w);
      }
    }
    let changed = false;
    const fixed = words.map((w) => {
      if (vocab.has(w)) return w;
      const max = w.length <= 4 ? 1 : 2;
      let best = '';
      let bestD = max + 1;
      for (const v of vocab) {
        const d = editDistance(w, v, max);
        if (d < bestD || (d === bestD && v < best)) {
          best = v;
          bestD = d;
        }
      }
      if (!best) return w;
      changed = true;
      return best;
    });
    return changed ? [...fixed, ...filters].join(' ') : '';
  }

  async recentSearches(): Promise<string[]> {
    await this.#enter('recentSearches', []);
    return [...this.recentSearchList];
  }

  /** Like the Go side: spacing normalised, once (ignoring case), newest first, at most 10. */
  async rememberSearch(query: string): Promise<void> {
    await this.#enter('rememberSearch', [query]);
    const q = query.split(/\s+/).filter(Boolean).join(' ');
    if (!q) return;
    this.recentSearchList = [q, ...this.recentSearchList.filter((o) => o.toLowerCase() !== q.toLowerCase())].slice(0, 10);
  }

  async clearRecentSearches(): Promise<void> {
    await this.#enter('clearRecentSearches', []);
    this.recentSearchList = [];
  }

  async chooseFiles(): Promise<string[]> {
    await this.#enter('chooseFiles', []);
    return [...this.chooseFilesResult];
  }

  async chooseFolder(): Promise<string> {
    await this.#enter('chooseFolder', []);
    return this.chooseFolderResult;
  }

  async importPaths(paths: string[]): Promise<ImportReport> {
    await this.#enter('importPaths', [paths]);
    if (this.importHandler) return this.importHandler(paths);
    const rep: ImportReport = { packs: [], failed: [] };
    for (const path of paths) {
      this.emitProgress({ path, phase: 'reading', done: 1, total: 1, name: path });
      rep.packs.push({ path, packId: path, title: path.split('/').pop() || path, added: 0, updated: 0, unchanged: 0, removed: 0 });
      this.emitProgress({ path, phase: 'done', done: 1, total: 1 });
    }
    this.emitLibraryChanged();
    return rep;
  }

  // --- review -------------------------------------------------------------

  async reviewHome(): Promise<ReviewHome> {
    await this.#enter('reviewHome', []);
    return this.reviews.home();
  }

  async nextReview(deck: string): Promise<ReviewPrompt | null> {
    await this.#enter('nextReview', [deck]);
    return this.reviews.next(deck);
  }

  async answerReview(cardId: string, rating: Rating, durationMs: number): Promise<AnswerResult> {
    await this.#enter('answerReview', [cardId, rating, durationMs]);
    const res = this.reviews.answer(cardId, rating, durationMs);
    this.emitReviewChanged();
    return res;
  }

  async undoReview(eventId: string): Promise<Card> {
    await this.#enter('undoReview', [eventId]);
    const card = this.reviews.undo(eventId);
    this.emitReviewChanged();
    return card;
  }

  /** A card's source: the item it was made from, or the person. */
  #source(itemId: string): Card['source'] {
    return itemId ? { kind: 'item', id: itemId, title: this.#find(itemId).title } : { kind: 'person', id: '', title: '' };
  }

  async createCard(input: CardInput): Promise<Card> {
    await this.#enter('createCard', [input]);
    const card = this.reviews.create(input, this.#source(input.sourceItemId));
    this.emitReviewChanged();
    return card;
  }

  /** One card per key point (prompt: the title and the point's number); calling again adds none. */
  async cardsFromItem(itemId: string): Promise<Card[]> {
    await this.#enter('cardsFromItem', [itemId]);
    const it = this.#find(itemId);
    if (!it.keyPoints.length) throw new ApiError('invalid', `item ${itemId} has no key points`);
    const have = this.reviews.fromItem(itemId);
    const out = it.keyPoints.map(
      (answer, i) =>
        have.find((c) => c.answer === answer) ??
        this.reviews.create(
          { deck: it.topic, prompt: `${it.title}: key point ${i + 1} of ${it.keyPoints.length}`, answer, sourceItemId: itemId },
          this.#source(itemId),
        ),
    );
    if (out.length > have.length) this.emitReviewChanged();
    return out;
  }

  async cardsForItem(itemId: string): Promise<Card[]> {
    await this.#enter('cardsForItem', [itemId]);
    return this.reviews.fromItem(itemId);
  }

  async updateCard(id: string, input: CardInput): Promise<Card> {
    await this.#enter('updateCard', [id, input]);
    const card = this.reviews.update(id, input);
    this.emitReviewChanged();
    return card;
  }

  async setCardSuspended(id: string, on: boolean): Promise<Card> {
    await this.#enter('setCardSuspended', [id, on]);
    const card = this.reviews.setSuspended(id, on);
    this.emitReviewChanged();
    return card;
  }

  async deleteCard(id: string): Promise<void> {
    await this.#enter('deleteCard', [id]);
    this.reviews.remove(id);
    this.emitReviewChanged();
  }

  async cards(q: CardQuery): Promise<CardList> {
    await this.#enter('cards', [q]);
    return this.reviews.list(q);
  }

  async reviewSettings(): Promise<ReviewSettings> {
    await this.#enter('reviewSettings', []);
    return { ...this.reviews.settings };
  }

  async saveReviewSettings(s: ReviewSettings): Promise<ReviewSettings> {
    await this.#enter('saveReviewSettings', [s]);
    const saved = this.reviews.saveSettings(s);
    this.emitReviewChanged();
    return saved;
  }

  async setDeckRetention(deck: string, retention: number): Promise<void> {
    await this.#enter('setDeckRetention', [deck, retention]);
    this.reviews.setDeckRetention(deck, retention);
    this.emitReviewChanged();
  }

  // --- window and desktop ---------------------------------------------------

  async quickSearch(): Promise<void> {
    await this.#enter('quickSearch', []);
    this.emitQuickShow('');
  }

  async leaveQuick(show: boolean): Promise<void> {
    await this.#enter('leaveQuick', [show]);
    this.windowState = { ...this.windowState, quick: false, visible: show };
  }

  /** A launch waiting for the page, as Go's WindowService.Pending returns it once. */
  pending: PendingLaunch | null = null;

  async pendingLaunch(): Promise<PendingLaunch | null> {
    await this.#enter('pendingLaunch', []);
    const p = this.pending;
    this.pending = null;
    return p;
  }

  async hideWindow(): Promise<void> {
    await this.#enter('hideWindow', []);
    this.windowState = { ...this.windowState, visible: false };
  }

  async showWindow(): Promise<void> {
    await this.#enter('showWindow', []);
    this.windowState = { ...this.windowState, visible: true };
  }

  async quit(): Promise<void> {
    await this.#enter('quit', []);
    this.windowState = { ...this.windowState, visible: false, quit: true };
  }

  async desktopStatus(): Promise<DesktopStatus> {
    await this.#enter('desktopStatus', []);
    return { ...this.desktop };
  }

  async desktopSettings(): Promise<DesktopSettings> {
    await this.#enter('desktopSettings', []);
    return cloneSettings(this.desktopSettingsValue);
  }

  /** Like the Go side: validates everything first, then applies it (the shortcut re-grabbed, autostart written). */
  async saveDesktopSettings(s: DesktopSettings): Promise<DesktopStatus> {
    await this.#enter('saveDesktopSettings', [cloneSettings(s)]);
    const shortcut = s.shortcut.trim() ? normaliseShortcut(s.shortcut) : '';
    const problem = reminderProblem(s.reminders);
    if (problem) throw new ApiError('invalid', problem);
    this.desktopSettingsValue = { ...cloneSettings(s), shortcut };
    const d = this.desktop;
    let shortcutError = '';
    if (shortcut && d.wayland) shortcutError = 'Wayland does not let apps grab keys: bind `inflow --search` in your desktop settings';
    else if (shortcut && this.takenShortcuts.some((t) => t.toLowerCase() === shortcut.toLowerCase()))
      shortcutError = `${shortcut} is already taken by another program; choose another shortcut`;
    this.desktop = {
      ...d,
      shortcut,
      shortcutActive: !!shortcut && !shortcutError,
      shortcutError,
      autostart: s.autostart,
      // As Go does: turning it on in Settings answers the first-run question.
      autostartAsked: d.autostartAsked || s.autostart,
      closeToTray: s.closeToTray,
    };
    return { ...this.desktop };
  }

  async answerAutostart(enable: boolean): Promise<DesktopStatus> {
    await this.#enter('answerAutostart', [enable]);
    this.desktopSettingsValue = { ...this.desktopSettingsValue, autostart: enable };
    this.desktop = { ...this.desktop, autostart: enable, autostartAsked: true };
    return { ...this.desktop };
  }

  async snoozeReminders(): Promise<void> {
    await this.#enter('snoozeReminders', []);
    this.snoozes++;
  }

  // --- sync ---------------------------------------------------------------------

  async syncStatus(): Promise<SyncStatus> {
    await this.#enter('syncStatus', []);
    return { ...this.syncValue };
  }

  /** Like the Go side: checks the fields, asks the server, then syncs at once. */
  async signIn(server: string, user: string, password: string): Promise<SyncStatus> {
    await this.#enter('signIn', [server, user, password]);
    server = server.trim().replace(/\/+$/, '');
    user = user.trim();
    if (!server || !user || !password) throw new ApiError('invalid', 'enter the server address, your user name and your password');
    if (!/^https?:\/\/[^/]+/.test(server)) throw new ApiError('invalid', `server "${server}" is not an http(s)://host[:port] address`);
    if (!this.syncServerUp) throw new ApiError('internal', 'sign in: cannot reach the sync server');
    if (this.syncUsers[user] !== password) throw new ApiError('invalid', 'wrong user name or password');
    this.emitSyncStatus({ signedIn: true, server, user, online: true, lastError: '' });
    this.#sync();
    return { ...this.syncValue };
  }

  async signOut(): Promise<SyncStatus> {
    await this.#enter('signOut', []);
    this.emitSyncStatus({ signedIn: false, syncing: false });
    return { ...this.syncValue };
  }

  async syncNow(): Promise<SyncResult> {
    await this.#enter('syncNow', []);
    if (!this.syncValue.signedIn) throw new ApiError('invalid', 'not signed in: sign in to a sync server first');
    const res = this.#sync();
    if (!res) throw new ApiError('internal', 'push: cannot reach the sync server');
    return res;
  }

  /** One sync: pushes what is pending, or fails as offline. */
  #sync(): SyncResult | null {
    if (!this.syncServerUp) {
      this.emitSyncStatus({ online: false, syncing: false, lastError: 'push: cannot reach the sync server' });
      return null;
    }
    const pushed = this.syncValue.pending;
    this.emitSyncStatus({ online: true, syncing: false, pending: 0, lastError: '', lastSuccess: new Date(this.#clock()).toISOString() });
    return { pushed, pulled: 0, duplicates: 0, rejected: [] };
  }

  openURL(url: string): void {
    this.calls.push({ method: 'openURL', args: [url] });
    this.openedURLs.push(url);
  }

  async copyText(text: string): Promise<void> {
    await this.#enter('copyText', [text]);
    this.copied.push(text);
  }

  setTitle(title: string): void {
    this.calls.push({ method: 'setTitle', args: [title] });
    this.titles.push(title);
  }
}

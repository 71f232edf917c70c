// The real Api: the methods Wails binds on window.go.app and its runtime on
// window.runtime. Only this file touches them.
import { EVENTS, type Api } from './api';
import { ApiError, toApiError } from './errors';
import type {
  AnswerResult,
  ContinueCourse,
  CourseLine,
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
  Facets,
  ImportProgress,
  ImportReport,
  ItemFilter,
  ItemList,
  ItemSummary,
  ItemView,
  Overview,
  QuickShow,
  ReminderSettings,
  PackInfo,
  Rating,
  ReviewHome,
  ReviewPrompt,
  ReviewSettings,
  SearchFacets,
  SearchRequest,
  SearchResult,
  SyncResult,
  SyncStatus,
  Unsubscribe,
} from './types';

/** The bound Go services, as Wails injects them. */
export interface WailsServices {
  LibraryService: {
    Overview(language: string): Promise<Overview>;
    Browse(filter: ItemFilter): Promise<ItemList>;
    Open(id: string): Promise<ItemView>;
    SetBookmark(id: string, on: boolean): Promise<void>;
  };
  SearchService: {
    Search(req: SearchRequest): Promise<SearchResult>;
    Recent(): Promise<string[] | null>;
    Remember(query: string): Promise<void>;
    ClearRecent(): Promise<void>;
  };
  ImportService: {
    ChooseFiles(): Promise<string[] | null>;
    ChooseFolder(): Promise<string>;
    Import(paths: string[]): Promise<ImportReport>;
  };
  SystemService: {
    Info(): Promise<AppInfo>;
  };
  ReviewService: {
    Home(): Promise<ReviewHome>;
    Next(deck: string): Promise<ReviewPrompt | null>;
    Answer(cardId: string, rating: Rating, durationMs: number): Promise<AnswerResult>;
    Undo(eventId: string): Promise<Card>;
    CreateCard(input: CardInput): Promise<Card>;
    CardsFromItem(itemId: string): Promise<Card[] | null>;
    CardsForItem(itemId: string): Promise<Card[] | null>;
    UpdateCard(id: string, input: CardInput): Promise<Card>;
    SetSuspended(id: string, on: boolean): Promise<Card>;
    DeleteCard(id: string): Promise<void>;
    Cards(q: CardQuery): Promise<CardList>;
    Settings(): Promise<ReviewSettings>;
    SaveSettings(s: ReviewSettings): Promise<ReviewSettings>;
    SetDeckRetention(deck: string, retention: number): Promise<void>;
  };
  WindowService: {
    QuickSearch(): Promise<void>;
    LeaveQuick(show: boolean): Promise<void>;
    Hide(): Promise<void>;
    Show(): Promise<void>;
    Quit(): Promise<void>;
    Pending(): Promise<{ search?: boolean; query?: string; review?: boolean; course?: string; lesson?: string } | null>;
  };
  DesktopService: {
    Status(): Promise<DesktopStatus>;
    Settings(): Promise<DesktopSettings>;
    SaveSettings(s: DesktopSettings): Promise<DesktopStatus>;
    AnswerAutostart(enable: boolean): Promise<DesktopStatus>;
    Snooze(): Promise<void>;
  };
  CourseService: {
    Courses(): Promise<CourseList>;
    Download(id: string): Promise<void>;
    Pause(id: string): Promise<void>;
    Resume(id: string): Promise<void>;
    Remove(id: string): Promise<number>;
    Outline(id: string): Promise<CourseOutline>;
    Lesson(courseId: string, lessonId: string): Promise<LessonPage>;
    Progress(courseId: string, lessonId: string, blockId: string, seconds: number): Promise<void>;
    Answer(courseId: string, lessonId: string, blockId: string, response: QuizResponse): Promise<QuizGrade>;
    Complete(courseId: string, lessonId: string): Promise<number>;
    Continue(): Promise<ContinueCourse | null>;
  };
  SyncService: {
    Status(): Promise<SyncStatus>;
    SignIn(server: string, user: string, password: string): Promise<SyncStatus>;
    SignOut(): Promise<SyncStatus>;
    SyncNow(): Promise<SyncResult>;
  };
}

/** The part of the Wails runtime we use. */
export interface WailsRuntime {
  EventsOn(name: string, cb: (...data: any[]) => void): () => void;
  OnFileDrop(cb: (x: number, y: number, paths: string[]) => void, useDropTarget: boolean): void;
  OnFileDropOff(): void;
  BrowserOpenURL(url: string): void;
  ClipboardSetText(text: string): Promise<boolean>;
  WindowSetTitle(title: string): void;
}

declare global {
  interface Window {
    go?: { app: WailsServices };
    runtime?: WailsRuntime;
  }
}

function services(): WailsServices {
  const s = window.go?.app;
  if (!s) throw new ApiError('internal', 'the Inflow backend is not available');
  return s;
}

function runtime(): WailsRuntime | undefined {
  return window.runtime;
}

/** Calls fn, turning a synchronous throw or a rejection into an ApiError. */
async function call<T>(fn: (s: WailsServices) => Promise<T>): Promise<T> {
  try {
    return await fn(services());
  } catch (e) {
    throw toApiError(e);
  }
}

// Go marshals nil slices as null; the rest of the frontend never sees null.
const arr = <T>(a: T[] | null | undefined): T[] => a ?? [];

function summary(s: ItemSummary): ItemSummary {
  return { ...s, summary: s.summary ?? '', topic: s.topic ?? '', tags: arr(s.tags) };
}

function facets(f: Facets | null | undefined, language: string): Facets {
  return {
    language: f?.language ?? language,
    total: f?.total ?? 0,
    kinds: arr(f?.kinds),
    topics: arr(f?.topics),
    tags: arr(f?.tags),
  };
}

function overview(o: Overview): Overview {
  return {
    language: o.language,
    languages: arr<Facet>(o.languages),
    facets: facets(o.facets, o.language),
    recent: arr(o.recent).map(summary),
    bookmarks: arr(o.bookmarks).map(summary),
    packs: arr<PackInfo>(o.packs).map((p) => ({ ...p, source: p.source ?? {} })),
  };
}

function itemView(v: ItemView): ItemView {
  return {
    ...v,
    ...summary(v),
    html: v.html ?? '',
    keyPoints: arr(v.keyPoints),
    source: v.source ?? {},
    media: v.media ?? '',
  };
}

function searchFacets(f: SearchFacets): SearchFacets {
  return { kinds: arr(f.kinds), topics: arr(f.topics), languages: arr(f.languages), tags: arr(f.tags) };
}

function searchResult(r: SearchResult): SearchResult {
  const out: SearchResult = { ...r, filters: arr(r.filters), hits: arr(r.hits) };
  if (r.facets) out.facets = searchFacets(r.facets);
  else delete out.facets;
  return out;
}

function card(c: Card): Card {
  const out: Card = {
    ...c,
    deck: c.deck ?? '',
    prompt: c.prompt ?? '',
    answer: c.answer ?? '',
    source: { kind: c.source?.kind ?? 'person', id: c.source?.id ?? '', title: c.source?.title ?? '' },
  };
  // A zero Go time ("0001-01-01T00:00:00Z") means never reviewed.
  if (!c.lastReview || c.lastReview.startsWith('0001-')) delete out.lastReview;
  return out;
}

const cards = (a: Card[] | null | undefined): Card[] => arr(a).map(card);

function reviewHome(h: ReviewHome): ReviewHome {
  return { ...h, forecast: arr(h.forecast), decks: arr(h.decks) };
}

function desktopStatus(s: DesktopStatus): DesktopStatus {
  return {
    ...s,
    notificationsError: s.notificationsError ?? '',
    shortcut: s.shortcut ?? '',
    shortcutError: s.shortcutError ?? '',
  };
}

function reminders(r: ReminderSettings): ReminderSettings {
  return { ...r, workDays: arr(r.workDays), timeZone: r.timeZone ?? '' };
}

function desktopSettings(s: DesktopSettings): DesktopSettings {
  return { ...s, shortcut: s.shortcut ?? '', reminders: reminders(s.reminders) };
}

/** Go's SyncStatus with nulls and the zero time ("never") cleaned away. */
export function syncStatus(s: Partial<SyncStatus> | null | undefined): SyncStatus {
  const out: SyncStatus = {
    signedIn: !!s?.signedIn,
    online: !!s?.online,
    pending: s?.pending ?? 0,
    lastError: s?.lastError ?? '',
    syncing: !!s?.syncing,
    server: s?.server ?? '',
    user: s?.user ?? '',
  };
  if (s?.lastSuccess && !s.lastSuccess.startsWith('0001-')) out.lastSuccess = s.lastSuccess;
  return out;
}

function courseProgress(p: CourseProgress): CourseProgress {
  const out: CourseProgress = { ...p, done: p.done ?? 0, total: p.total ?? 0, filesDone: p.filesDone ?? 0, filesTotal: p.filesTotal ?? 0, retries: p.retries ?? 0 };
  if (!p.error) delete out.error;
  return out;
}

function courseLine(c: CourseLine): CourseLine {
  const out: CourseLine = { ...c, done: c.done ?? 0, lessons: c.lessons ?? 0, size: c.size ?? 0 };
  if (c.download) out.download = courseProgress(c.download);
  else delete out.download;
  return out;
}

function courseOutline(o: CourseOutline): CourseOutline {
  return {
    ...o,
    description: o.description ?? '',
    modules: arr(o.modules).map((m) => ({ ...m, lessons: arr(m.lessons) })),
    continue: o.continue ?? '',
  };
}

function lessonPage(l: LessonPage): LessonPage {
  return {
    ...l,
    keyPoints: arr(l.keyPoints),
    blocks: arr(l.blocks).map((b) => ({
      ...b,
      prompts: arr(b.prompts),
      ...(b.question ? { question: { ...b.question, choices: arr(b.question.choices) } } : {}),
    })),
    progress: { ...l.progress, quiz: l.progress?.quiz ?? {} },
    prev: l.prev ?? '',
    next: l.next ?? '',
  };
}

const done = () => undefined;

function on<T>(name: string, cb: (data: T) => void): Unsubscribe {
  const rt = runtime();
  if (!rt) return () => {};
  return rt.EventsOn(name, (data: T) => cb(data));
}

/** Builds the Api that talks to Go through Wails. */
export function createWailsApi(): Api {
  return {
    info: () => call((s) => s.SystemService.Info()).then((i) => ({ ...i, kinds: arr(i.kinds) })),
    overview: (language) => call((s) => s.LibraryService.Overview(language)).then(overview),
    browse: (filter) =>
      call((s) => s.LibraryService.Browse(filter)).then((l) => ({
        items: arr(l.items).map(summary),
        total: l.total,
      })),
    open: (id) => call((s) => s.LibraryService.Open(id)).then(itemView),
    setBookmark: (id, on) => call((s) => s.LibraryService.SetBookmark(id, on)).then(() => undefined),
    search: (req) => call((s) => s.SearchService.Search(req)).then(searchResult),
    recentSearches: () => call((s) => s.SearchService.Recent()).then((q) => arr(q)),
    rememberSearch: (query) => call((s) => s.SearchService.Remember(query)).then(() => undefined),
    clearRecentSearches: () => call((s) => s.SearchService.ClearRecent()).then(() => undefined),
    chooseFiles: () => call((s) => s.ImportService.ChooseFiles()).then((p) => arr(p)),
    chooseFolder: () => call((s) => s.ImportService.ChooseFolder()).then((d) => d ?? ''),
    importPaths: (paths) =>
      call((s) => s.ImportService.Import(paths)).then((r) => ({
        packs: arr(r.packs),
        failed: arr(r.failed),
      })),

    reviewHome: () => call((s) => s.ReviewService.Home()).then(reviewHome),
    nextReview: (deck) =>
      call((s) => s.ReviewService.Next(deck)).then((p) => (p && p.card ? { ...p, card: card(p.card) } : null)),
    answerReview: (cardId, rating, durationMs) =>
      call((s) => s.ReviewService.Answer(cardId, rating, Math.round(durationMs))).then((r) => ({ ...r, card: card(r.card) })),
    undoReview: (eventId) => call((s) => s.ReviewService.Undo(eventId)).then(card),
    createCard: (input) => call((s) => s.ReviewService.CreateCard(input)).then(card),
    cardsFromItem: (itemId) => call((s) => s.ReviewService.CardsFromItem(itemId)).then(cards),
    cardsForItem: (itemId) => call((s) => s.ReviewService.CardsForItem(itemId)).then(cards),
    updateCard: (id, input) => call((s) => s.ReviewService.UpdateCard(id, input)).then(card),
    setCardSuspended: (id, on) => call((s) => s.ReviewService.SetSuspended(id, on)).then(card),
    deleteCard: (id) => call((s) => s.ReviewService.DeleteCard(id)).then(() => undefined),
    cards: (q) => call((s) => s.ReviewService.Cards(q)).then((l) => ({ cards: cards(l.cards), total: l.total })),
    reviewSettings: () => call((s) => s.ReviewService.Settings()),
    saveReviewSettings: (settings) => call((s) => s.ReviewService.SaveSettings(settings)),
    setDeckRetention: (deck, retention) =>
      call((s) => s.ReviewService.SetDeckRetention(deck, retention)).then(() => undefined),

    quickSearch: () => call((s) => s.WindowService.QuickSearch()).then(done),
    leaveQuick: (show) => call((s) => s.WindowService.LeaveQuick(show)).then(done),
    pendingLaunch: () =>
      call((s) => s.WindowService.Pending()).then((p) =>
        p ? { search: !!p.search, query: String(p.query ?? ''), review: !!p.review, course: p.course ?? '', lesson: p.lesson ?? '' } : null,
      ),
    hideWindow: () => call((s) => s.WindowService.Hide()).then(done),
    showWindow: () => call((s) => s.WindowService.Show()).then(done),
    quit: () => call((s) => s.WindowService.Quit()).then(done),

    desktopStatus: () => call((s) => s.DesktopService.Status()).then(desktopStatus),
    desktopSettings: () => call((s) => s.DesktopService.Settings()).then(desktopSettings),
    saveDesktopSettings: (settings) => call((s) => s.DesktopService.SaveSettings(settings)).then(desktopStatus),
    answerAutostart: (enable) => call((s) => s.DesktopService.AnswerAutostart(enable)).then(desktopStatus),
    snoozeReminders: () => call((s) => s.DesktopService.Snooze()).then(done),

    syncStatus: () => call((s) => s.SyncService.Status()).then(syncStatus),
    signIn: (server, user, password) => call((s) => s.SyncService.SignIn(server, user, password)).then(syncStatus),
    signOut: () => call((s) => s.SyncService.SignOut()).then(syncStatus),
    syncNow: () => call((s) => s.SyncService.SyncNow()).then((r) => ({ ...r, rejected: arr(r.rejected), catalogRejected: arr(r.catalogRejected) })),

    courses: () =>
      call((s) => s.CourseService.Courses()).then((l) => ({
        ...l,
        courses: arr(l.courses).map(courseLine),
        server: l.server ?? '',
        offline: l.offline ?? '',
      })),
    downloadCourse: (id) => call((s) => s.CourseService.Download(id)).then(done),
    pauseCourse: (id) => call((s) => s.CourseService.Pause(id)).then(done),
    resumeCourse: (id) => call((s) => s.CourseService.Resume(id)).then(done),
    removeCourse: (id) => call((s) => s.CourseService.Remove(id)),
    courseOutline: (id) => call((s) => s.CourseService.Outline(id)).then(courseOutline),
    lesson: (courseId, lessonId) => call((s) => s.CourseService.Lesson(courseId, lessonId)).then(lessonPage),
    lessonProgress: (courseId, lessonId, blockId, seconds) =>
      call((s) => s.CourseService.Progress(courseId, lessonId, blockId, Math.max(0, Math.round(seconds)))).then(done),
    answerQuiz: (courseId, lessonId, blockId, response) =>
      call((s) => s.CourseService.Answer(courseId, lessonId, blockId, response)).then((g) => ({ ...g, feedback: arr(g.feedback) })),
    completeLesson: (courseId, lessonId) => call((s) => s.CourseService.Complete(courseId, lessonId)),
    continueCourse: () => call((s) => s.CourseService.Continue()).then((c) => c ?? null),

    onReady: (cb) => on<AppInfo>(EVENTS.ready, (i) => cb({ ...i, kinds: arr(i.kinds) })),
    onFailed: (cb) => on<string>(EVENTS.failed, (m) => cb(String(m))),
    onImportProgress: (cb) => on<ImportProgress>(EVENTS.importProgress, cb),
    onLibraryChanged: (cb) => on<unknown>(EVENTS.libraryChanged, () => cb()),
    onReviewChanged: (cb) => on<unknown>(EVENTS.reviewChanged, () => cb()),
    onQuickShow: (cb) => on<QuickShow | null>(EVENTS.quickShow, (d) => cb(typeof d?.query === 'string' ? d.query : '')),
    onReviewStart: (cb) => on<unknown>(EVENTS.reviewStart, () => cb()),
    onQuickHide: (cb) => on<unknown>(EVENTS.quickHide, () => cb()),
    onDesktopChanged: (cb) => on<unknown>(EVENTS.desktopChanged, () => cb()),
    onCourseProgress: (cb) => on<CourseProgress>(EVENTS.courseProgress, (p) => cb(courseProgress(p))),
    onCourseChanged: (cb) => on<unknown>(EVENTS.courseChanged, () => cb()),
    onCourseOpen: (cb) => on<CourseOpen>(EVENTS.courseOpen, (o) => cb({ courseId: o.courseId, lessonId: o.lessonId ?? '' })),
    onSyncStatus: (cb) => on<SyncStatus | null>(EVENTS.syncStatus, (st) => cb(syncStatus(st))),
    onFileDrop(cb) {
      const rt = runtime();
      if (!rt) return () => {};
      // false: the whole window is the drop target.
      rt.OnFileDrop((_x, _y, paths) => cb(arr(paths)), false);
      return () => rt.OnFileDropOff();
    },

    openURL(url) {
      runtime()?.BrowserOpenURL(url);
    },
    async copyText(text) {
      try {
        if (await runtime()?.ClipboardSetText(text)) return;
      } catch {
        // fall through to the browser clipboard
      }
      try {
        await navigator.clipboard.writeText(text);
      } catch (e) {
        throw new ApiError('internal', `could not copy: ${toApiError(e).message}`);
      }
    },
    setTitle(title) {
      runtime()?.WindowSetTitle(title);
    },
  };
}

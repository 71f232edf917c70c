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
  ImportProgress,
  ImportReport,
  ItemFilter,
  ItemList,
  ItemView,
  Overview,
  Rating,
  ReviewHome,
  ReviewPrompt,
  ReviewSettings,
  SearchRequest,
  SearchResult,
  SyncResult,
  SyncStatus,
  Unsubscribe,
} from './types';

/** A launch waiting for the page (app.Launch). */
export interface PendingLaunch {
  search: boolean;
  query: string;
  review: boolean;
  /** A course to open at its lesson (a reminder's Continue); "" when none. */
  course?: string;
  lesson?: string;
}

/**
 * Everything the frontend asks of the Go side. Every promise rejects with an
 * ApiError. The real implementation is in wails.ts; tests use fake.ts.
 */
export interface Api {
  // SystemService
  /** The app's state; `ready` is false while the profile is still opening. */
  info(): Promise<AppInfo>;

  // LibraryService
  /** Languages, facets, recent items, bookmarks and packs; "" picks a language. */
  overview(language: string): Promise<Overview>;
  /** One page of items matching the filter. */
  browse(filter: ItemFilter): Promise<ItemList>;
  /** An item to read; records it as viewed. */
  open(id: string): Promise<ItemView>;
  setBookmark(id: string, on: boolean): Promise<void>;

  // SearchService
  /** Runs a query; filters (kind:, topic:, tag:, lang:, course:) are part of its text. */
  search(req: SearchRequest): Promise<SearchResult>;
  /** The recent searches, newest first. */
  recentSearches(): Promise<string[]>;
  /** Records a search the person acted on (opened a result). */
  rememberSearch(query: string): Promise<void>;
  clearRecentSearches(): Promise<void>;

  // ImportService
  /** Shows a file dialog; resolves to [] when cancelled. */
  chooseFiles(): Promise<string[]>;
  /** Shows a folder dialog; resolves to "" when cancelled. */
  chooseFolder(): Promise<string>;
  /** Imports files, folders or zips; progress arrives through onImportProgress. */
  importPaths(paths: string[]): Promise<ImportReport>;

  // ReviewService
  /** The review dashboard: due counts, forecast, this week's work, decks. */
  reviewHome(): Promise<ReviewHome>;
  /** The next card to review now in deck ("" = all decks); null when nothing is left today. */
  nextReview(deck: string): Promise<ReviewPrompt | null>;
  /** Records a rating; durationMs is how long the person took (capped by the caller). */
  answerReview(cardId: string, rating: Rating, durationMs: number): Promise<AnswerResult>;
  /** Undoes an answer; the card is due again at once. */
  undoReview(eventId: string): Promise<Card>;
  createCard(input: CardInput): Promise<Card>;
  /** Makes cards from an item's key points; calling it again returns the same cards. */
  cardsFromItem(itemId: string): Promise<Card[]>;
  /** The cards made from an item. */
  cardsForItem(itemId: string): Promise<Card[]>;
  updateCard(id: string, input: CardInput): Promise<Card>;
  setCardSuspended(id: string, on: boolean): Promise<Card>;
  deleteCard(id: string): Promise<void>;
  /** One page of cards matching the query. */
  cards(q: CardQuery): Promise<CardList>;
  reviewSettings(): Promise<ReviewSettings>;
  /** Saves and returns the settings as stored. */
  saveReviewSettings(s: ReviewSettings): Promise<ReviewSettings>;
  /** Sets a deck's target retention (0.7..0.99). */
  setDeckRetention(deck: string, retention: number): Promise<void>;

  // WindowService
  /** Switches the window to the compact quick-search panel; Go then emits quick:show. */
  quickSearch(): Promise<void>;
  /** Back to the normal window: show keeps it visible (to open a result), false hides it. */
  leaveQuick(show: boolean): Promise<void>;
  /** What this start of Inflow asked for before the page listened (quick search, review), once; null if nothing. */
  pendingLaunch(): Promise<PendingLaunch | null>;
  hideWindow(): Promise<void>;
  showWindow(): Promise<void>;
  /** Ends Inflow, tray included. */
  quit(): Promise<void>;

  // DesktopService
  /** What the tray, notifications, global shortcut and autostart can do now. */
  desktopStatus(): Promise<DesktopStatus>;
  desktopSettings(): Promise<DesktopSettings>;
  /** Validates and applies the settings (re-grabs the shortcut, writes the autostart entry); resolves to the new status. */
  saveDesktopSettings(s: DesktopSettings): Promise<DesktopStatus>;
  /** Answers the first-run question "Start Inflow when you log in?". */
  answerAutostart(enable: boolean): Promise<DesktopStatus>;
  /** Silences reminders for an hour. */
  snoozeReminders(): Promise<void>;

  // SyncService
  /** The sync status, pending events counted afresh. */
  syncStatus(): Promise<SyncStatus>;
  /** Signs this device in to a sync server and starts syncing; resolves to the new status. */
  signIn(server: string, user: string, password: string): Promise<SyncStatus>;
  /** Stops syncing and forgets the token (the server revokes it if it can be reached). */
  signOut(): Promise<SyncStatus>;
  /** Syncs at once; rejects when signed out or the server cannot be reached. */
  syncNow(): Promise<SyncResult>;

  // CourseService
  /** Installed and server courses, with storage used and this session's downloads. */
  courses(): Promise<CourseList>;
  /** Starts downloading a course in the background; course:progress events follow. */
  downloadCourse(id: string): Promise<void>;
  /** Pauses a download; what was fetched stays. */
  pauseCourse(id: string): Promise<void>;
  /** Resumes a paused or failed download where it stopped. */
  resumeCourse(id: string): Promise<void>;
  /** Uninstalls a course; resolves to the bytes freed. */
  removeCourse(id: string): Promise<number>;
  courseOutline(id: string): Promise<CourseOutline>;
  lesson(courseId: string, lessonId: string): Promise<LessonPage>;
  /** Records time spent in a lesson (seconds since the last call) and the block in view. */
  lessonProgress(courseId: string, lessonId: string, blockId: string, seconds: number): Promise<void>;
  /** Grades and records a quiz answer; the question becomes a review card. */
  answerQuiz(courseId: string, lessonId: string, blockId: string, response: QuizResponse): Promise<QuizGrade>;
  /** Marks a lesson done; resolves to the number of review cards added. */
  completeLesson(courseId: string, lessonId: string): Promise<number>;
  /** The most recently touched unfinished course, or null. */
  continueCourse(): Promise<ContinueCourse | null>;

  // Events from Go
  onReady(cb: (info: AppInfo) => void): Unsubscribe;
  onFailed(cb: (message: string) => void): Unsubscribe;
  onImportProgress(cb: (p: ImportProgress) => void): Unsubscribe;
  onLibraryChanged(cb: () => void): Unsubscribe;
  /** Cards or due counts changed (answers, imports, edits). */
  onReviewChanged(cb: () => void): Unsubscribe;
  /** Files or folders dropped onto the window. */
  onFileDrop(cb: (paths: string[]) => void): Unsubscribe;
  /** Quick-search mode is on (shortcut, tray, `inflow --search WORDS`), with the words to search. */
  onQuickShow(cb: (query: string) => void): Unsubscribe;
  /** Open the review session (tray, notification, `inflow --review`). */
  onReviewStart(cb: () => void): Unsubscribe;
  /** Go left quick-search mode itself (tray Open, window closed to the tray). */
  onQuickHide(cb: () => void): Unsubscribe;
  /** desktopStatus() has changed. */
  onDesktopChanged(cb: () => void): Unsubscribe;
  /** The sync status changed (a sync started or ended, events pending, signed in or out). */
  onSyncStatus(cb: (s: SyncStatus) => void): Unsubscribe;
  /** A course download moved on or ended. */
  onCourseProgress(cb: (p: CourseProgress) => void): Unsubscribe;
  /** Installed courses or progress changed (here or pulled from another device). */
  onCourseChanged(cb: () => void): Unsubscribe;
  /** Show a course's lesson (tray Continue, a reminder's Continue). */
  onCourseOpen(cb: (o: CourseOpen) => void): Unsubscribe;

  // The desktop shell
  /** Opens an http(s) or mailto URL in the system browser or mail client. */
  openURL(url: string): void;
  copyText(text: string): Promise<void>;
  setTitle(title: string): void;
}

/** The event names of app/shell.go. */
export const EVENTS = {
  ready: 'app:ready',
  failed: 'app:failed',
  importProgress: 'import:progress',
  libraryChanged: 'library:changed',
  reviewChanged: 'review:changed',
  quickShow: 'quick:show',
  reviewStart: 'review:start',
  quickHide: 'quick:hide',
  desktopChanged: 'desktop:changed',
  syncStatus: 'sync:status',
  courseProgress: 'course:progress',
  courseChanged: 'course:changed',
  courseOpen: 'course:open',
} as const;

// TypeScript mirrors of the Go structs the bound services take and return.
// Field names are the Go `json:` tags; keep them in step with
// app/*.go, internal/inflow/*.go and internal/library/importing.go.

/** The shape of a micro item (inflow.Kind); 'lesson' is a course lesson in search. */
export type Kind = 'article' | 'how-to' | 'guide' | 'rule' | 'snippet' | 'video' | 'audio' | 'e-book' | 'lesson';

/** Every kind, in display order (inflow.Kinds). */
export const KINDS: readonly Kind[] = ['article', 'how-to', 'guide', 'rule', 'snippet', 'video', 'audio', 'e-book'];

/** Where an item came from and how it must be credited (inflow.Source). */
export interface Source {
  name?: string;
  url?: string;
  license?: string;
  author?: string;
}

/** A value with the number of items that have it (inflow.Facet). */
export interface Facet {
  value: string;
  count: number;
}

/** Counts of one language's items by kind, topic and tag (inflow.Facets). */
export interface Facets {
  language: string;
  total: number;
  kinds: Facet[];
  topics: Facet[];
  tags: Facet[];
}

/** One line of a list of items (app.ItemSummary). */
export interface ItemSummary {
  id: string;
  title: string;
  summary: string;
  kind: Kind;
  topic: string;
  language: string;
  tags: string[];
}

/** An item ready to read (app.ItemView). `html` is sanitised by the Go side. */
export interface ItemView extends ItemSummary {
  html: string;
  keyPoints: string[];
  source: Source;
  pack: string;
  version: number;
  /** RFC 3339 */
  updated: string;
  media: string;
  bookmarked: boolean;
}

/** What the store keeps about an imported pack (inflow.PackInfo). */
export interface PackInfo {
  id: string;
  title: string;
  format: string;
  source: Source;
  origin?: string;
  itemCount: number;
  /** RFC 3339 */
  imported: string;
}

/** The library's home page in one call (app.Overview). */
export interface Overview {
  language: string;
  languages: Facet[];
  facets: Facets;
  recent: ItemSummary[];
  bookmarks: ItemSummary[];
  packs: PackInfo[];
}

/** Which items to list (inflow.ItemFilter). A limit of 0 means 50. */
export interface ItemFilter {
  language: string;
  kind?: Kind;
  topic?: string;
  tag?: string;
  offset?: number;
  limit?: number;
}

/** One page of items (app.ItemList). */
export interface ItemList {
  items: ItemSummary[];
  total: number;
}

/** One search result (inflow.SearchHit). `snippet` is HTML with <mark> around matches. */
export interface SearchHit {
  id: string;
  title: string;
  kind: Kind;
  topic: string;
  language: string;
  snippet: string;
  score: number;
}

/** The filter fields the query text understands (kind:rule, topic:safety, tag:ppe, lang:de, course:onboarding). */
export type SearchField = 'kind' | 'topic' | 'tag' | 'lang' | 'course';

/** Every filter field, in display order. */
export const SEARCH_FIELDS: readonly SearchField[] = ['kind', 'topic', 'tag', 'lang', 'course'];

/** One field:value filter the engine took from the query text (inflow.SearchFilter). */
export interface SearchFilter {
  field: SearchField | string;
  value: string;
}

/** All matches of a query counted by kind, topic, language and tag (inflow.SearchFacets). */
export interface SearchFacets {
  kinds: Facet[];
  topics: Facet[];
  languages: Facet[];
  tags: Facet[];
}

/** A query as typed, filters included (inflow.SearchRequest). */
export interface SearchRequest {
  query: string;
  /** Ranked first when set. */
  language?: string;
  /** 0 means 20. */
  limit?: number;
  offset?: number;
  /** Count the matches by kind, topic, language and tag. */
  facets?: boolean;
}

/** The answer to a search (inflow.SearchResult). */
export interface SearchResult {
  /** The query text actually searched. */
  query: string;
  /** The filters the engine understood. */
  filters: SearchFilter[];
  total: number;
  hits: SearchHit[];
  /** Only when the request asked for facets. */
  facets?: SearchFacets;
  /** A corrected query ("did you mean"), when the query finds little or nothing. */
  suggestion?: string;
  tookMs: number;
}

/** What importing one pack changed (library.PackReport). */
export interface PackReport {
  path: string;
  packId: string;
  title: string;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
}

/** A path whose import failed; nothing of it was stored (library.PathError). */
export interface PathError {
  path: string;
  code: string;
  error: string;
}

/** The outcome of importing several paths (library.ImportReport). */
export interface ImportReport {
  packs: PackReport[];
  failed: PathError[];
  /** Review histories imported (Anki packages and collections). */
  reviews?: ReviewImportSummary[];
}

/** What importing one Anki file did (reviewimport.FileSummary). */
export interface ReviewImportSummary {
  path: string;
  cards: number;
  newCards: number;
  answers: number;
  duplicates: number;
  skipped: number;
  decks?: string[];
  notes?: string[];
}

export type ImportPhase = 'reading' | 'storing' | 'indexing' | 'done';

/** How far an import has come (library.Progress), sent as "import:progress". */
export interface ImportProgress {
  path: string;
  phase: ImportPhase;
  done: number;
  total: number;
  name?: string;
}

/** The state of the app (app.AppInfo). */
export interface AppInfo {
  version: string;
  dataDir: string;
  ready: boolean;
  kinds: Kind[];
  device: string;
  /** Why the profile could not be opened, if it could not. */
  error?: string;
}

/** Stops listening to an event. */
export type Unsubscribe = () => void;

// --- Spaced review (app/review.go, internal/review) -------------------------

/** Where a card is in the FSRS cycle. */
export type CardState = 'new' | 'learning' | 'review' | 'relearning';

/** Every card state, in display order. */
export const CARD_STATES: readonly CardState[] = ['new', 'learning', 'review', 'relearning'];

/** What a card was made from; `id` is "" for a card written by a person. */
export interface CardSource {
  kind: 'item' | 'person' | 'anki' | 'csv' | 'lesson';
  id: string;
  title: string;
}

/** A flash card and its schedule. Prompt and answer are plain text. */
export interface Card {
  id: string;
  deck: string;
  prompt: string;
  answer: string;
  source: CardSource;
  /** RFC 3339 */
  created: string;
  state: CardState;
  /** RFC 3339 */
  due: string;
  stability: number;
  difficulty: number;
  reps: number;
  lapses: number;
  suspended: boolean;
  /** RFC 3339 */
  lastReview?: string;
}

/** How a person rates their recall of a card. */
export type Rating = 'again' | 'hard' | 'good' | 'easy';

/** Every rating, in the order of the keys 1 to 4. */
export const RATINGS: readonly Rating[] = ['again', 'hard', 'good', 'easy'];

/** The next interval each rating would give, as a short label ("1m", "10m", "1d", "2.3mo"). */
export type Intervals = Record<Rating, string>;

/** The card to review now; `remaining` counts this card too. */
export interface ReviewPrompt {
  card: Card;
  remaining: number;
  intervals: Intervals;
}

/** What answering a card recorded; `eventId` is what Undo takes. */
export interface AnswerResult {
  eventId: string;
  card: Card;
}

/** How many cards fall due on a day. */
export interface ForecastDay {
  /** YYYY-MM-DD, local time */
  date: string;
  count: number;
}

/** One deck with its counts; retention is the target recall probability (0.7..0.99). */
export interface DeckSummary {
  name: string;
  total: number;
  due: number;
  new: number;
  retention: number;
}

/** The review dashboard in one call. */
export interface ReviewHome {
  dueNow: number;
  dueToday: number;
  newAvailable: number;
  totalCards: number;
  /** 7 days, today (with the overdue cards) first. */
  forecast: ForecastDay[];
  reviewsThisWeek: number;
  secondsThisWeek: number;
  weeklyGoalMinutes: number;
  decks: DeckSummary[];
}

/** A card as a person writes it; sourceItemId "" means written by hand. */
export interface CardInput {
  deck: string;
  prompt: string;
  answer: string;
  sourceItemId: string;
}

/** Which cards to list. */
export type CardFilterState = '' | CardState | 'suspended' | 'due';

/** A page of cards; "" fields do not filter. */
export interface CardQuery {
  deck: string;
  text: string;
  state: CardFilterState;
  limit: number;
  offset: number;
}

/** One page of cards and how many match in all. */
export interface CardList {
  cards: Card[];
  total: number;
}

/** How much to review per day and week, and the default target retention. */
export interface ReviewSettings {
  weeklyGoalMinutes: number;
  newPerDay: number;
  reviewsPerDay: number;
  defaultRetention: number;
}

// --- The desktop: window, tray, shortcut, reminders (app/window_service.go, app/desktop_service.go)

/** What the desktop integration can do here and now (app.DesktopStatus). */
export interface DesktopStatus {
  trayAvailable: boolean;
  notificationsAvailable: boolean;
  /** Why notifications cannot be shown ("" when they can). */
  notificationsError: string;
  /** The global shortcut, normalised ("Ctrl+Shift+Space"); "" = none. */
  shortcut: string;
  shortcutActive: boolean;
  /** Why the shortcut is not active ("" when it is, or when there is none). */
  shortcutError: string;
  /** A Wayland session: apps cannot grab keys; the person binds `inflow --search` themselves. */
  wayland: boolean;
  autostart: boolean;
  /** Whether the first-run question "Start Inflow when you log in?" was answered. */
  autostartAsked: boolean;
  closeToTray: boolean;
}

/** A time of day, "HH:MM" ("24:00" only as the end of work or quiet hours). */
export type ClockTime = string;

/** When and how often to remind of due reviews and idle courses (remind.Settings). */
export interface ReminderSettings {
  enabled: boolean;
  /** 0 = Sunday … 6 = Saturday. */
  workDays: number[];
  workStart: ClockTime;
  workEnd: ClockTime;
  /** quietStart === quietEnd means no quiet hours; they may wrap past midnight. */
  quietStart: ClockTime;
  quietEnd: ClockTime;
  dueThreshold: number;
  overdueHours: number;
  /** 0 means never. */
  maxPerDay: number;
  minGapMinutes: number;
  courseIdleDays: number;
  /** An IANA name; "" = the computer's time zone. */
  timeZone: string;
}

/** Everything the Settings view saves in one call (app.DesktopSettings). */
export interface DesktopSettings {
  closeToTray: boolean;
  autostart: boolean;
  shortcut: string;
  reminders: ReminderSettings;
}

// --- Sync with an Inflow server (app/sync.go, app/sync_service.go)

/** What the app shows about sync (app.SyncStatus); also the data of sync:status. */
export interface SyncStatus {
  /** This device holds a token; false after signing out (server and user then are those of the last sign-in). */
  signedIn: boolean;
  /** The server answered the last request. */
  online: boolean;
  /** Events made here and not pushed yet. */
  pending: number;
  /** RFC 3339 time of the last complete sync; absent when there was none. */
  lastSuccess?: string;
  /** The last sync's error, or the events the server refused; "" when all went well. */
  lastError: string;
  syncing: boolean;
  server: string;
  user: string;
}

/** A rejected event, as the server or the client reports it (syncproto.Rejection). */
export interface SyncRejection {
  id: string;
  code: string;
  message: string;
}

/** What one sync did (syncclient.Result). */
export interface SyncResult {
  pushed: number;
  pulled: number;
  duplicates: number;
  rejected: SyncRejection[];
  /** Changes to the packs the server publishes (a pack put or removed) applied here. */
  catalog?: number;
  /** Published packs the library refused (id: the pack id). */
  catalogRejected?: SyncRejection[];
}

/** The data of the quick:show event. */
export interface QuickShow {
  query: string;
}

// --- Courses (app/course_service.go, internal/coursecatalog, internal/lessons)

/** A course download's progress (app.CourseProgress, the course:progress event). */
export interface CourseProgress {
  courseId: string;
  done: number;
  total: number;
  filesDone: number;
  filesTotal: number;
  /** Dropped connections recovered from so far. */
  retries: number;
  state: 'downloading' | 'paused' | 'done' | 'failed';
  error?: string;
}

/** One course in the Courses view (app.CourseLine). */
export interface CourseLine {
  id: string;
  title: string;
  description?: string;
  /** The installed version; absent when not downloaded. */
  installed?: string;
  /** The server's version; absent when the server does not list it. */
  available?: string;
  state: 'installed' | 'update available' | 'not downloaded';
  lessons: number;
  /** Lessons completed. */
  done: number;
  minutes?: number;
  size: number;
  /** A download of this session that is not done (running, paused or failed). */
  download?: CourseProgress;
}

/** The Courses view (app.CourseList). */
export interface CourseList {
  courses: CourseLine[];
  /** Bytes of course files on this device. */
  storage: number;
  server: string;
  /** Why the server's courses are missing although signed in. */
  offline: string;
  signedIn: boolean;
}

/** A lesson's line in a course outline (lessons.LessonOutline). */
export interface LessonOutline {
  id: string;
  title: string;
  minutes: number;
  completed: boolean;
  seconds: number;
  touched?: string;
}

export interface ModuleOutline {
  id: string;
  title: string;
  lessons: LessonOutline[];
}

/** A course's start page (lessons.Outline). */
export interface CourseOutline {
  courseId: string;
  title: string;
  description: string;
  version: string;
  minutes: number;
  modules: ModuleOutline[];
  done: number;
  total: number;
  seconds: number;
  /** The lesson to continue with. */
  continue: string;
}

export interface QuestionView {
  kind: 'single' | 'multiple' | 'short';
  prompt: string;
  choices: { id: string; text: string }[];
}

/** One block of a lesson (app.BlockView). */
export interface BlockView {
  id: string;
  type: 'text' | 'image' | 'audio' | 'video' | 'quiz' | 'exercise' | 'case';
  title: string;
  /** Sanitised HTML of text, exercise and case blocks. */
  html: string;
  solutionHtml: string;
  /** Local media URL (/course-media/...) of image, audio and video blocks. */
  url: string;
  mediaType: string;
  alt: string;
  caption: string;
  prompts: string[];
  question?: QuestionView;
}

/** A lesson for the player (app.LessonPage). */
export interface LessonPage {
  courseId: string;
  courseTitle: string;
  moduleTitle: string;
  lessonId: string;
  title: string;
  minutes: number;
  keyPoints: string[];
  blocks: BlockView[];
  progress: {
    completed: boolean;
    seconds: number;
    block: string;
    quiz: Record<string, { attempts: number; correct: boolean }>;
  };
  prev: string;
  next: string;
}

/** A quiz answer (course.Response). */
export interface QuizResponse {
  choices?: string[];
  text?: string;
}

/** The verdict on a quiz answer (course.Grade). */
export interface QuizGrade {
  correct: boolean;
  feedback: string[];
  correctChoices?: string[];
  accepted?: string[];
}

/** The course to continue (app.ContinueCourse). */
export interface ContinueCourse {
  courseId: string;
  title: string;
  lessonId: string;
  done: number;
  total: number;
}

/** Show a course's lesson (the course:open event). */
export interface CourseOpen {
  courseId: string;
  lessonId: string;
}

import {
  api,
  toApiError,
  type ApiError,
  type ContinueCourse,
  type CourseList,
  type CourseOutline,
  type CourseProgress,
  type LessonPage,
  type QuizGrade,
  type QuizResponse,
  type Unsubscribe,
} from '../api';

/** How often time spent in a lesson is sent while it is visible. */
export const PROGRESS_EVERY_MS = 30_000;

/** The course and lesson of a search hit's item id ("course:<course>:<lesson>"), or null. */
export function lessonOf(itemId: string): { courseId: string; lessonId: string } | null {
  if (!itemId.startsWith('course:')) return null;
  const rest = itemId.slice('course:'.length);
  const i = rest.lastIndexOf(':');
  if (i <= 0 || i === rest.length - 1) return null;
  return { courseId: rest.slice(0, i), lessonId: rest.slice(i + 1) };
}

/** The Courses view, the open course's outline and the lesson being taken. */
export class CoursesStore {
  list = $state<CourseList | null>(null);
  loading = $state(false);
  error = $state<ApiError | null>(null);
  /** Downloads by course id, as course:progress reported them last. */
  downloads = $state<Record<string, CourseProgress>>({});
  /** Why the last download, pause, resume or removal was refused. */
  actionError = $state<ApiError | null>(null);
  /** Said after a removal ("Removed …; freed 2.4 MB."). */
  notice = $state('');
  /** The course to continue where the learner left off. */
  continue = $state<ContinueCourse | null>(null);

  outline = $state<CourseOutline | null>(null);
  outlineError = $state<ApiError | null>(null);

  lesson = $state<LessonPage | null>(null);
  lessonError = $state<ApiError | null>(null);
  /** Quiz grades of the lesson shown, by block id. */
  grades = $state<Record<string, QuizGrade>>({});
  /** Said after completing a lesson ("2 cards added to your reviews"). */
  toast = $state('');
  completing = $state(false);

  #now: () => number;
  #since: number | null = null;
  #seq = 0;

  constructor(opts: { now?: () => number } = {}) {
    this.#now = opts.now ?? Date.now;
  }

  /** Follows downloads and course changes; returns a cleanup. */
  listen(): Unsubscribe {
    const offs = [
      api.onCourseProgress((p) => {
        this.downloads = { ...this.downloads, [p.courseId]: p };
        if (p.state !== 'downloading') void this.load();
      }),
      api.onCourseChanged(() => {
        if (this.list) void this.load();
        if (this.outline) void this.#reloadOutline(this.outline.courseId);
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      const list = await api.courses();
      this.list = list;
      this.error = null;
      // Go's view of this session's downloads wins over a stale event.
      const next: Record<string, CourseProgress> = {};
      for (const c of list.courses) if (c.download) next[c.id] = c.download;
      for (const [id, p] of Object.entries(this.downloads)) {
        const installed = list.courses.some((c) => c.id === id && c.state === 'installed');
        if (p.state === 'downloading' && !next[id] && !installed) next[id] = p;
      }
      this.downloads = next;
      this.continue = await api.continueCourse().catch(() => null);
    } catch (e) {
      this.error = toApiError(e);
    } finally {
      this.loading = false;
    }
  }

  async #act(fn: () => Promise<void>): Promise<boolean> {
    this.actionError = null;
    try {
      await fn();
      return true;
    } catch (e) {
      this.actionError = toApiError(e);
      return false;
    }
  }

  download(id: string): Promise<boolean> {
    return this.#act(() => api.downloadCourse(id));
  }

  pause(id: string): Promise<boolean> {
    return this.#act(() => api.pauseCourse(id));
  }

  resume(id: string): Promise<boolean> {
    return this.#act(() => api.resumeCourse(id));
  }

  async remove(id: string): Promise<boolean> {
    const title = this.list?.courses.find((c) => c.id === id)?.title ?? id;
    let freed = 0;
    const ok = await this.#act(async () => {
      freed = await api.removeCourse(id);
    });
    if (ok) {
      this.notice = `Removed ${title}; freed ${formatBytes(freed)}.`;
      await this.load();
    }
    return ok;
  }

  async openCourse(id: string): Promise<void> {
    if (this.outline?.courseId !== id) this.outline = null;
    this.outlineError = null;
    await this.#reloadOutline(id);
  }

  async #reloadOutline(id: string): Promise<void> {
    try {
      const o = await api.courseOutline(id);
      if (!this.outline || this.outline.courseId === id) this.outline = o;
    } catch (e) {
      this.outlineError = toApiError(e);
    }
  }

  /** Loads a lesson and starts counting time in it. */
  async openLesson(courseId: string, lessonId: string): Promise<void> {
    const seq = ++this.#seq;
    this.lessonError = null;
    this.toast = '';
    if (this.lesson?.courseId !== courseId || this.lesson?.lessonId !== lessonId) {
      this.lesson = null;
      this.grades = {};
    }
    try {
      const l = await api.lesson(courseId, lessonId);
      if (seq !== this.#seq) return;
      this.lesson = l;
      this.#since = this.#now();
      // Opening counts as touching it: "continue" and reminders see it.
      void api.lessonProgress(courseId, lessonId, l.progress.block, 0).catch(() => undefined);
    } catch (e) {
      if (seq === this.#seq) this.lessonError = toApiError(e);
    }
  }

  /**
   * Sends the time since the last flush and the block in view, for lesson
   * (the one shown unless given: a player being left passes its own).
   */
  async flush(blockId: string, lesson: { courseId: string; lessonId: string } | null = this.lesson): Promise<void> {
    const l = lesson;
    if (!l || this.#since === null) return;
    const now = this.#now();
    const seconds = Math.round((now - this.#since) / 1000);
    this.#since = now;
    try {
      await api.lessonProgress(l.courseId, l.lessonId, blockId, seconds);
    } catch {
      // Time lost from one interval is not worth an error on screen.
    }
  }

  /** Stops counting (the window is hidden) after flushing; resumeTiming() counts again. */
  async pauseTiming(blockId: string, lesson: { courseId: string; lessonId: string } | null = this.lesson): Promise<void> {
    const done = this.flush(blockId, lesson);
    this.#since = null;
    await done;
  }

  resumeTiming(): void {
    if (this.lesson && this.#since === null) this.#since = this.#now();
  }

  /** Leaves a lesson: sends the time spent in it and stops counting. */
  async leave(blockId: string, lesson: { courseId: string; lessonId: string }): Promise<void> {
    await this.pauseTiming(blockId, lesson);
  }

  async answer(blockId: string, response: QuizResponse): Promise<QuizGrade | null> {
    const l = this.lesson;
    if (!l) return null;
    try {
      const g = await api.answerQuiz(l.courseId, l.lessonId, blockId, response);
      this.grades = { ...this.grades, [blockId]: g };
      return g;
    } catch (e) {
      this.lessonError = toApiError(e);
      return null;
    }
  }

  async complete(): Promise<number | null> {
    const l = this.lesson;
    if (!l || this.completing) return null;
    this.completing = true;
    try {
      const n = await api.completeLesson(l.courseId, l.lessonId);
      l.progress.completed = true;
      this.toast = n === 0 ? 'Lesson complete. Its cards are already in your reviews.' : `${n} ${n === 1 ? 'card' : 'cards'} added to your reviews`;
      return n;
    } catch (e) {
      this.lessonError = toApiError(e);
      return null;
    } finally {
      this.completing = false;
    }
  }
}

/** "2.4 MB", "512 KB", "10 bytes". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}

/** "1 h 5 min", "12 min", "0 min". */
export function formatSeconds(s: number): string {
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

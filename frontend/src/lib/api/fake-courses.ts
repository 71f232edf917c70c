// The course side of FakeApi: courses installed or on a fake server, their
// lessons (with the answers the Go side keeps back), progress and the
// downloads of this session.
import { ApiError } from './errors';
import type {
  BlockView,
  ContinueCourse,
  CourseLine,
  CourseList,
  CourseOutline,
  CourseProgress,
  LessonPage,
  QuizGrade,
  QuizResponse,
} from './types';

/** A quiz's answers: the correct choices or accepted texts, and feedback. */
export interface FakeAnswer {
  correct?: string[];
  accepted?: string[];
  feedback?: string[];
}

export interface FakeLesson {
  id: string;
  title: string;
  module: string;
  minutes?: number;
  keyPoints?: string[];
  blocks: BlockView[];
  answers?: Record<string, FakeAnswer>;
}

export interface FakeCourse {
  id: string;
  title: string;
  description?: string;
  version: string;
  size: number;
  lessons: FakeLesson[];
  /** Installed version, "" when not downloaded. */
  installed: string;
  /** The server lists it. */
  onServer: boolean;
}

/** A block with defaults. */
export function makeBlock(p: Partial<BlockView> & { id: string; type: BlockView['type'] }): BlockView {
  return { title: '', html: '', solutionHtml: '', url: '', mediaType: '', alt: '', caption: '', prompts: [], ...p };
}

/** A two-lesson course with a text, an image and a quiz. */
export function sampleCourse(p: Partial<FakeCourse> = {}): FakeCourse {
  return {
    id: 'field/radio',
    title: 'Radio basics',
    description: 'Use the handheld radio.',
    version: '1',
    size: 2_500_000,
    installed: '1',
    onServer: true,
    lessons: [
      {
        id: 'power',
        title: 'Power on',
        module: 'Getting started',
        minutes: 5,
        keyPoints: ['Hold PWR for two seconds.'],
        blocks: [
          makeBlock({ id: 'b1', type: 'text', html: '<p>Hold <strong>PWR</strong> to switch on.</p>' }),
          makeBlock({ id: 'b2', type: 'image', url: '/course-media/abc?course=field%2Fradio', mediaType: 'image/png', alt: 'The panel' }),
          makeBlock({
            id: 'q1',
            type: 'quiz',
            question: { kind: 'single', prompt: 'How long do you hold PWR?', choices: [{ id: 'a', text: 'Half a second' }, { id: 'b', text: 'Two seconds' }] },
          }),
        ],
        answers: { q1: { correct: ['b'], feedback: ['Two seconds avoids accidents.'] } },
      },
      {
        id: 'call',
        title: 'Make a call',
        module: 'Getting started',
        minutes: 3,
        blocks: [makeBlock({ id: 'b1', type: 'text', html: '<p>Say "over".</p>' })],
      },
    ],
    ...p,
  };
}

interface LessonState {
  completed: boolean;
  seconds: number;
  block: string;
  touched: number;
  quiz: Record<string, { attempts: number; correct: boolean }>;
}

export class FakeCourses {
  courses: FakeCourse[] = [];
  /** Downloads of this session that are not done. */
  downloads = new Map<string, CourseProgress>();
  /** Whether the fake server can be asked. */
  signedIn = true;
  offline = '';
  /** Review cards made, by id (quiz and key-point cards). */
  cards = new Set<string>();
  #states = new Map<string, LessonState>();
  #touch = 0;

  constructor(
    private emitProgress: (p: CourseProgress) => void,
    private emitChanged: () => void,
  ) {}

  #course(id: string, installed = true): FakeCourse {
    const c = this.courses.find((x) => x.id === id);
    if (!c || (installed && !c.installed)) throw new ApiError('not_found', `course ${id} is not installed`);
    return c;
  }

  #lesson(courseId: string, lessonId: string): [FakeCourse, FakeLesson] {
    const c = this.#course(courseId);
    const l = c.lessons.find((x) => x.id === lessonId);
    if (!l) throw new ApiError('not_found', `course ${courseId} has no lesson ${lessonId}`);
    return [c, l];
  }

  #state(courseId: string, lessonId: string): LessonState {
    const key = `${courseId}:${lessonId}`;
    let st = this.#states.get(key);
    if (!st) {
      st = { completed: false, seconds: 0, block: '', touched: 0, quiz: {} };
      this.#states.set(key, st);
    }
    return st;
  }

  #done(c: FakeCourse): number {
    return c.lessons.filter((l) => this.#states.get(`${c.id}:${l.id}`)?.completed).length;
  }

  list(): CourseList {
    const lines: CourseLine[] = [];
    for (const c of this.courses) {
      if (!c.installed && !(c.onServer && this.signedIn && !this.offline)) continue;
      const server = c.onServer && this.signedIn && !this.offline;
      const line: CourseLine = {
        id: c.id,
        title: c.title,
        description: c.description,
        state: !c.installed ? 'not downloaded' : server && c.version !== c.installed ? 'update available' : 'installed',
        lessons: c.lessons.length,
        done: c.installed ? this.#done(c) : 0,
        size: c.size,
      };
      if (c.installed) line.installed = c.installed;
      if (server) line.available = c.version;
      const d = this.downloads.get(c.id);
      if (d) line.download = { ...d };
      lines.push(line);
    }
    const storage = this.courses.filter((c) => c.installed).reduce((n, c) => n + c.size, 0);
    return { courses: lines, storage, server: this.signedIn ? 'http://127.0.0.1:8080' : '', offline: this.offline, signedIn: this.signedIn };
  }

  download(id: string): void {
    const c = this.#course(id, false);
    if (!this.signedIn) throw new ApiError('invalid', 'not signed in: sign in to a sync server first');
    const prev = this.downloads.get(id);
    const p: CourseProgress = { courseId: id, done: prev?.done ?? 0, total: c.size, filesDone: prev?.filesDone ?? 0, filesTotal: 2, retries: 0, state: 'downloading' };
    this.downloads.set(id, p);
    this.emitProgress({ ...p });
  }

  /** Moves a running download on (a test's stand-in for Go's progress events). */
  progress(id: string, done: number, change: Partial<CourseProgress> = {}): void {
    const p = this.downloads.get(id);
    if (!p) return;
    Object.assign(p, { done }, change);
    this.emitProgress({ ...p });
  }

  /** Ends a running download: the course is installed. */
  finish(id: string): void {
    const c = this.#course(id, false);
    const p = this.downloads.get(id);
    this.downloads.delete(id);
    c.installed = c.version;
    this.emitProgress({ ...(p ?? { courseId: id, filesDone: 0, filesTotal: 0, retries: 0, done: 0, total: 0 }), done: c.size, total: c.size, state: 'done' });
    this.emitChanged();
  }

  pause(id: string): void {
    const p = this.downloads.get(id);
    if (!p || p.state !== 'downloading') return;
    p.state = 'paused';
    this.emitProgress({ ...p });
  }

  remove(id: string): number {
    const c = this.#course(id);
    c.installed = '';
    this.downloads.delete(id);
    this.emitChanged();
    return c.size;
  }

  outline(id: string): CourseOutline {
    const c = this.#course(id);
    const modules: CourseOutline['modules'] = [];
    let seconds = 0;
    let last: [string, LessonState] | null = null;
    for (const l of c.lessons) {
      let m = modules.find((x) => x.title === l.module);
      if (!m) modules.push((m = { id: `m${modules.length + 1}`, title: l.module, lessons: [] }));
      const st = this.#states.get(`${c.id}:${l.id}`);
      seconds += st?.seconds ?? 0;
      if (st && (!last || st.touched > last[1].touched)) last = [l.id, st];
      m.lessons.push({ id: l.id, title: l.title, minutes: l.minutes ?? 0, completed: !!st?.completed, seconds: st?.seconds ?? 0 });
    }
    const order = c.lessons.map((l) => l.id);
    let cont = order[0] ?? '';
    if (last && !last[1].completed) cont = last[0];
    else {
      const start = last ? order.indexOf(last[0]) : 0;
      for (let k = 0; k < order.length; k++) {
        const id = order[(start + k) % order.length];
        if (!this.#states.get(`${c.id}:${id}`)?.completed) {
          cont = id;
          break;
        }
      }
    }
    return { courseId: c.id, title: c.title, description: c.description ?? '', version: c.installed, minutes: 0, modules, done: this.#done(c), total: c.lessons.length, seconds, continue: cont };
  }

  lesson(courseId: string, lessonId: string): LessonPage {
    const [c, l] = this.#lesson(courseId, lessonId);
    const i = c.lessons.indexOf(l);
    const st = this.#state(courseId, lessonId);
    return {
      courseId: c.id,
      courseTitle: c.title,
      moduleTitle: l.module,
      lessonId: l.id,
      title: l.title,
      minutes: l.minutes ?? 0,
      keyPoints: [...(l.keyPoints ?? [])],
      blocks: l.blocks.map((b) => ({ ...b })),
      progress: { completed: st.completed, seconds: st.seconds, block: st.block, quiz: { ...st.quiz } },
      prev: c.lessons[i - 1]?.id ?? '',
      next: c.lessons[i + 1]?.id ?? '',
    };
  }

  record(courseId: string, lessonId: string, blockId: string, seconds: number): void {
    const [, l] = this.#lesson(courseId, lessonId);
    if (blockId && !l.blocks.some((b) => b.id === blockId)) throw new ApiError('invalid', `lesson ${lessonId} has no block ${blockId}`);
    const st = this.#state(courseId, lessonId);
    st.seconds += Math.min(seconds, 900);
    if (blockId) st.block = blockId;
    st.touched = ++this.#touch;
  }

  answer(courseId: string, lessonId: string, blockId: string, r: QuizResponse): QuizGrade {
    const [, l] = this.#lesson(courseId, lessonId);
    const q = l.blocks.find((b) => b.id === blockId)?.question;
    if (!q) throw new ApiError('not_found', `lesson ${lessonId} has no quiz ${blockId}`);
    const a = l.answers?.[blockId] ?? {};
    let correct: boolean;
    if (q.kind === 'short') {
      const norm = (s: string) => s.trim().toLowerCase();
      correct = !!r.text?.trim() && (a.accepted ?? []).some((x) => norm(x) === norm(r.text ?? ''));
    } else {
      const picked = [...new Set(r.choices ?? [])].sort();
      correct = picked.length > 0 && picked.join() === [...(a.correct ?? [])].sort().join();
    }
    const st = this.#state(courseId, lessonId);
    st.quiz[blockId] = { attempts: (st.quiz[blockId]?.attempts ?? 0) + 1, correct };
    st.touched = ++this.#touch;
    this.cards.add(`${courseId}:${lessonId}/${blockId}`);
    const grade: QuizGrade = { correct, feedback: [...(a.feedback ?? [])] };
    if (q.kind === 'short') grade.accepted = [...(a.accepted ?? [])];
    else grade.correctChoices = [...(a.correct ?? [])];
    return grade;
  }

  complete(courseId: string, lessonId: string): number {
    const [, l] = this.#lesson(courseId, lessonId);
    const st = this.#state(courseId, lessonId);
    st.completed = true;
    st.touched = ++this.#touch;
    let made = 0;
    const ids = l.blocks.filter((b) => b.type === 'quiz').map((b) => `${courseId}:${lessonId}/${b.id}`);
    if (l.keyPoints?.length) ids.push(`${courseId}:${lessonId}/keypoints`);
    for (const id of ids) {
      if (!this.cards.has(id)) {
        this.cards.add(id);
        made++;
      }
    }
    this.emitChanged();
    return made;
  }

  continueCourse(): ContinueCourse | null {
    let best: ContinueCourse | null = null;
    let bestTouch = 0;
    for (const c of this.courses.filter((x) => x.installed)) {
      const touches = c.lessons.map((l) => this.#states.get(`${c.id}:${l.id}`)?.touched ?? 0);
      const t = Math.max(0, ...touches);
      const o = this.outline(c.id);
      if (t > bestTouch && o.done < o.total) {
        bestTouch = t;
        best = { courseId: c.id, title: c.title, lessonId: o.continue, done: o.done, total: o.total };
      }
    }
    return best;
  }
}

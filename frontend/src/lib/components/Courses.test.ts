import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setApi } from '../api';
import { FakeApi } from '../api/fake';
import { makeBlock, sampleCourse } from '../api/fake-courses';
import { CoursesStore, formatBytes, lessonOf } from '../stores/courses.svelte';
import CoursesView from './CoursesView.svelte';
import CourseView from './CourseView.svelte';
import LessonPlayer from './LessonPlayer.svelte';
import { Inflow } from '../stores/app.svelte';

describe('courses', () => {
  let fake: FakeApi;
  let store: CoursesStore;
  let now = 0;

  beforeEach(() => {
    fake = new FakeApi();
    fake.courseData.courses = [sampleCourse(), sampleCourse({ id: 'safety/ladders', title: 'Ladder safety', installed: '', size: 1_000_000 })];
    setApi(fake);
    now = Date.parse('2026-03-02T10:00:00Z');
    store = new CoursesStore({ now: () => now });
    store.listen();
  });

  it('reads lesson ids from search hits', () => {
    expect(lessonOf('course:field/radio:power')).toEqual({ courseId: 'field/radio', lessonId: 'power' });
    expect(lessonOf('course:a:b:c')).toEqual({ courseId: 'a:b', lessonId: 'c' });
    expect(lessonOf('pack/item')).toBeNull();
    expect(lessonOf('course:nolesson')).toBeNull();
    expect(lessonOf('course:x:')).toBeNull();
  });

  it('lists courses and shows a download through its states', async () => {
    const user = userEvent.setup();
    await store.load();
    render(CoursesView, { store, onOpen: () => {} });
    expect(screen.getByTestId('courses-storage')).toHaveTextContent('Storage used: 2.4 MB');
    const rows = screen.getAllByTestId('course-row');
    expect(rows).toHaveLength(2);
    const ladders = rows.find((r) => r.dataset.courseId === 'safety/ladders')!;
    expect(within(ladders).getByTestId('course-state')).toHaveTextContent('Available');

    await user.click(within(ladders).getByTestId('course-download-button'));
    const bar = await within(ladders).findByTestId('course-progress');
    expect(bar).toHaveAttribute('aria-valuenow', '0');
    fake.courseData.progress('safety/ladders', 400_000, { filesDone: 1 });
    await vi.waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '40'));
    expect(within(ladders).getByTestId('course-progress-text')).toHaveTextContent('Downloading · 391 KB of 977 KB · 1/2 files');

    await user.click(within(ladders).getByTestId('course-pause'));
    await vi.waitFor(() => expect(within(ladders).getByTestId('course-download')).toHaveAttribute('data-state', 'paused'));
    expect(within(ladders).getByTestId('course-state')).toHaveTextContent('Paused');
    await user.click(within(ladders).getByTestId('course-resume'));
    await vi.waitFor(() => expect(within(ladders).getByTestId('course-download')).toHaveAttribute('data-state', 'downloading'));
    fake.courseData.progress('safety/ladders', 700_000, { retries: 1 });
    await vi.waitFor(() => expect(within(ladders).getByTestId('course-progress-text')).toHaveTextContent('resumed after 1 dropped connection'));

    fake.courseData.finish('safety/ladders');
    await vi.waitFor(() => expect(within(ladders).getByTestId('course-state')).toHaveTextContent('Installed'));
    expect(within(ladders).queryByTestId('course-download')).toBeNull();
    expect(screen.getByTestId('courses-storage')).toHaveTextContent('Storage used: 3.3 MB');
  });

  it('shows a failed download with Resume and its error', async () => {
    await store.load();
    render(CoursesView, { store, onOpen: () => {} });
    await store.download('safety/ladders');
    fake.courseData.progress('safety/ladders', 100, { state: 'failed', error: 'intro.mp4: download failed 6 times in a row' });
    const ladders = screen.getAllByTestId('course-row').find((r) => r.dataset.courseId === 'safety/ladders')!;
    expect(await within(ladders).findByTestId('course-download-error')).toHaveTextContent('download failed 6 times');
    expect(within(ladders).getByTestId('course-resume')).toBeInTheDocument();
  });

  it('removes a course after confirmation', async () => {
    const user = userEvent.setup();
    await store.load();
    render(CoursesView, { store, onOpen: () => {} });
    const radio = screen.getAllByTestId('course-row').find((r) => r.dataset.courseId === 'field/radio')!;
    await user.click(within(radio).getByTestId('course-remove'));
    await user.click(within(radio).getByTestId('course-remove-cancel'));
    expect(fake.count('removeCourse')).toBe(0);
    await user.click(within(radio).getByTestId('course-remove'));
    await user.click(within(radio).getByTestId('course-remove-confirm'));
    expect(await screen.findByTestId('courses-notice')).toHaveTextContent('Removed Radio basics; freed 2.4 MB.');
    await vi.waitFor(() => expect(within(radio).getByTestId('course-state')).toHaveTextContent('Available'));
  });

  it('shows the outline with done marks and continues', async () => {
    const user = userEvent.setup();
    await fake.completeLesson('field/radio', 'power');
    await store.openCourse('field/radio');
    const onLesson = vi.fn();
    render(CourseView, { store, onBack: () => {}, onLesson });
    expect(screen.getByTestId('course-heading')).toHaveTextContent('Radio basics');
    const lessons = screen.getAllByTestId('outline-lesson');
    expect(lessons.map((l) => [l.dataset.lessonId, l.dataset.completed])).toEqual([
      ['power', 'true'],
      ['call', 'false'],
    ]);
    expect(screen.getByTestId('course-progress-summary')).toHaveTextContent('1/2 lessons · 0 min spent');
    await user.click(screen.getByTestId('course-continue'));
    expect(onLesson).toHaveBeenCalledWith('call');
  });

  it('plays a lesson: every block, quiz feedback, completion and time spent', async () => {
    const user = userEvent.setup();
    const c = sampleCourse();
    c.lessons[0].blocks.push(
      makeBlock({ id: 'v1', type: 'video', url: '/course-media/def?course=field%2Fradio', caption: 'A film' }),
      makeBlock({ id: 'a1', type: 'audio', url: '/course-media/fed?course=field%2Fradio' }),
      makeBlock({ id: 'e1', type: 'exercise', title: 'Try it', html: '<p>Switch it on.</p>', solutionHtml: '<p>Hold PWR.</p>' }),
      makeBlock({ id: 'c1', type: 'case', title: 'A storm', html: '<p>The mast fell.</p>', prompts: ['What first?'] }),
    );
    fake.courseData.courses = [c];
    await store.openLesson('field/radio', 'power');
    const onLesson = vi.fn();
    const { unmount } = render(LessonPlayer, { store, onBack: () => {}, onLesson });
    expect(screen.getByTestId('lesson-title')).toHaveTextContent('Power on');
    expect(screen.getAllByTestId('lesson-block').map((b) => b.dataset.type)).toEqual(['text', 'image', 'quiz', 'video', 'audio', 'exercise', 'case']);
    expect(screen.getByTestId('lesson-image')).toHaveAttribute('src', '/course-media/abc?course=field%2Fradio');
    expect(screen.getByTestId('lesson-image')).toHaveAttribute('alt', 'The panel');
    expect(screen.getByTestId('lesson-video')).toHaveAttribute('controls');
    expect(screen.getByTestId('lesson-audio')).toHaveAttribute('src', '/course-media/fed?course=field%2Fradio');
    expect(screen.getByTestId('lesson-case')).toHaveTextContent('What first?');
    expect(screen.queryByTestId('exercise-solution')).toBeNull();
    await user.click(screen.getByTestId('exercise-solution-toggle'));
    expect(screen.getByTestId('exercise-solution')).toHaveTextContent('Hold PWR.');

    // A wrong answer, then the right one.
    const quiz = screen.getByTestId('quiz');
    expect(within(quiz).getByTestId('quiz-check')).toBeDisabled();
    await user.click(within(quiz).getByLabelText('Half a second'));
    await user.click(within(quiz).getByTestId('quiz-check'));
    expect(await within(quiz).findByTestId('quiz-verdict')).toHaveTextContent('Not quite');
    expect(within(quiz).getByTestId('quiz-feedback')).toHaveTextContent('Two seconds avoids accidents.');
    const choices = within(quiz).getAllByTestId('quiz-choice');
    expect(choices.find((c) => c.dataset.choiceId === 'b')).toHaveAttribute('data-correct', 'true');
    expect(choices.find((c) => c.dataset.choiceId === 'a')).not.toHaveAttribute('data-correct');
    expect(fake.lastArgs('answerQuiz')).toEqual(['field/radio', 'power', 'q1', { choices: ['a'] }]);
    await user.click(within(quiz).getByLabelText(/^Two seconds/));
    await user.click(within(quiz).getByTestId('quiz-check'));
    await vi.waitFor(() => expect(within(quiz).getByTestId('quiz-verdict')).toHaveTextContent('Correct'));
    expect(fake.lastArgs('answerQuiz')).toEqual(['field/radio', 'power', 'q1', { choices: ['b'] }]);

    // Complete: the key points card is new (the quiz card exists already).
    await user.click(screen.getByTestId('lesson-complete'));
    expect(await screen.findByTestId('lesson-toast')).toHaveTextContent('1 card added to your reviews');
    expect(screen.getByTestId('lesson-complete')).toHaveTextContent('Completed');

    await user.click(screen.getByTestId('lesson-next'));
    expect(onLesson).toHaveBeenCalledWith('call');

    // Leaving sends the time since opening.
    now += 95_000;
    unmount();
    await vi.waitFor(() => expect(fake.lastArgs('lessonProgress')?.[3]).toBe(95));
    expect(fake.lastArgs('lessonProgress')?.slice(0, 2)).toEqual(['field/radio', 'power']);
  });

  it('sends time every 30 seconds while visible', async () => {
    vi.useFakeTimers();
    try {
      await store.openLesson('field/radio', 'power');
      render(LessonPlayer, { store, onBack: () => {}, onLesson: () => {} });
      const before = fake.count('lessonProgress');
      now += 30_000;
      await vi.advanceTimersByTimeAsync(30_000);
      expect(fake.count('lessonProgress')).toBe(before + 1);
      expect(fake.lastArgs('lessonProgress')?.[3]).toBe(30);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends a lesson its own time when the next one opens', async () => {
    const user = userEvent.setup();
    await store.openLesson('field/radio', 'power');
    render(LessonPlayer, { store, onBack: () => {}, onLesson: (id: string) => void store.openLesson('field/radio', id) });
    now += 40_000;
    await user.click(screen.getByTestId('lesson-next'));
    await vi.waitFor(() => expect(fake.calls.filter((c) => c.method === 'lessonProgress' && c.args[3] === 40)).toHaveLength(1));
    const sent = fake.calls.find((c) => c.method === 'lessonProgress' && c.args[3] === 40)!;
    expect(sent.args.slice(0, 2)).toEqual(['field/radio', 'power']);
  });

  it('opens a lesson search hit in the player, at the search words', async () => {
    const app = new Inflow();
    app.openItem('course:field/radio:power', 'heliograph');
    expect(app.nav.view).toEqual({ name: 'lesson', courseId: 'field/radio', lessonId: 'power', find: 'heliograph' });
    await vi.waitFor(() => expect(app.courses.lesson?.title).toBe('Power on'));
    app.openItem('pack/item');
    expect(app.nav.view).toEqual({ name: 'item', id: 'pack/item' });
  });

  it('finds the block holding the search words', async () => {
    await store.openLesson('field/radio', 'power');
    render(LessonPlayer, { store, find: 'kind:lesson seconds', onBack: () => {}, onLesson: () => {} });
    await vi.waitFor(() => expect(screen.getAllByTestId('lesson-block').find((b) => b.dataset.found === 'true')?.dataset.blockId).toBe('q1'));
  });

  it('offers to continue the course left off', async () => {
    const user = userEvent.setup();
    await fake.lessonProgress('field/radio', 'call', 'b1', 30);
    await store.load();
    const onContinue = vi.fn();
    render(CoursesView, { store, onOpen: () => {}, onContinue });
    expect(screen.getByTestId('courses-continue')).toHaveTextContent('Radio basics');
    await user.click(screen.getByTestId('courses-continue-button'));
    expect(onContinue).toHaveBeenCalledWith('field/radio', 'call');
  });

  it('formats sizes', () => {
    expect(formatBytes(10)).toBe('10 bytes');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(6 * 1024 * 1024 + 80)).toBe('6.0 MB');
  });
});

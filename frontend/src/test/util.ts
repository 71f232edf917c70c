/** Lets pending promises and zero-delay timers run. */
export const flush = () => new Promise<void>((r) => setTimeout(r, 0));

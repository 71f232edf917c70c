import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { setApi } from '../lib/api';

// jsdom lacks these; components call them.
Element.prototype.scrollIntoView ??= function () {};

afterEach(() => setApi(null));

// The one module through which the frontend reaches Go. Import `api` and call
// it; tests swap the implementation with setApi(new FakeApi()).
import type { Api } from './api';
import { createWailsApi } from './wails';

export type { Api } from './api';
export { EVENTS } from './api';
export { ApiError, ERROR_CODES, isApiError, parseError, toApiError, type ErrorCode } from './errors';
export * from './types';

let current: Api | null = null;

/** Replaces the implementation behind `api`; null goes back to the real one. */
export function setApi(impl: Api | null): void {
  current = impl;
}

/** The implementation in use; the Wails one unless setApi was called. */
export function getApi(): Api {
  current ??= createWailsApi();
  return current;
}

/** Forwards every call to the current implementation. */
export const api: Api = new Proxy({} as Api, {
  get(_target, key) {
    const impl = getApi();
    const value = impl[key as keyof Api];
    return typeof value === 'function' ? value.bind(impl) : value;
  },
});

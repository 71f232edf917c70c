import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { setApi } from '../lib/api';

// jsdom lacks these; components call them.
Element.prototype.scrollIntoView ??= function () {};

afterEach(() => setApi(null));

// jsdom has <dialog> without its methods.
HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.setAttribute('open', '');
};
HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
  this.removeAttribute('open');
  this.dispatchEvent(new Event('close'));
};

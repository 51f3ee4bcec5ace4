/** Sign-in: POST /api/session; the CSRF token it answers stays in memory (api.ts). */
import { ApiError, signIn } from '../api.js';
import { html, setHtml } from '../html.js';
import type { PageContext } from '../page.js';

function safeNext(): string {
  const next = new URLSearchParams(location.search).get('next') ?? '';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/overview';
}

export async function render(ctx: PageContext): Promise<void> {
  setHtml(ctx.main, html`<div class="narrow">
    <h1 tabindex="-1">Sign in</h1>
    <p class="lead">CSE Profile holds sensitive figures about children. Sign in with the account your partnership gave you.</p>
    <div id="sign-in-errors"></div>
    <form id="sign-in-form" class="stack" novalidate>
      <div class="field">
        <label for="username">Username</label>
        <input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required>
      </div>
      <div class="field">
        <label for="password">Password</label>
        <input type="password" id="password" name="password" autocomplete="current-password" required>
      </div>
      <div class="button-row"><button type="submit" class="button">Sign in</button></div>
    </form>
  </div>`);
  const form = ctx.main.querySelector<HTMLFormElement>('#sign-in-form')!;
  const errors = ctx.main.querySelector<HTMLElement>('#sign-in-errors')!;
  const showError = (text: string, fieldId: string) =>
    setHtml(errors, html`<div class="error-summary" role="alert" tabindex="-1"><h2>There is a problem</h2>
      <p><a href="#${fieldId}">${text}</a></p></div>`);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const username = (form.elements.namedItem('username') as HTMLInputElement).value.trim();
    const password = (form.elements.namedItem('password') as HTMLInputElement).value;
    if (!username || !password) {
      showError(!username ? 'Enter your username' : 'Enter your password', !username ? 'username' : 'password');
      errors.querySelector<HTMLElement>('.error-summary')?.focus();
      return;
    }
    const button = form.querySelector('button')!;
    button.disabled = true;
    signIn(username, password)
      // Replace the sign-in page in the history: Back from the first page must not return to it.
      .then(() => ctx.navigate(safeNext(), 'replace'))
      .catch((error: unknown) => {
        button.disabled = false;
        const text = error instanceof ApiError && (error.status === 401 || error.status === 400)
          ? 'The username or password is not right'
          : error instanceof ApiError && error.status === 429
            ? 'Too many attempts: wait a few minutes and try again'
            : 'Signing in did not work: the server did not answer. Try again.';
        showError(text, 'username');
        errors.querySelector<HTMLElement>('.error-summary')?.focus();
      });
  });
  if (!ctx.isCurrent()) return;
  ctx.main.querySelector<HTMLInputElement>('#username')?.focus();
}

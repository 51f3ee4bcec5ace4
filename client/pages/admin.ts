/**
 * Admin: user accounts (GET/POST /api/users, PATCH /api/users/:name, POST
 * /api/users/:name/password), everyone's API tokens (GET /api/admin/tokens, DELETE
 * /api/admin/tokens/:id) and the audit log (GET /api/audit, newest first, paged).
 */
import { getJson, send } from '../api.js';
import type { ApiTokenListing, AuditEntry, UserAccount } from '../api-types.js';
import { errorMessage, errorText } from '../controls.js';
import { html, setHtml, type Markup } from '../html.js';
import type { PageContext } from '../page.js';

const ROLES = ['viewer', 'analyst', 'admin'] as const;

function when(at: number | string | undefined): string {
  if (at === undefined || at === null) return '';
  const d = new Date(typeof at === 'number' ? at : /^\d+$/.test(at) ? Number(at) : at);
  return Number.isNaN(d.getTime()) ? String(at) : d.toISOString().replace('T', ' ').slice(0, 19);
}

function usersTable(users: UserAccount[], me: string): Markup {
  return html`<div class="table-scroll"><table><caption class="visually-hidden">User accounts</caption>
    <thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Areas</th><th scope="col">State</th><th scope="col">Created</th><th scope="col">Change</th></tr></thead>
    <tbody>${users.map((u) => html`<tr data-user="${u.username}">
      <th scope="row">${u.username}${u.username === me ? html` <span class="hint">(you)</span>` : ''}</th>
      <td><label class="visually-hidden" for="role-${u.username}">Role of ${u.username}</label>
        <select id="role-${u.username}" data-action="role">${ROLES.map((r) => html`<option value="${r}" ${u.role === r ? html`selected` : ''}>${r}</option>`)}</select></td>
      <td>${u.areas?.length ? u.areas.join(', ') : 'all areas'}</td>
      <td>${u.disabled ? html`<span class="tag rag-red">Disabled</span>` : 'Active'}</td>
      <td>${u.created_at ? when(u.created_at) : ''}</td>
      <td><button type="button" class="button secondary small" data-action="toggle">${u.disabled ? 'Enable' : 'Disable'}<span class="visually-hidden"> ${u.username}</span></button>
        <button type="button" class="button secondary small" data-action="password">Reset password<span class="visually-hidden"> of ${u.username}</span></button></td>
    </tr>`)}</tbody></table></div>`;
}

function tokensTable(tokens: ApiTokenListing[]): Markup {
  if (tokens.length === 0) return html`<p>No live tokens. Users make them for scripts with POST /api/tokens while signed in.</p>`;
  // Three columns and a button, the dates stacked in one cell, so the list fits a phone.
  return html`<div class="table-scroll"><table class="token-table"><caption class="visually-hidden">Live API tokens</caption>
    <thead><tr><th scope="col">User</th><th scope="col">Token</th><th scope="col">Dates (UTC)</th><th scope="col"><span class="visually-hidden">Revoke</span></th></tr></thead>
    <tbody>${tokens.map((t) => html`<tr data-token="${String(t.id)}">
      <th scope="row">${t.user}</th><td>${t.name}</td>
      <td class="token-dates"><span>made ${when(t.created_at).slice(0, 10)}</span> <span>used ${t.last_used_at ? when(t.last_used_at).slice(0, 16) : 'never'}</span>
        <span>expires ${when(t.expires_at).slice(0, 10)}</span></td>
      <td><button type="button" class="button secondary small" data-action="revoke">Revoke<span class="visually-hidden"> ${t.name} of ${t.user}</span></button></td>
    </tr>`)}</tbody></table></div>`;
}

function auditRows(entries: AuditEntry[]): Markup {
  return html`${entries.map((e) => html`<tr><td class="nowrap">${when(e.at)}</td><td><code>${e.action}</code></td><td>${e.username ?? ''}</td>
    <td>${e.target ?? ''}</td><td>${e.ip ?? ''}</td><td class="details">${e.details ? JSON.stringify(e.details) : ''}</td></tr>`)}`;
}

export async function render(ctx: PageContext): Promise<void> {
  setHtml(ctx.main, html`<h1>Users and audit log</h1>
    <section aria-labelledby="users-heading"><h2 id="users-heading">Users</h2>
      <div id="users-message" aria-live="polite"></div>
      <div id="users"><p class="loading">Loading…</p></div>
      <form id="add-user" class="controls" novalidate aria-labelledby="add-user-heading">
        <h3 id="add-user-heading" class="full-width">Add a user</h3>
        <div class="field"><label for="new-username">Username</label><input type="text" id="new-username" name="username" autocomplete="off" autocapitalize="none" spellcheck="false"></div>
        <div class="field"><label for="new-role">Role</label><select id="new-role" name="role">${ROLES.map((r) => html`<option value="${r}">${r}</option>`)}</select></div>
        <div class="field"><label for="new-areas">Areas</label><span class="hint" id="new-areas-hint">Area codes, comma separated; blank for all</span>
          <input type="text" id="new-areas" name="areas" aria-describedby="new-areas-hint" autocomplete="off"></div>
        <div class="field"><label for="new-password">Password</label><input type="password" id="new-password" name="password" autocomplete="new-password"></div>
        <div class="field"><button type="submit" class="button">Add user</button></div>
      </form>
    </section>
    <section aria-labelledby="tokens-heading"><h2 id="tokens-heading">API tokens</h2>
      <p class="hint">Tokens let scripts act as their user. They expire, and end when the user's password is reset, their role changes or they are disabled.</p>
      <div id="tokens-message" aria-live="polite"></div>
      <div id="tokens"><p class="loading">Loading…</p></div>
    </section>
    <section aria-labelledby="audit-heading"><h2 id="audit-heading">Audit log</h2>
      <form id="audit-filter" class="controls" role="search" aria-label="Filter the audit log">
        <div class="field"><label for="audit-user">User</label><input type="text" id="audit-user" name="user" autocomplete="off"></div>
        <div class="field"><label for="audit-action">Action</label><input type="text" id="audit-action" name="action" autocomplete="off"></div>
        <div class="field"><button type="submit" class="button secondary">Filter</button></div>
      </form>
      <div class="table-scroll"><table id="audit-table"><caption class="visually-hidden">Audit log, newest first</caption>
        <thead><tr><th scope="col">When (UTC)</th><th scope="col">Action</th><th scope="col">User</th><th scope="col">Target</th><th scope="col">IP</th><th scope="col">Details</th></tr></thead>
        <tbody></tbody></table></div>
      <div id="audit-message"></div>
      <button type="button" class="button secondary" id="audit-more" hidden>Show older entries</button>
    </section>`);
  const usersBox = ctx.main.querySelector<HTMLElement>('#users')!;
  const usersMessage = ctx.main.querySelector<HTMLElement>('#users-message')!;
  const say = (ok: boolean, text: string) => setHtml(usersMessage, html`<div class="message ${ok ? 'success' : 'error'}" role="${ok ? 'status' : 'alert'}"><p>${text}</p></div>`);

  const loadUsers = async () => {
    try {
      setHtml(usersBox, usersTable(await getJson<UserAccount[]>('/api/users'), ctx.session.user));
    } catch (error) {
      setHtml(usersBox, errorMessage(error));
    }
  };
  usersBox.addEventListener('change', (e) => {
    const select = e.target as HTMLSelectElement;
    const name = select.closest<HTMLElement>('[data-user]')?.dataset.user;
    if (select.dataset.action !== 'role' || !name) return;
    send('PATCH', `/api/users/${encodeURIComponent(name)}`, { role: select.value })
      .then(() => say(true, `${name} is now ${select.value}.`))
      .catch((error: unknown) => say(false, `Role not changed: ${errorText(error)}`))
      .finally(() => void Promise.all([loadUsers(), loadTokens()]));
  });
  usersBox.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    const name = button?.closest<HTMLElement>('[data-user]')?.dataset.user;
    if (!button || !name) return;
    if (button.dataset.action === 'toggle') {
      const disable = button.textContent?.startsWith('Disable') ?? false;
      send('PATCH', `/api/users/${encodeURIComponent(name)}`, { disabled: disable })
        .then(() => say(true, `${name} is ${disable ? 'disabled' : 'enabled'}.`))
        .catch((error: unknown) => say(false, `Not changed: ${errorText(error)}`))
        .finally(() => void Promise.all([loadUsers(), loadTokens()]));
    } else if (button.dataset.action === 'password') {
      const row = button.closest('tr')!;
      if (row.nextElementSibling?.classList.contains('password-row')) return;
      const id = `pw-${name}`;
      row.insertAdjacentHTML('afterend', html`<tr class="password-row"><td colspan="6">
        <form class="inline-form" data-user="${name}" novalidate>
          <label for="${id}">New password for ${name}</label>
          <input type="password" id="${id}" name="password" autocomplete="new-password">
          <button type="submit" class="button small">Save password</button>
          <button type="button" class="button secondary small" data-action="cancel">Cancel</button>
        </form></td></tr>`.text);
      const form = row.nextElementSibling!.querySelector('form')!;
      form.querySelector<HTMLInputElement>('input')!.focus();
      form.querySelector('[data-action="cancel"]')!.addEventListener('click', () => {
        form.closest('tr')!.remove();
        button.focus();
      });
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const password = form.querySelector<HTMLInputElement>('input')!.value;
        send('POST', `/api/users/${encodeURIComponent(name)}/password`, { password })
          .then(() => {
            say(true, `The password of ${name} is reset; their sessions are signed out and their tokens revoked.`);
            form.closest('tr')!.remove();
            void loadTokens();
          })
          .catch((error: unknown) => {
            const body = (error as { body?: { message?: string } }).body;
            say(false, `Password not reset: ${body?.message ?? errorText(error)}`);
          });
      });
    }
  });
  const tokensBox = ctx.main.querySelector<HTMLElement>('#tokens')!;
  const tokensMessage = ctx.main.querySelector<HTMLElement>('#tokens-message')!;
  const loadTokens = async () => {
    try {
      setHtml(tokensBox, tokensTable(await getJson<ApiTokenListing[]>('/api/admin/tokens')));
    } catch (error) {
      setHtml(tokensBox, errorMessage(error));
    }
  };
  tokensBox.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-action="revoke"]');
    const row = button?.closest<HTMLTableRowElement>('tr[data-token]');
    if (!button || !row) return;
    const label = `${row.cells[1]?.textContent ?? 'token'} of ${row.cells[0]?.textContent ?? ''}`;
    send('DELETE', `/api/admin/tokens/${encodeURIComponent(row.dataset.token ?? '')}`)
      .then(() => setHtml(tokensMessage, html`<div class="message success" role="status"><p>Revoked ${label}.</p></div>`))
      .catch((error: unknown) => setHtml(tokensMessage, html`<div class="message error" role="alert"><p>Not revoked: ${errorText(error)}</p></div>`))
      .finally(() => void loadTokens());
  });

  const addForm = ctx.main.querySelector<HTMLFormElement>('#add-user')!;
  addForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = (n: string) => (addForm.elements.namedItem(n) as HTMLInputElement).value.trim();
    const areas = v('areas') ? v('areas').split(/[\s,;]+/).filter(Boolean) : null;
    send('POST', '/api/users', { username: v('username'), role: v('role'), areas, password: (addForm.elements.namedItem('password') as HTMLInputElement).value })
      .then(() => {
        say(true, `${v('username')} added as ${v('role')}.`);
        addForm.reset();
        void loadUsers();
        void loadAudit(true);
      })
      .catch((error: unknown) => {
        const body = (error as { body?: { message?: string } }).body;
        say(false, `Not added: ${body?.message ?? errorText(error)}`);
      });
  });

  const tbody = ctx.main.querySelector<HTMLElement>('#audit-table tbody')!;
  const more = ctx.main.querySelector<HTMLButtonElement>('#audit-more')!;
  const auditMessage = ctx.main.querySelector<HTMLElement>('#audit-message')!;
  const filterForm = ctx.main.querySelector<HTMLFormElement>('#audit-filter')!;
  let before: number | null = null;
  const loadAudit = async (fresh: boolean) => {
    const user = (filterForm.elements.namedItem('user') as HTMLInputElement).value.trim();
    const action = (filterForm.elements.namedItem('action') as HTMLInputElement).value.trim();
    try {
      const page = await getJson<{ entries: AuditEntry[]; next_before: number | null }>('/api/audit', {
        limit: 100, before: fresh ? null : before, user: user || null, action: action || null,
      });
      if (fresh) tbody.replaceChildren();
      tbody.insertAdjacentHTML('beforeend', auditRows(page.entries).text);
      before = page.next_before;
      more.hidden = before === null;
      setHtml(auditMessage, tbody.children.length ? html`` : html`<p>No entries.</p>`);
    } catch (error) {
      setHtml(auditMessage, errorMessage(error));
    }
  };
  filterForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void loadAudit(true);
  });
  more.addEventListener('click', () => void loadAudit(false));
  await Promise.all([loadUsers(), loadTokens(), loadAudit(true)]);
}

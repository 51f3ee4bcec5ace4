import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../db/database.js';
import { hashPassword } from './passwords.js';
import { ROLES, type AuthUser, type Role } from './roles.js';

/** What admins see of an account; never the hash. */
export interface UserSummary extends AuthUser {
  disabled: boolean;
  created_at: string;
  updated_at: string;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  areas: string[] | null;
}

export interface UserChanges {
  role?: Role;
  areas?: string[] | null;
  disabled?: boolean;
}

/** Lower-case letters, digits, dot, dash and underscore: safe in logs, URLs and file names. */
const USERNAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** GSS codes (E08000007) and the like: a letter and eight digits. */
const AREA_CODE = /^[A-Z]\d{8}$/;

export class UserExistsError extends Error {
  constructor(readonly username: string) {
    super(`a user called ${username} already exists`);
    this.name = 'UserExistsError';
  }
}

/** Sign-in names are compared case-insensitively: `Admin` and `admin` are one account. */
export function normaliseUsername(value: string): string {
  return value.trim().toLowerCase();
}

export function isValidUsername(value: string): boolean {
  return USERNAME.test(value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** An area scope from the edge: null (every area) or a non-empty list of area codes. */
export function parseAreas(value: unknown): string[] | null | undefined {
  if (value === null) return null;
  const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const codes = list.map((code) => (typeof code === 'string' ? code.trim().toUpperCase() : ''));
  if (!codes.every((code) => AREA_CODE.test(code))) return undefined;
  return [...new Set(codes)].sort();
}

const USER_COLUMNS = 'id, username, role, areas, disabled, epoch_ms(created_at) AS created_at, epoch_ms(updated_at) AS updated_at';

/** A row with the users table's id, username, role and areas columns, as the routes see it. */
export function authUserFromRow(row: Record<string, unknown>): AuthUser {
  return {
    id: Number(row.id),
    username: String(row.username),
    role: row.role as Role,
    areas: row.areas === null ? null : (row.areas as unknown[]).map(String),
  };
}

function toSummary(row: Record<string, unknown>): UserSummary {
  return {
    ...authUserFromRow(row),
    disabled: Boolean(row.disabled),
    created_at: new Date(Number(row.created_at)).toISOString(),
    updated_at: new Date(Number(row.updated_at)).toISOString(),
  };
}

export function toAuthUser(user: UserSummary): AuthUser {
  return { id: user.id, username: user.username, role: user.role, areas: user.areas };
}

export async function countUsers(db: Database): Promise<number> {
  const reader = await db.withConnection((c) => c.runAndReadAll('SELECT count(*) AS n FROM users'));
  return Number(reader.getRowObjectsJS()[0]!.n);
}

export async function createUser(db: Database, user: NewUser): Promise<UserSummary> {
  const passwordHash = await hashPassword(user.password);
  return db.withConnection(async (c) => {
    if (await findRow(c, user.username)) throw new UserExistsError(user.username);
    try {
      await c.run(
        `INSERT INTO users (id, username, password_hash, role, areas)
         VALUES (nextval('user_id_seq'), $username, $hash, $role, $areas::JSON::VARCHAR[])`,
        { username: user.username, hash: passwordHash, role: user.role, areas: JSON.stringify(user.areas) },
      );
    } catch (error) {
      // Two admins adding the same name at once: the unique index decides.
      if (error instanceof Error && /duplicate key|unique/i.test(error.message)) throw new UserExistsError(user.username);
      throw error;
    }
    return (await findRow(c, user.username))!;
  });
}

export async function listUsers(db: Database): Promise<UserSummary[]> {
  const reader = await db.withConnection((c) => c.runAndReadAll(`SELECT ${USER_COLUMNS} FROM users ORDER BY username`));
  return reader.getRowObjectsJS().map(toSummary);
}

export async function findUser(db: Database, username: string): Promise<UserSummary | null> {
  return db.withConnection((c) => findRow(c, username));
}

async function findRow(c: DuckDBConnection, username: string): Promise<UserSummary | null> {
  const reader = await c.runAndReadAll(`SELECT ${USER_COLUMNS} FROM users WHERE username = $username`, { username });
  const row = reader.getRowObjectsJS()[0];
  return row ? toSummary(row) : null;
}

/** The account and its hash, for checking a sign-in. */
export async function findCredentials(db: Database, username: string): Promise<{ user: UserSummary; passwordHash: string } | null> {
  const reader = await db.withConnection((c) =>
    c.runAndReadAll(`SELECT password_hash, ${USER_COLUMNS} FROM users WHERE username = $username`, { username }),
  );
  const row = reader.getRowObjectsJS()[0];
  return row ? { user: toSummary(row), passwordHash: String(row.password_hash) } : null;
}

export async function updateUser(db: Database, username: string, changes: UserChanges): Promise<UserSummary | null> {
  return db.withConnection(async (c) => {
    const current = await findRow(c, username);
    if (!current) return null;
    const next = {
      role: changes.role ?? current.role,
      areas: changes.areas === undefined ? current.areas : changes.areas,
      disabled: changes.disabled ?? current.disabled,
    };
    await c.run(
      `UPDATE users SET role = $role, areas = $areas::JSON::VARCHAR[], disabled = $disabled, updated_at = now()
       WHERE username = $username`,
      { username, role: next.role, areas: JSON.stringify(next.areas), disabled: next.disabled },
    );
    return findRow(c, username);
  });
}

export async function setPassword(db: Database, username: string, password: string): Promise<UserSummary | null> {
  const passwordHash = await hashPassword(password);
  return db.withConnection(async (c) => {
    await c.run('UPDATE users SET password_hash = $hash, updated_at = now() WHERE username = $username', {
      username,
      hash: passwordHash,
    });
    return findRow(c, username);
  });
}

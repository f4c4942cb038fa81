/**
 * The console's people and their sessions (migration 0021, `console_users` and `console_sessions`). An
 * owner sees everything; a staff member sees the bookings of their locations. A session is a random
 * token in an HttpOnly cookie; the table keeps its SHA-256 only.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/types.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';

export type Role = 'owner' | 'staff';
export const ROLES: readonly Role[] = ['owner', 'staff'];

export interface ConsoleUser {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  /** A staff member's locations; empty for an owner (who sees every location). */
  readonly locations: readonly string[];
  readonly createdAt: Date;
}

interface UserRow {
  username: string;
  display_name: string;
  role: Role;
  locations: string[];
  password_hash: string;
  created_at: Date;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
/** How long a sign-in lasts. */
export const SESSION_DAYS = 7;
/** last_seen_at is written at most this often per session. */
const SEEN_EVERY_MS = 60_000;

function toUser(r: UserRow): ConsoleUser {
  return {
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    locations: r.locations,
    createdAt: r.created_at,
  };
}

export interface NewUser {
  readonly username: string;
  readonly displayName?: string | undefined;
  readonly role: Role;
  readonly locations?: readonly string[] | undefined;
  readonly password: string;
}

/** A user's row values, checked. @throws BadRequestError naming the field. */
async function userValues(user: NewUser, now: Date): Promise<unknown[]> {
  const username = user.username.trim().toLowerCase();
  if (!USERNAME.test(username))
    throw new BadRequestError('a username is 1–63 of a-z, 0-9, ".", "_" and "-", starting with a letter or digit', {
      field: 'username',
    });
  const problem = passwordProblem(user.password);
  if (problem) throw new BadRequestError(problem, { field: 'password' });
  const locations = user.role === 'owner' ? [] : [...new Set(user.locations ?? [])];
  if (user.role === 'staff' && locations.length === 0)
    throw new BadRequestError('a staff member needs at least one location', { field: 'locations' });
  return [username, user.displayName?.trim() || username, user.role, locations, await hashPassword(user.password), now];
}

const INSERT_USER = `INSERT INTO console_users (username, display_name, role, locations, password_hash, created_at, updated_at)
  VALUES ($1, $2, $3, $4::text[], $5, $6, $6)`;

/**
 * Adds a console user, or replaces the name, password, role and locations of the one with that username
 * (who is then signed out everywhere).
 * @throws BadRequestError naming what is wrong (username, password, a staff member without locations).
 */
export async function saveUser(q: Queryable, user: NewUser, now: Date): Promise<ConsoleUser> {
  const values = await userValues(user, now);
  const { rows } = await q.query<UserRow>(
    `${INSERT_USER}
     ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, role = EXCLUDED.role,
       locations = EXCLUDED.locations, password_hash = EXCLUDED.password_hash, updated_at = EXCLUDED.updated_at
     RETURNING *`,
    values,
  );
  await q.query('DELETE FROM console_sessions WHERE username = $1', [values[0]]);
  return toUser(rows[0]!);
}

/** Adds the user unless one of that name exists (which is left as it is); returns the user of that name. */
export async function addUserIfAbsent(q: Queryable, user: NewUser, now: Date): Promise<ConsoleUser> {
  const values = await userValues(user, now);
  await q.query(`${INSERT_USER} ON CONFLICT (username) DO NOTHING`, values);
  const { rows } = await q.query<UserRow>('SELECT * FROM console_users WHERE username = $1', [values[0]]);
  return toUser(rows[0]!);
}

/** Every console user, by name. */
export async function listUsers(q: Queryable): Promise<ConsoleUser[]> {
  const { rows } = await q.query<UserRow>('SELECT * FROM console_users ORDER BY username');
  return rows.map(toUser);
}

/** Whether anybody can sign in yet. */
export async function hasUsers(q: Queryable): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM console_users LIMIT 1');
  return rows.length > 0;
}

/** Removes a user and ends their sessions. @throws NotFoundError */
export async function removeUser(q: Queryable, username: string): Promise<void> {
  const { rowCount } = await q.query('DELETE FROM console_users WHERE username = $1', [username.trim().toLowerCase()]);
  if (rowCount === 0) throw new NotFoundError('Console user');
}

// Verified against when the username is unknown, so both answers take scrypt's time.
let decoy: Promise<string> | undefined;
function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}

/** The user whose username and password these are, else undefined (the same time either way). */
export async function checkPassword(
  q: Queryable,
  username: string,
  password: string,
): Promise<ConsoleUser | undefined> {
  const { rows } = await q.query<UserRow>('SELECT * FROM console_users WHERE username = $1', [
    username.trim().toLowerCase(),
  ]);
  const row = rows[0];
  const hash = row?.password_hash ?? (await decoyHash());
  const ok = await verifyPassword(password, hash);
  return ok && row ? toUser(row) : undefined;
}

/** What a session cookie's token is stored as. */
export function sessionId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface Session {
  readonly id: string;
  readonly user: ConsoleUser;
}

/** Opens a session for `user`; returns it and the token for the cookie (never stored). */
export async function openSession(
  q: Queryable,
  user: ConsoleUser,
  now: Date,
): Promise<{ readonly token: string; readonly session: Session }> {
  const token = randomBytes(32).toString('base64url');
  const id = sessionId(token);
  await q.query(
    `INSERT INTO console_sessions (id, username, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $3)`,
    [id, user.username, now, new Date(now.getTime() + SESSION_DAYS * 86_400_000)],
  );
  return { token, session: { id, user } };
}

/** The live session a cookie's token opens, or undefined (unknown, expired, or its user removed). */
export async function sessionOf(q: Queryable, token: string, now: Date): Promise<Session | undefined> {
  const id = sessionId(token);
  const { rows } = await q.query<UserRow & { last_seen_at: Date }>(
    `SELECT u.*, s.last_seen_at FROM console_sessions s JOIN console_users u ON u.username = s.username
     WHERE s.id = $1 AND s.expires_at > $2`,
    [id, now],
  );
  const row = rows[0];
  if (!row) return undefined;
  if (now.getTime() - row.last_seen_at.getTime() > SEEN_EVERY_MS)
    await q.query('UPDATE console_sessions SET last_seen_at = $2 WHERE id = $1', [id, now]);
  return { id, user: toUser(row) };
}

/** Ends one session (sign-out). */
export async function closeSession(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM console_sessions WHERE id = $1', [id]);
}

/** Deletes sessions that expired before `now`; returns how many. */
export async function pruneSessions(q: Queryable, now: Date): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM console_sessions WHERE expires_at <= $1', [now]);
  return rowCount;
}

import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Database } from '../db/types.ts';
import { UsageError } from '../errors.ts';
import { listUsers, removeUser, ROLES, saveUser, type Role } from './users.ts';

export interface UserCommandDeps {
  readonly openDatabase: (options: { migrate: boolean; create: boolean }) => Promise<Database>;
  readonly clock: () => Date;
  /** The catalog's location ids (the database's catalog, else the file): a staff member's locations must be among them. */
  readonly locations: (db: Database) => Promise<readonly string[]>;
  /** The password: the first line of standard input (a prompt that does not echo on a terminal). */
  readonly readPassword?: () => Promise<string>;
  readonly write?: (text: string) => void;
}

/** The first line of standard input; on a terminal asked for without echoing it. */
async function readPasswordLine(): Promise<string> {
  const tty = process.stdin.isTTY === true;
  const rl = createInterface({ input: process.stdin, terminal: tty, output: tty ? process.stderr : undefined });
  if (tty) {
    process.stderr.write('Password: ');
    // Nothing typed is echoed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  }
  try {
    for await (const line of rl) return line;
    return '';
  } finally {
    rl.close();
    if (tty) process.stderr.write('\n');
  }
}

/** `flowbook users add|list|remove`: who may sign in to the console (docs/console.md). */
export function registerUserCommands(program: Command, deps: UserCommandDeps): void {
  const write = deps.write ?? ((text: string) => void process.stdout.write(text));
  const withDb = async <T>(run: (db: Database) => Promise<T>): Promise<T> => {
    const db = await deps.openDatabase({ migrate: true, create: true });
    try {
      return await run(db);
    } finally {
      await db.close();
    }
  };
  const users = program
    .command('users')
    .description('Who may sign in to the console')
    .addHelpText('after', '\nOn the embedded database, stop the server first (one process per DATA_DIR).');
  users
    .command('add <username>')
    .description('Add a console user, or change one (their password from standard input)')
    .option('--role <role>', `${ROLES.join(' or ')}`, 'staff')
    .option('--location <ids>', "a staff member's locations, comma-separated")
    .option('--name <name>', 'the name the console shows')
    .action(async (username: string, options: { role: string; location?: string; name?: string }) => {
      if (!ROLES.includes(options.role as Role)) throw new UsageError(`--role is ${ROLES.join(' or ')}`);
      const locations = (options.location ?? '')
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean);
      const user = await withDb(async (db) => {
        const known = await deps.locations(db);
        const unknown = locations.filter((l) => !known.includes(l));
        if (unknown.length > 0)
          throw new UsageError(`unknown location ${unknown.join(', ')} (the catalog has ${known.join(', ')})`);
        const password = (await (deps.readPassword ?? readPasswordLine)()).replace(/\r$/, '');
        return saveUser(
          db,
          { username, displayName: options.name, role: options.role as Role, locations, password },
          deps.clock(),
        );
      });
      write(
        `${user.username} (${user.role}${user.locations.length ? `: ${user.locations.join(', ')}` : ''}) can sign in\n`,
      );
    });
  users
    .command('list')
    .description('List console users')
    .action(async () => {
      const all = await withDb(listUsers);
      if (all.length === 0) write('no console users yet: flowbook users add <username> --role owner\n');
      for (const u of all) write(`${u.username}\t${u.role}\t${u.locations.join(',') || '-'}\t${u.displayName}\n`);
    });
  users
    .command('remove <username>')
    .description('Remove a console user and end their sessions')
    .action(async (username: string) => {
      await withDb((db) => removeUser(db, username));
      write(`${username} removed\n`);
    });
}

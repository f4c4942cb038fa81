import type { Command } from 'commander';
import type { Database } from '../db/types.ts';
import { eraseCustomerEverywhere } from './erase.ts';

export interface PrivacyCommandDeps {
  readonly openDatabase: (options: { migrate: boolean; create: boolean }) => Promise<Database>;
  readonly clock: () => Date;
  readonly write?: (text: string) => void;
}

/** `flowbook customers erase <id>`: the erasure of src/privacy/erase.ts, from the command line. */
export function registerPrivacyCommands(program: Command, deps: PrivacyCommandDeps): void {
  const write = deps.write ?? ((text: string) => void process.stdout.write(text));
  program
    .command('customers')
    .description('Customers known to flowbook')
    .command('erase <id>')
    .description('Erase a customer (phone number or BSUID) from every table; bookings stay, anonymised')
    .addHelpText(
      'after',
      '\nOn the embedded database, stop the server first (one process per DATA_DIR), or use DELETE /api/customers/:id.',
    )
    .action(async (id: string) => {
      const db = await deps.openDatabase({ migrate: true, create: false });
      try {
        write(`${JSON.stringify(await eraseCustomerEverywhere(db, id, deps.clock()))}\n`);
      } finally {
        await db.close();
      }
    });
}

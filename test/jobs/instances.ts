import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { queueOutbound } from '../../src/messaging/outbox.ts';
import type { Queryable } from '../../src/db/types.ts';
import { textMessage } from '../../src/whatsapp/messages.ts';

const INSTANCE = fileURLToPath(new URL('./fixtures/instance.ts', import.meta.url));

/** A send slot an instance's pacer took (TEST_REPORT_PACING): to whom, and the slot's instant in ms since the epoch. */
export interface PacedSlot {
  readonly to: string;
  readonly slotAt: number;
}

/** A flowbook process of its own (test/jobs/fixtures/instance.ts), and its port once it listens. */
export interface Instance {
  readonly child: ChildProcess;
  readonly port: number;
  /** The slots it reported so far (only with TEST_REPORT_PACING). */
  readonly paced: PacedSlot[];
}

/** Starts one instance with `env` added to this process's environment; resolves once it listens. */
export function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', INSTANCE], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const paced: PacedSlot[] = [];
  return new Promise((resolve, reject) => {
    let partial = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        const listening = /^LISTENING (\d+)$/.exec(line);
        if (listening) resolve({ child, port: Number(listening[1]), paced });
        else if (line.startsWith('PACED ')) paced.push(JSON.parse(line.slice('PACED '.length)) as PacedSlot);
      }
    });
    child.once('exit', (code, signal) => reject(new Error(`instance exited early (${code ?? signal})`)));
  });
}

/** Resolves when the process has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );
}

/** Queues a text to `phone` in the outbox, as the conversation would. */
export async function queueText(q: Queryable, key: string, phone: string, text: string): Promise<void> {
  await queueOutbound(q, {
    dedupKey: key,
    kind: 'text',
    customerPhone: phone,
    phoneNumberId: undefined,
    body: textMessage(phone, text),
  });
}

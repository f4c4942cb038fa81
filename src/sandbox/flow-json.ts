import { fileURLToPath } from 'node:url';

/** The shipped appointment Flow JSON (docs/protocol.md §3). */
export const FLOW_JSON_PATH = fileURLToPath(new URL('../../flows/appointment.json', import.meta.url));

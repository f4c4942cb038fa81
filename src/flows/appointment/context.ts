import type { Catalog } from '../../catalog/schema.ts';
import type { AvailabilityPort, BookingPort, WaitlistPort } from '../ports.ts';
import type { ServedFlow } from '../served-flow.ts';
import type { FlowSession } from '../token.ts';

/** Everything a screen needs, passed in: no I/O beyond the two ports. */
export interface FlowContext {
  readonly catalog: Catalog;
  readonly availability: AvailabilityPort;
  readonly bookings: BookingPort;
  readonly session: FlowSession;
  /** The full token string, echoed back in the completion's params. */
  readonly flowToken: string;
  readonly now: number;
  /** The Flow JSON the business published: answers carry only what its screens declare. */
  readonly flow: ServedFlow;
  /** The waitlist, when the business has one: APPOINTMENT links to it once a service and location are chosen. */
  readonly waitlist?: WaitlistPort | undefined;
}

import type { FlowRequest, FlowResponse } from './protocol.ts';

/** The Flow funnel's steps in order (migration 0024). */
export const FUNNEL_STEPS = ['INIT', 'APPOINTMENT', 'DETAILS', 'SUMMARY', 'SUCCESS'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/**
 * Where the endpoint tells how far a session got (src/insights/funnel.ts records it). It must return at
 * once and never throw into the request: the Flow's answer does not wait for it.
 */
export interface FunnelPort {
  reached(flowToken: string, step: FunnelStep, at: number, locationId: string | undefined): void;
}

/**
 * The step an answered request shows: INIT answered with APPOINTMENT; Continue on APPOINTMENT (not the
 * refreshes its dropdowns ask for, nor the waitlist); any submission of DETAILS or SUMMARY; SUCCESS when
 * SUMMARY was answered with the confirmed booking. Meta's Builder Flow navigates from APPOINTMENT to
 * DETAILS without asking the endpoint (docs/protocol.md §3), so its sessions show no APPOINTMENT step
 * of their own; reaching DETAILS implies it.
 */
export function funnelStep(request: FlowRequest, response: FlowResponse): FunnelStep | undefined {
  const screen = 'screen' in response ? response.screen : undefined;
  if (request.action === 'INIT') return screen === 'APPOINTMENT' ? 'INIT' : undefined;
  if (request.action !== 'data_exchange') return undefined;
  switch (request.screen) {
    case 'APPOINTMENT': {
      const trigger = request.data?.trigger;
      return trigger === undefined || trigger === 'continue' ? 'APPOINTMENT' : undefined;
    }
    case 'DETAILS':
      return 'DETAILS';
    case 'SUMMARY':
      return screen === 'SUCCESS' ? 'SUCCESS' : 'SUMMARY';
    default:
      return undefined;
  }
}

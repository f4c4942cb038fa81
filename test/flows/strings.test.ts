import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FLOW_LANGUAGES, flowStrings, type FlowStrings } from '../../src/flows/strings.ts';

// Component limits of the screens the strings are bound to (docs/protocol.md §4).
const LIMITS: Partial<Record<keyof FlowStrings, number>> = {
  service: 20,
  person: 20,
  anyone: 30,
  location: 20,
  date: 20,
  time: 20,
  name: 20,
  email: 20,
  phone: 20,
  moreDetails: 20,
  moreDetailsHelper: 80,
  continue: 35,
  done: 35,
  confirm: 35,
  terms: 120,
  summaryHeading: 80,
  termsHeading: 80,
  chooseServiceFirst: 30,
  chooseLocationFirst: 30,
  chooseDateFirst: 30,
  noLocations: 30,
  noDates: 30,
  noTimes: 30,
};

describe('the Flow speaks nine languages within the component limits', () => {
  for (const language of FLOW_LANGUAGES) {
    it(language, () => {
      const t = flowStrings(language);
      const english = flowStrings('en');
      assert.deepEqual(Object.keys(t).sort(), Object.keys(english).sort());
      for (const [key, limit] of Object.entries(LIMITS)) {
        const value = t[key as keyof FlowStrings];
        assert.ok([...value].length <= limit!, `${language}.${key} "${value}" is longer than ${limit}`);
      }
      for (const key of ['summaryAppointment', 'summaryDetails', 'summaryWithPerson', 'errorBookingLimit'] as const) {
        const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        assert.deepEqual(placeholders(t[key]), placeholders(english[key]), `${language}.${key} placeholders`);
      }
      if (language !== 'en') assert.notEqual(t.continue, english.continue);
    });
  }
  it('falls back from a regional code to its language, and from an unknown one to English', () => {
    assert.equal(flowStrings('pt_BR').continue, flowStrings('pt').continue);
    assert.equal(flowStrings('sw').continue, 'Continue');
  });
});

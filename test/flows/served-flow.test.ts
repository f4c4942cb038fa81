import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { ConfigError } from '../../src/errors.ts';
import { fitToScreen, loadServedFlow, readServedFlow } from '../../src/flows/served-flow.ts';
import { FLOW_FILES } from './contract.ts';

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
};

describe('the served Flow JSON (FLOW_JSON)', () => {
  it('keeps what the target screen declares, and the snackbar', () => {
    const builder = loadServedFlow(FLOW_FILES.builder);
    const fitted = fitToScreen(builder, {
      screen: 'DETAILS',
      data: { department: 'beauty', location: 'x', date: 'd', time: 't', t_intro: 'Hi', error_message: 'Oops' },
    });
    assert.deepEqual(fitted.data, { department: 'beauty', location: 'x', date: 'd', time: 't', error_message: 'Oops' });
    const ours = loadServedFlow(FLOW_FILES.flowbook);
    assert.deepEqual(
      Object.keys(fitToScreen(ours, { screen: 'DETAILS', data: { department: 'b', t_intro: 'Hi' } }).data),
      ['t_intro'],
    );
    const success = { screen: 'SUCCESS', data: { extension_message_response: { params: { flow_token: 't' } } } };
    assert.deepEqual(fitToScreen(ours, success), success);
  });

  it('refuses a file it cannot serve, naming every problem', () => {
    assert.match(problemsOf(() => readServedFlow('{', 'f.json')).join(), /f\.json: not JSON/);
    const problems = problemsOf(() => readServedFlow(JSON.stringify({ screens: [{ id: 'APPOINTMENT' }] }), 'f.json'));
    assert.ok(problems.some((p) => /no routing_model/.test(p)));
    assert.ok(problems.some((p) => /no DETAILS screen/.test(p)));
    assert.ok(problems.some((p) => /no SUMMARY screen/.test(p)));
    assert.match(
      problemsOf(() => loadServedFlow('/nonexistent/flow.json')).join(),
      /FLOW_JSON \/nonexistent\/flow\.json: ENOENT/,
    );
  });

  it('FLOW_JSON is read from the environment; unset means the shipped Flow', () => {
    assert.equal(loadConfig({ FLOW_JSON: FLOW_FILES.builder }).flowJsonPath, FLOW_FILES.builder);
    assert.equal(loadConfig({}).flowJsonPath, undefined);
  });
});

import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, DIRECTIONS, INTERACTION_MARKS, RESOLUTION_STATUSES, ROOT_CAUSES } from '../../../src/shared/enums.js';
import { PROCEDURE_STEPS } from '../../../src/shared/schemas/procedure.js';
import { marksFor } from '../../../src/shared/interaction-marks.js';
import { marksProblem } from '../../../src/server/modules/cases/interaction-rules.js';
import {
  LIFECYCLE_STAGES,
  MARK_LABELS,
  RESOLUTION_STATUS_LABELS,
  ROOT_CAUSE_LABELS,
  STEP_LABELS,
  stageIndex,
  toggleMark,
} from './procedure-labels.js';

describe('procedure label records', () => {
  it('list their vocabulary in its own order', () => {
    expect(Object.keys(ROOT_CAUSE_LABELS)).toEqual(ROOT_CAUSES);
    expect(Object.keys(RESOLUTION_STATUS_LABELS)).toEqual(RESOLUTION_STATUSES);
    expect(Object.keys(MARK_LABELS)).toEqual(INTERACTION_MARKS);
    expect(Object.keys(STEP_LABELS)).toEqual(PROCEDURE_STEPS);
  });

  it('place every status on exactly one stage of the stepper, in lifecycle order', () => {
    expect(LIFECYCLE_STAGES.flatMap((stage) => stage.statuses)).toEqual(CASE_STATUSES);
    for (const status of CASE_STATUSES) expect(stageIndex(status)).toBeGreaterThanOrEqual(0);
  });
});

describe('marksFor', () => {
  it('offers exactly the marks the API accepts for each direction', () => {
    for (const direction of DIRECTIONS) {
      for (const mark of INTERACTION_MARKS) {
        expect(marksFor(direction).includes(mark), `${mark} on ${direction}`).toBe(marksProblem(direction, [mark]) === null);
      }
    }
    expect(marksFor('internal')).toEqual([]);
  });
});

describe('toggleMark', () => {
  it('keeps a failed attempt on its own, as the API requires', () => {
    expect(toggleMark(['apology', 'thanks'], 'failed_attempt', true)).toEqual(['failed_attempt']);
    expect(toggleMark(['failed_attempt'], 'apology', true)).toEqual(['apology']);
    expect(toggleMark(['apology', 'thanks'], 'apology', false)).toEqual(['thanks']);
    expect(marksProblem('outbound', toggleMark(['apology'], 'failed_attempt', true))).toBeNull();
  });
});

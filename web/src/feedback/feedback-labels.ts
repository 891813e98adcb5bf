import type { ImprovementStatus } from '../../../src/shared/index.js';

export const IMPROVEMENT_STATUS_LABELS: Record<ImprovementStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

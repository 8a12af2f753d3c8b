// The guided protocol's stable API (docs/protocols.md, "Guided protocol — format guided-v3", "Where it lives").
export {
  GUIDED_SHOWN_LIMIT,
  guidedChanges,
  guidedView,
  labelsFor,
  renderGuidedList,
  selected,
  shownTasks,
  type GuidedTask,
  type GuidedView,
} from './guidedList';
export { guidedSchema } from './guidedSchema';
export { checkGuidedAction } from './guidedCheck';
export { GUIDED_MAX_ACTIONS, type GuidedAction, type GuidedOp } from './guidedVariants';
export { guidedStep, type GuidedStep } from './guidedActions';
export { guidedTellText, tellText } from './guidedTell';
export {
  GUIDED_FORMAT_VERSION,
  GUIDED_INSTRUCTION,
  GUIDED_NUM_PREDICT,
  GUIDED_REPEAT_PENALTY,
  GUIDED_TEMPERATURE,
  guidedFirstMessage,
  guidedFormatHash,
  guidedLaterMessage,
  guidedRequestParts,
  guidedUserMessage,
} from './guidedPrompt';

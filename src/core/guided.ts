// The guided protocol's stable API (docs/protocols.md, "Guided protocol — format guided-v1", "Where it lives").
export { guidedChanges, guidedView, labelsFor, renderGuidedList, shownTasks, type GuidedTask, type GuidedView } from './guidedList';
export { checkGuidedAction, GUIDED_MAX_ACTIONS, guidedSchema, type GuidedAction, type GuidedOp } from './guidedSchema';
export { guidedStep, selected, type GuidedStep } from './guidedActions';
export {
  GUIDED_FORMAT_VERSION,
  GUIDED_INSTRUCTION,
  GUIDED_NUM_PREDICT,
  GUIDED_TEMPERATURE,
  guidedFirstMessage,
  guidedFormatHash,
  guidedLaterMessage,
  guidedRequestParts,
  guidedUserMessage,
} from './guidedPrompt';

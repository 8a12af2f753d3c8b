// The guided reply's `format`: the JSON schema of one request, built from the view and the person's words.
import { shownTasks, THIS_PROFILE, type GuidedView } from './guidedList';
import { quotedLabels } from './guidedWords';
import { asksAbout, asksForChange, focusLabels, namedClauses, reportsItsVerb, statesChange } from './guidedFocus';
import { addToProfileActions, createAndSwitchActions, namesOnlyProfiles, talksOfProfiles } from './guidedProfiles';
import { clausePlan, type PlanStep } from './guidedPlan';
import { exceptActions } from './guidedExcept';
import { aboveActions, swapActions } from './guidedMoves';
import { putActions } from './guidedPut';
import { asksWhatNext } from './guidedNext';
import { triesToOverride } from './requestGuard';
import { requestSpans } from './requestSpans';
import { readReference, quotesIn } from './requestReference';
import {
  type ArgKind,
  GUIDED_ADD_MAX,
  GUIDED_MAX_ACTIONS,
  GUIDED_NAME_MAX,
  GUIDED_TEXT_MAX,
  type GuidedAction,
  type GuidedOp,
  type GuidedVocabulary,
  usableVariants,
  type Variant,
  vocabularyOf,
} from './guidedVariants';

type JsonSchema = Record<string, unknown>;

/**
 * The `format` schema of one guided request (docs/protocols.md, "The reply"): only the keywords
 * llama.cpp's converter honours. Each enum sits once under `$defs` and is referred to with `$ref`
 * (an inline enum would be copied into every variant's grammar rule); every property is required,
 * so the converter writes them in this order, `op` first.
 */
export function guidedSchema(view: GuidedView, request = ''): JsonSchema {
  const words = vocabularyOf(view);
  // The variants follow the whole view (a move needs two tasks in the list); a task named by the
  // request's words can only be one of those it names, and a request that names none of the
  // shown tasks gets no operation on tasks at all (guidedFocus.ts).
  // The request is read once (requestReference.ts); the focus, the clause count and the plain order share it.
  const read = readReference(request);
  const focus = focusLabels(view, request, read);
  const shown = shownTasks(view);
  const onTasks = ([, kind]: readonly [string, ArgKind]) => kind === 'task' || kind === 'selector';
  const profiles = talksOfProfiles(view, request);
  // `tell` changes nothing: a request that names no task by its words can still ask what is open,
  // or what is at the bottom (its one-task form then has every shown label); its profiles form needs
  // a word of profiles. A request that tries to override the instructions gets no change at all
  // (requestGuard.ts).
  const override = triesToOverride(request);
  // A request about a profile by its name, naming no task ("rename Kids to School and switch to it"), offers no task operation.
  const named = (focus === undefined || focus.length > 0) && !(profiles && namesOnlyProfiles(view, request, read));
  // A plain order about tasks the request names (guidedFocus.ts asksForChange) is carried out, not answered.
  const mustChange = !override && asksForChange(view, request, read, focus);
  // A question about tasks it names plainly is told from the list (guidedFocus.ts asksAbout).
  const mustTell = !override && !mustChange && asksAbout(view, request, read, focus);
  // A statement that a task it names is done or not needed is not answered (guidedFocus.ts statesChange).
  const saysDone = !override && statesChange(view, request, read, focus);
  // "the dentist is booked": its label's verb in the past, so it is done (guidedFocus.ts reportsItsVerb).
  const didIt = override || saysDone ? undefined : reportsItsVerb(view, request, read, focus);
  // "tick off all but the dentist", "swap the eggs and the laundry", "add X to Home" …: what that
  // comes to, worked out from the list (`workedOut`); when it cannot be (a task not in the list), only answered.
  const fixed = override ? undefined : workedOut(view, request, focus?.length === 0);
  if (fixed?.length) return fixedSchema(fixed);
  // An order, or a report of something done ("I've paid the gas bill"), about a task the list does
  // not hold ("check off the gym session"; not "put X on the list", nor one that also adds, nor one
  // about profiles): it can only be answered, not carried out on something else (an add or a sort
  // would be a change nobody asked for; gen-5 added "paid the gas bill"). So is an order that quotes
  // a name no task holds beside one that does ("move 'wash the car' below 'Pay rent'": gen-5 moved the rent).
  const orders = read.commands && !read.adds && !profiles && !NEW_OR_WHOLE.test(read.verb);
  const quotesNothing =
    orders && read.clauses.some((clause) => ACTS_ON.test(clause.text) && quotesIn(clause.text).some((quote) => quotedLabels(shown, quote)?.length === 0));
  const unknown = fixed !== undefined || quotesNothing || ((orders || (read.reports && !read.adds && !profiles)) && focus?.length === 0);
  // "put the done tasks at the end" is a sort by done (gen-5 moved one task to the bottom).
  const doneLast = DONE_TO_END.test(request.trim());
  // "what should I do next?" is told from the list, its first open task or the open ones (guidedNext.ts).
  const whatNext = !override && asksWhatNext(request);
  const firstOpen = shown.find((t) => !t.done)?.label;
  // A task to tell of when the words name none is only one they could mean: not "anything about the
  // garage?" in a list without it (gen-5 told "Water the plants").
  const tellsOf = (v: Variant) => v.args[0][0] !== 'task' || focus?.length !== 0;
  const offered = (v: Variant): boolean => {
    if (override) return v.op === 'answer' || (v.op === 'tell' && v.args[0][0] === 'tasks');
    if (doneLast) return v.op === 'sort';
    if (whatNext) return v.op === 'tell' && (v.args[0][0] === 'tasks' || (v.args[0][0] === 'task' && firstOpen !== undefined));
    if (unknown) return v.op === 'answer' || (v.op === 'tell' && v.args[0][0] !== 'about' && tellsOf(v));
    if (mustChange && (v.op === 'answer' || v.op === 'tell')) return false;
    if (mustTell) return v.op === 'tell' && v.args[0][0] !== 'about';
    if (saysDone) return DONE_WITH.has(v.op);
    if (didIt) return (v.op === 'check' || v.op === 'tell') && v.args[0][1] === 'task';
    if (v.op === 'tell') return (v.args[0][0] !== 'about' || profiles) && tellsOf(v);
    return (named || !v.args.some(onTasks)) && (profiles || !v.op.endsWith(' profile'));
  };
  const usable = usableVariants(words).filter(offered);
  // One action at least for each clause that names a task of its own (guidedFocus.ts namedClauses).
  const atLeast = override || !named ? 1 : Math.min(GUIDED_MAX_ACTIONS, namedClauses(view, request, read));
  // "add X and put it at the top": the add's place is the top (gen-5 added such tasks at the bottom).
  const atTop = request.trim() !== '' && read.addsAtTop;
  const uses = (kind: ArgKind) => usable.some((v) => v.args.some(([, k]) => k === kind));
  const defs: JsonSchema = {};
  if (uses('task')) defs.task = { type: 'string', enum: whatNext && firstOpen ? [firstOpen] : (didIt ?? (focus?.length ? focus : words.tasks)) };
  // Among named tasks of both states, a check names an open one and an uncheck a done one ("uncheck
  // the batteries" beside three: gen-5 unchecked an open one, which changed nothing).
  // Written to $defs only when a variant refers to it (a plan's steps have their own).
  const markable = new Map<GuidedOp, { def: string; labels: string[] }>();
  if (!didIt && !whatNext && focus && focus.length > 1) {
    for (const [op, done, def] of [
      ['check', false, 'taskOpen'],
      ['uncheck', true, 'taskDone'],
    ] as const) {
      const labels = shown.filter((t) => t.done === done && focus.includes(t.label)).map((t) => t.label);
      if (labels.length && labels.length < focus.length) markable.set(op, { def, labels });
    }
  }
  if (uses('selector')) defs.selector = { type: 'string', enum: words.selectors };
  if (words.profiles.length) defs.profile = { type: 'string', enum: words.profiles };
  // A new name is a run of the request's own words (requestSpans.ts).
  const spans = requestSpans(request, GUIDED_NAME_MAX);
  defs.name = spans ? { type: 'string', enum: spans } : { type: 'string', maxLength: GUIDED_NAME_MAX };
  // `task` and `names` may be narrowed for one step of a plan (guidedPlan.ts).
  const objectOf = (v: Variant, task = 'task', names = GUIDED_ADD_MAX) => ({
    type: 'object',
    properties: {
      op: { const: v.op },
      ...Object.fromEntries(
        v.args.map(([key, kind]) => {
          if (v.op === 'add' && key === 'where' && atTop) return [key, { type: 'string', enum: ['top'] }];
          if (v.op === 'sort' && doneLast) return [key, { type: 'string', enum: ['done last'] }];
          // Done when its own clauses say so ("add X, already done"); beside other clauses, only
          // then (gen-5 added "buy bread" as done for "add buy bread and mark the laundry done").
          if (v.op === 'add' && key === 'done' && read.adds && (read.addsDone || plan)) return [key, { const: read.addsDone }];
          if (kind === 'task') {
            const inState = task === 'task' ? markable.get(v.op) : undefined;
            if (inState) defs[inState.def] = { type: 'string', enum: inState.labels };
            return [key, { $ref: `#/$defs/${inState?.def ?? task}` }];
          }
          if (kind === 'names') return [key, { ...jsonOf(kind, words, v.op), maxItems: names }];
          return [key, jsonOf(kind, words, v.op)];
        }),
      ),
    },
    required: ['op', ...v.args.map(([key]) => key)],
    additionalProperties: false,
  });
  // A request read clause by clause gets one action for each, in its order (guidedPlan.ts).
  const plan = override || mustTell || unknown || whatNext || !named ? undefined : clausePlan(view, request, read);
  const actions = plan
    ? planSchema(plan)
    : { type: 'array', items: { anyOf: usable.map((v) => objectOf(v)) }, minItems: atLeast, maxItems: GUIDED_MAX_ACTIONS };
  function stepSchema(step: PlanStep, i: number, op?: GuidedOp): JsonSchema {
    if ('adds' in step) return { anyOf: usable.filter((v) => v.op === 'add').map((v) => objectOf(v, 'task', step.adds)) };
    if ('free' in step) return { anyOf: usable.filter((v) => v.op !== 'add').map((v) => objectOf(v)) };
    defs[`task${i + 1}`] = { type: 'string', enum: step.labels };
    return { anyOf: usable.filter((v) => onOneTask(v) && (op === undefined || v.op === op)).map((v) => objectOf(v, `task${i + 1}`)) };
  }
  // The first run of steps that share a verb ("remove the haircut and the passport tasks") does one
  // operation throughout: one tuple per operation (gen-5 checked the passport it was told to remove).
  function planSchema(steps: PlanStep[]): JsonSchema {
    const tuple = (items: JsonSchema[]) => ({ type: 'array', prefixItems: items, minItems: items.length, maxItems: items.length });
    // Whether step i does what the step before it does (guidedPlan.ts `same`).
    const same = (i: number): boolean => {
      const step = steps[i];
      return step !== undefined && 'labels' in step && step.same;
    };
    const from = steps.findIndex((step, i) => 'labels' in step && !same(i) && same(i + 1));
    if (from < 0) return tuple(steps.map((step, i) => stepSchema(step, i)));
    let to = from + 1;
    while (same(to)) to++;
    const ops = [...new Set(usable.filter(onOneTask).map((v) => v.op))];
    return { anyOf: ops.map((op) => tuple(steps.map((step, i) => stepSchema(step, i, i >= from && i < to ? op : undefined)))) };
  }
  return {
    type: 'object',
    properties: { actions },
    required: ['actions'],
    additionalProperties: false,
    $defs: defs,
  };
}

/**
 * The actions a request comes to when the list and its words say them all, from the first reading
 * that applies: "all but" (guidedExcept.ts), swaps and "above" (guidedMoves.ts), a put of something
 * new (guidedPut.ts), an add into another profile and "create X and switch to it"
 * (guidedProfiles.ts). None ([]) when the reading applies but cannot be done; undefined when none applies.
 */
function workedOut(view: GuidedView, request: string, namesNothing: boolean): GuidedAction[] | undefined {
  const readings: ((view: GuidedView, request: string) => GuidedAction[] | undefined)[] = [
    exceptActions,
    swapActions,
    aboveActions,
    (_, words) => putActions(words, namesNothing),
    addToProfileActions,
    createAndSwitchActions,
  ];
  for (const reading of readings) {
    const actions = reading(view, request);
    if (actions) return actions;
  }
  return undefined;
}

/** A reply of exactly these actions, in this order. */
function fixedSchema(actions: readonly GuidedAction[]): JsonSchema {
  const items = actions.map((action) => ({
    type: 'object',
    // An array is a tuple of its items, so the grammar writes it as the model learned to (a `const` array would be compact).
    properties: Object.fromEntries(
      Object.entries(action).map(([key, value]) => [
        key,
        Array.isArray(value)
          ? { type: 'array', prefixItems: value.map((item) => ({ const: item })), minItems: value.length, maxItems: value.length }
          : { const: value },
      ]),
    ),
    required: Object.keys(action),
    additionalProperties: false,
  }));
  return {
    type: 'object',
    properties: { actions: { type: 'array', prefixItems: items, minItems: items.length, maxItems: items.length } },
    required: ['actions'],
    additionalProperties: false,
  };
}

/** What a statement that a task is done or not needed can lead to ("the bike is sorted" is no sort). */
const DONE_WITH: ReadonlySet<GuidedOp> = new Set(['tell', 'check', 'uncheck', 'delete']);

/** The done tasks, all of them, to the end: a sort with the done ones last. */
const DONE_TO_END =
  /^(?:please\s+)?(?:put|move|shift|send|push|stick|bump)\s+(?:all\s+)?(?:of\s+)?(?:the\s+|my\s+)?(?:done|finished|completed|ticked|checked)(?:\s+(?:ones|tasks|items|things|stuff))?\s+(?:at|to)\s+the\s+(?:end|bottom)(?:\s+of\s+(?:the|my)\s+list)?(?:\s+please)?[.!]?$/iu;

/** How a clause opens that acts on a task it names (not a rename: its quote may be the new name). */
const ACTS_ON = /^(?:check|tick|mark|uncheck|untick|unmark|reopen|delete|remove|erase|scrap|ditch|trash|bin|move|bump|shift|push)\b/iu;

/** Verbs of change whose order may be an add ("put X on the list") or about the whole list ("change the order"). */
const NEW_OR_WHOLE = /^(?:put|change)$/u;

/** What a plan's step on tasks may do: answer, or act on (or tell of) one of its tasks; not a selector's many. */
function onOneTask(v: Variant): boolean {
  return v.op === 'answer' || (v.args.some(([, kind]) => kind === 'task') && !v.args.some(([, kind]) => kind === 'selector'));
}

/**
 * Checking the done tasks, or unchecking the open ones, never changes anything: those two selectors
 * are left out of those operations (the model wrote "check done" for "mark everything as done").
 */
const NO_OP_SELECTOR: Partial<Record<GuidedOp, string>> = { check: 'done', uncheck: 'open' };

function jsonOf(kind: ArgKind, words: GuidedVocabulary, op: GuidedOp): JsonSchema {
  if (typeof kind !== 'string') return { type: 'string', enum: [...kind] };
  if (kind === 'selector' && NO_OP_SELECTOR[op]) return { type: 'string', enum: words.selectors.filter((w) => w !== NO_OP_SELECTOR[op]) };
  switch (kind) {
    case 'text':
      return { type: 'string', maxLength: GUIDED_TEXT_MAX };
    case 'name':
      return { $ref: '#/$defs/name' };
    case 'names':
      return { type: 'array', items: { $ref: '#/$defs/name' }, minItems: 1, maxItems: GUIDED_ADD_MAX };
    case 'boolean':
      return { type: 'boolean' };
    case 'profileOrThis':
      // With one profile there is no $defs/profile: "this" alone (a $ref to nothing breaks the grammar).
      return words.profiles.length ? { anyOf: [{ const: THIS_PROFILE }, { $ref: '#/$defs/profile' }] } : { const: THIS_PROFILE };
    default:
      return { $ref: `#/$defs/${kind}` };
  }
}

// The guided protocol's reply read while it streams: answers as text, told facts as text, each other action whole when it closes.
import { DocumentScanner, GUIDED_SHAPE } from './documentScanner';

/**
 * What the guided reply hands on, in order: the text of `answer` actions as it arrives, each other
 * action (parsed, not yet checked: the chain checks and maps it against the list when it runs),
 * and actions that cannot run (cut off, not JSON).
 */
export type GuidedEvent = { type: 'text'; text: string } | { type: 'action'; raw: string; value: unknown } | { type: 'invalid'; raw: string; error: string };

/**
 * What the stored reply holds where an action's chip stands: an object the text protocol's reader
 * counts as a command (and the normalizer refuses), so the renderer puts that chip there.
 */
export const ACTION_STAND_IN = '{"operation": "", "note": "a guided action; see its chip"}';

/** Between two answers, or an answer and a chip: a paragraph break, in the stream and in the stored reply alike. */
const BREAK = '\n\n';

/**
 * Reads `{"actions": [ … ]}` as it streams (documentScanner.ts, GUIDED_SHAPE). An `answer`'s
 * `text` comes out character by character while its object is still open; every other action
 * comes out the moment its object closes, so it runs then. An action still open when the stream
 * ends (Stop, the length cap, a dropped line) comes out as `invalid` and runs nothing. When the
 * text stops being JSON, nothing after that point runs and the rest is shown as text.
 *
 * `content()` is what the bubble shows, as the text protocol would store it (so the same renderer
 * shows the finished reply as it streamed); `wrote()` is the reply exactly as the model wrote it,
 * what goes back to the model in later requests.
 */
export class GuidedReplyParser {
  /**
   * `tell` says what a `tell` action reports (guidedTell.ts, from the request's view), or
   * undefined for any other action: a told answer is text in the bubble, like an answer's, and
   * comes out the moment its object closes. `afterActions`: an action of this reply came before it
   * (the facts are the list's before those). Without it a `tell` is an action like the others.
   */
  constructor(private readonly tell: (value: unknown, afterActions: boolean) => string | undefined = () => undefined) {}

  /** An action (a chip) came out of this reply already. */
  private acted = false;

  private readonly scanner = new DocumentScanner(GUIDED_SHAPE);
  private readonly stored: string[] = [];
  private readonly raw: string[] = [];
  /** Something is shown already (text or a chip): the next answer or chip starts a new paragraph. */
  private shown = false;
  /** The answer being streamed began its paragraph. */
  private inAnswer = false;
  /** Set when the reply was not the JSON asked for, or ended before it closed. */
  failure: string | undefined;

  push(chunk: string): GuidedEvent[] {
    this.raw.push(chunk);
    return this.interpret(this.scanner.push(chunk));
  }

  end(): GuidedEvent[] {
    return this.interpret(this.scanner.end());
  }

  /** The reply for the bubble and the store: answers' text and a stand-in per chip, in order. */
  content(): string {
    return this.stored.join('');
  }

  /** The reply exactly as the model wrote it. */
  wrote(): string {
    return this.raw.join('');
  }

  private interpret(segments: ReturnType<DocumentScanner['push']>): GuidedEvent[] {
    const out: GuidedEvent[] = [];
    for (const segment of segments) {
      if (segment.type === 'text') {
        if (!this.inAnswer) {
          this.inAnswer = true;
          if (this.shown) this.text(out, BREAK);
        }
        this.text(out, segment.text);
      } else if (segment.type === 'element') {
        this.inAnswer = false;
        let value: unknown;
        try {
          value = JSON.parse(segment.raw);
        } catch {
          value = undefined; // the scanner checked it: cannot happen, and refused below if it did
        }
        const answer = value as { op?: unknown; text?: unknown } | undefined;
        if (answer?.op === 'answer' && typeof answer.text === 'string') {
          // Written before its op (a server that ignores the schema's order): shown now, whole.
          if (!segment.streamed && answer.text) {
            if (this.shown) this.text(out, BREAK);
            this.text(out, answer.text);
          }
          continue;
        }
        const told = this.tell(value, this.acted);
        if (told !== undefined) {
          if (this.shown) this.text(out, BREAK);
          this.text(out, told);
          continue;
        }
        this.chip(out, { type: 'action', raw: segment.raw, value });
      } else if (segment.type === 'broken') {
        this.failure = `the model's reply was not the JSON document the guided protocol asks for (${segment.reason}), so from there on it is shown as text and nothing in it was run. If this server ignores \`format\` (Ollama before 0.5), set ollamaTasks.protocol to text.`;
        this.inAnswer = false;
        if (this.shown) this.text(out, BREAK);
        this.text(out, segment.text);
      } else {
        this.failure = `${segment.reason}: the actions that closed before ran; ${segment.raw ? 'the one being written was not run' : 'no action was left half-written'}.`;
        this.inAnswer = false;
        // A cut-off answer has shown what it had; any other action cut off gets its ✗ chip.
        if (segment.raw && !/^\{\s*"op"\s*:\s*"answer"/.test(segment.raw)) {
          this.chip(out, { type: 'invalid', raw: segment.raw, error: 'the reply was cut off inside this action, so it was not run' });
        }
      }
    }
    return out;
  }

  private chip(out: GuidedEvent[], event: GuidedEvent): void {
    this.acted = true;
    if (this.shown) this.text(out, BREAK);
    this.stored.push(ACTION_STAND_IN);
    this.shown = true;
    out.push(event);
  }

  private text(out: GuidedEvent[], text: string): void {
    if (!text) return;
    this.shown = true;
    // No text the model wrote can pass for a command when the stored reply is read again.
    this.stored.push(text.replace(/\{/g, '{\u200b'));
    const last = out[out.length - 1];
    if (last?.type === 'text') last.text += text;
    else out.push({ type: 'text', text });
  }
}

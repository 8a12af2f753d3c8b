// The new names a request can give: runs of its own words, so a reply copies what the person wrote.

/** Most words a request may have for its runs to be offered (a 40-word request has 820). */
export const SPAN_WORDS_MAX = 40;

/** Punctuation a name does not start with: quotes, brackets, list marks. */
const LEADING = /^["'“‘([«]+/u;
/** Punctuation a name does not end with: quotes, brackets, a sentence's stops. */
const TRAILING = /["'”’)\]»,.;:!?]+$/u;

/**
 * Every run of whole words in the request, its outer punctuation trimmed, at most `maxLength`
 * characters: "add "Book the campsite" to the list" offers "Book the campsite", "Book the campsite"
 * … "to the list", "add". The guided schema holds new names (an add's, a rename's, a profile's) to
 * these: gen-5 wrote "Renew the VPN cert" for "rename the VPN task to Renew VPN cert" and "buy eggs"
 * for "add eggs"; every name the training data teaches is such a run (model data test). Undefined
 * for an empty request or one longer than SPAN_WORDS_MAX words: the name is then free text.
 */
export function requestSpans(request: string, maxLength: number): string[] | undefined {
  const words = [...request.matchAll(/\S+/gu)].map((m) => {
    const text = m[0];
    const lead = LEADING.exec(text)?.[0].length ?? 0;
    const trail = TRAILING.exec(text.slice(lead))?.[0].length ?? 0;
    // A closing bracket may end a name that opened one: "Book the train to Lyon (return)".
    const kept = /[,.;:!?"'”’»]+$/u.exec(text.slice(lead))?.[0].length ?? 0;
    return { start: m.index + lead, ends: [...new Set([m.index + text.length - trail, m.index + text.length - kept])] };
  });
  if (!words.length || words.length > SPAN_WORDS_MAX) return undefined;
  const spans = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    for (let j = i; j < words.length; j++) {
      for (const end of words[j].ends) {
        const span = request.slice(words[i].start, end);
        if (end > words[i].start && end > words[j].start && span.length <= maxLength) spans.add(span);
      }
      if (Math.min(...words[j].ends) - words[i].start > maxLength) break;
    }
  }
  return spans.size ? [...spans] : undefined;
}

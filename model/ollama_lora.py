"""
The LoRA weights in the layout Ollama 0.17.4's ADAPTER conversion turns into a correct GGUF adapter.

Measured here (2026-12-07, a probe adapter whose values were their own indices, converted by
`ollama create` and read back with gguf.GGUFReader): Ollama's converter (convert/convert_llama_adapter.go)
  - leaves every lora_B as it is, so the rows of q_proj/k_proj's lora_B stay in Hugging Face's
    order, while the GGUF base holds q/k rows permuted for llama.cpp's RoPE;
  - reorders the elements of q_proj/k_proj's lora_A (hidden = 576 split into n_head x 2 x 32) as
    out = buf.reshape(hidden, r).reshape(n_head, 2, hidden // n_head // 2, r).transpose(0, 2, 1, 3).flatten(),
    which scrambles it (the permutation belongs on lora_B's rows, not on lora_A).
With peft's weights as they are, Ollama runs the q/k adapters as noise: its greedy replies matched
the Hugging Face model's with the q/k adapters removed, not the whole adapter's. So before saving,
lora_B of q/k gets llama.cpp's permutation (what convert_hf_to_gguf.py does to the base), and lora_A
of q/k the inverse of Ollama's reordering; the conversion then writes exactly A and P·B.
`from_ollama_0174` undoes it (for loading the shipped adapter back into peft).
"""

import numpy as np
import torch


def _rope_permute(b, heads):
    """llama.cpp's q/k row order (convert_hf_to_gguf.py LlamaModel.permute) applied to lora_B's rows."""
    out, r = b.shape
    return b.reshape(heads, 2, out // heads // 2, r).transpose(1, 2).reshape(out, r)


def _rope_unpermute(b, heads):
    out, r = b.shape
    return b.reshape(heads, out // heads // 2, 2, r).transpose(1, 2).reshape(out, r)


def _ollama_order(r, hidden, n_head):
    """idx with Ollama's converted lora_A[p] = stored lora_A[idx[p]] (flat, row-major)."""
    return np.arange(r * hidden).reshape(hidden, r).reshape(n_head, 2, hidden // n_head // 2, r).transpose(0, 2, 1, 3).reshape(-1)


def to_ollama_0174(state, n_head, n_kv_head):
    out = {}
    for name, t in state.items():
        if ".q_proj." in name or ".k_proj." in name:
            heads = n_head if ".q_proj." in name else n_kv_head
            if ".lora_B." in name:
                t = _rope_permute(t, heads)
            elif ".lora_A." in name:
                r, hidden = t.shape
                idx = torch.from_numpy(_ollama_order(r, hidden, n_head))
                flat = torch.empty(r * hidden, dtype=t.dtype)
                flat[idx] = t.reshape(-1)
                t = flat.reshape(r, hidden)
        out[name] = t.contiguous()
    return out


def from_ollama_0174(state, n_head, n_kv_head):
    out = {}
    for name, t in state.items():
        if ".q_proj." in name or ".k_proj." in name:
            heads = n_head if ".q_proj." in name else n_kv_head
            if ".lora_B." in name:
                t = _rope_unpermute(t, heads)
            elif ".lora_A." in name:
                r, hidden = t.shape
                idx = torch.from_numpy(_ollama_order(r, hidden, n_head))
                t = t.reshape(-1)[idx].reshape(r, hidden)
        out[name] = t.contiguous()
    return out

#!/usr/bin/env python3
"""Regenerates src/LlmTelemetry.Core/Pricing/BuiltInModels.json from LiteLLM's
model_prices_and_context_window.json.

    python3 tools/update_model_registry.py [path/to/model_prices_and_context_window.json] \
        [--commit SHA] [--date YYYY-MM-DD] [--check]

--check writes nothing and exits 1 when the checked-in file differs from what this script makes.

The default input is ../shared/data/litellm/... beside the repository root. The test
BuiltInRegistryMatchesLiteLlmTests re-derives every price from that file on its own, so a
hand edit of the JSON, or a change of the rules below, fails CI until both agree.

Pricing rules (the same as LlmTelemetry.Pricing.LiteLlmPriceRules):
- per-token USD prices become per-million (rounded to 12 significant digits);
- cache read / 5-minute cache write missing: Claude models use Anthropic's published
  multipliers of the input price (0.1x / 1.25x); other models bill those tokens as input;
- 1-hour cache write: cache_creation_input_token_cost_above_1hr when LiteLLM has it, else
  2x input for Claude (Anthropic's rule), else the 5-minute write price;
- *_above_<N>k_tokens fields make a long-context tier above N*1000 prompt tokens. A tier
  lacking input or output uses the base figure; lacking cache read or 5-minute write, the base
  figure when LiteLLM gives one explicitly, else the rules above on the tier's input price;
  lacking the 1-hour write (..._above_1hr_above_<N>k_tokens), the rules above on the tier.
- output_cost_per_reasoning_token, when present, prices the reasoning part of the output.
"""
import argparse
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "LlmTelemetry.Core", "Pricing", "BuiltInModels.json")
DEFAULT_SRC = os.path.join(os.path.dirname(ROOT), "shared", "data", "litellm", "model_prices_and_context_window.json")

DATED = re.compile(r"^(?P<base>.+?)(?:-(?P<d1>20\d{6})|-(?P<d2>20\d\d-\d\d-\d\d)|@(?P<d3>20\d{6}))$")

# Known errors in the LiteLLM figures, corrected from the provider's own price page.
CORRECTIONS = {
    ("claude-3-haiku-20240307", "cache_write_1h"): (
        0.5, "LiteLLM lists $6/M (Sonnet's figure); Anthropic prices Haiku 3 1-hour writes at 2x input = $0.50/M"),
}

EXCLUDE = re.compile(r"(^ft:|audio|search|realtime|tts|transcribe|native-audio|live|lyria|robotics|gemma|learnlm|"
                     r"computer-use|container|image|embedding|moderation|^openrouter/openrouter/|switchpoint|"
                     r"gryphe|mancer|undi95|bytedance|gemini-exp|-customtools)", re.I)

DIRECT = ("anthropic", "openai", "gemini", "mistral", "deepseek", "xai")


def is_claude(key):
    return "claude" in key.lower()


def pm(x):
    return float("%.12g" % (float(x) * 1e6))


def prices_for(key, e):
    if not isinstance(e.get("input_cost_per_token"), (int, float)) or not isinstance(e.get("output_cost_per_token"), (int, float)):
        return None
    claude = is_claude(key)

    def derive(inp, read, cw5, cw1h):
        if read is None:
            read = inp * 0.1 if claude else inp
        if cw5 is None:
            cw5 = inp * 1.25 if claude else inp
        if cw1h is None:
            cw1h = inp * 2 if claude else cw5
        return read, cw5, cw1h

    inp = pm(e["input_cost_per_token"])
    out = pm(e["output_cost_per_token"])
    raw_read = e.get("cache_read_input_token_cost")
    raw_cw5 = e.get("cache_creation_input_token_cost")
    raw_cw1h = e.get("cache_creation_input_token_cost_above_1hr")
    read, cw5, cw1h = derive(inp, None if raw_read is None else pm(raw_read), None if raw_cw5 is None else pm(raw_cw5),
                             None if raw_cw1h is None else pm(raw_cw1h))
    p = {"effective_from": None, "input": inp, "output": out, "cache_write_5m": float("%.12g" % cw5),
         "cache_write_1h": float("%.12g" % cw1h), "cache_read": float("%.12g" % read)}
    reasoning = e.get("output_cost_per_reasoning_token")
    if isinstance(reasoning, (int, float)):
        p["reasoning_output"] = pm(reasoning)
    tiers = []
    thresholds = sorted({int(m.group(1)) for f in e for m in [re.match(r"^(?:input|output)_cost_per_token_above_(\d+)k_tokens$", f)] if m})
    for t in thresholds:
        suffix = "_above_%dk_tokens" % t
        t_inp = pm(e["input_cost_per_token" + suffix]) if ("input_cost_per_token" + suffix) in e else inp
        t_out = pm(e["output_cost_per_token" + suffix]) if ("output_cost_per_token" + suffix) in e else out

        def pick(field, base_raw):
            v = e.get(field + suffix)
            if v is not None:
                return pm(v)
            return None if base_raw is None else pm(base_raw)
        t_read = pick("cache_read_input_token_cost", raw_read)
        t_cw5 = pick("cache_creation_input_token_cost", raw_cw5)
        t_cw1h = pick("cache_creation_input_token_cost_above_1hr", None)
        t_read, t_cw5, t_cw1h = derive(t_inp, t_read, t_cw5, t_cw1h)
        tiers.append({"above_prompt_tokens": t * 1000, "input": t_inp, "output": t_out,
                      "cache_write_5m": float("%.12g" % t_cw5), "cache_write_1h": float("%.12g" % t_cw1h),
                      "cache_read": float("%.12g" % t_read)})
    if tiers:
        p["tiers"] = tiers
    return p


def limit(e, name):
    """LiteLLM writes limits as integers; anything else (a float, sample_spec's description, 0) is no limit."""
    v = e.get(name)
    return v if isinstance(v, int) and not isinstance(v, bool) and 0 < v <= 2**31 - 1 else None


def model_id(key, provider):
    if provider in DIRECT and key.startswith(provider + "/"):
        return key[len(provider) + 1:]
    return key


def selected(key, e):
    provider = e.get("litellm_provider")
    mode = e.get("mode")
    if provider not in DIRECT + ("openrouter",) or mode not in ("chat", "responses"):
        return False
    if EXCLUDE.search(key):
        return False
    if provider == "gemini" and not key.startswith("gemini/"):
        return False  # the unprefixed gemini keys duplicate gemini/* with older figures
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("source", nargs="?", default=DEFAULT_SRC)
    ap.add_argument("--commit", default="00035b69f416be24e2e323c13198d9b7d2d1bdf9")
    ap.add_argument("--date", default="2026-07-18")
    ap.add_argument("--check", action="store_true", help="compare with the checked-in file instead of writing it")
    args = ap.parse_args()
    data = json.load(open(args.source, encoding="utf-8"))

    entries = {}
    for key, e in data.items():
        if not isinstance(e, dict) or not selected(key, e):
            continue
        prov = e["litellm_provider"]
        mid = model_id(key, prov)
        if mid in entries or (mid != key and mid in data and selected(mid, data[mid])):
            continue  # deepseek/deepseek-chat when deepseek-chat itself is listed
        p = prices_for(key, e)
        if p is None:
            continue
        entries[mid] = (key, e, p)

    # Anthropic's 3.5 models are no longer under the anthropic provider; Vertex lists the same list prices.
    for key, mid in (("vertex_ai/claude-3-5-sonnet", "claude-3-5-sonnet"), ("vertex_ai/claude-3-5-haiku", "claude-3-5-haiku")):
        e = data.get(key)
        if e:
            entries[mid] = (key, dict(e, litellm_provider="anthropic"), prices_for(key, e))

    # A dated id whose figures equal its undated sibling becomes that sibling's alias; a dated id
    # with no undated sibling gets the undated name as its id.
    models = {}
    aliases = {}
    keys = {}
    for mid in sorted(entries):
        key, e, p = entries[mid]
        m = DATED.match(mid)
        base = m.group("base") if m else None
        if base and base in entries and entries[base][2] == p:
            aliases.setdefault(base, []).append(mid)
            keys.setdefault(base, []).append(key)
            continue
        models[mid] = (key, e, p)
    for mid in list(models):
        m = DATED.match(mid)
        if not m or m.group("base") in entries or mid.startswith("openrouter/"):
            continue
        base = m.group("base")
        if base in models:
            # a second dated id for the same name: an alias when the figures agree, else its own entry
            if models[base][2] == models[mid][2]:
                aliases.setdefault(base, []).append(mid)
                keys.setdefault(base, []).append(models[mid][0])
                del models[mid]
            continue
        models[base] = models.pop(mid)
        aliases.setdefault(base, []).insert(0, mid)
    # claude-4-opus-20250514 is LiteLLM's other spelling of claude-opus-4-20250514
    alt = {"claude-4-opus": "claude-opus-4", "claude-4-sonnet": "claude-sonnet-4"}
    for odd, good in alt.items():
        if odd in models and good in models:
            if models[odd][2] == models[good][2]:
                aliases.setdefault(good, []).extend(aliases.pop(odd, []))
                keys.setdefault(good, []).append(models[odd][0])
                del models[odd]
    extra_aliases = {
        "claude-3-7-sonnet": ["claude-3-7-sonnet-latest"],
        "claude-3-5-sonnet": ["claude-3-5-sonnet-20241022", "claude-3-5-sonnet-20240620", "claude-3-5-sonnet-latest"],
        "claude-3-5-haiku": ["claude-3-5-haiku-20241022", "claude-3-5-haiku-latest"],
        "claude-3-opus": ["claude-3-opus-latest"],
    }
    for k, v in extra_aliases.items():
        if k in models:
            aliases.setdefault(k, []).extend(v)

    # haiku / sonnet / opus: the highest version of that family under the anthropic provider.
    def version(mid):
        nums = re.findall(r"\d+", re.sub(r"-20\d{6}$", "", mid))
        return tuple(int(n) for n in nums)
    for fam in ("haiku", "sonnet", "opus"):
        cands = [mid for mid, (k, e, p) in models.items() if e["litellm_provider"] == "anthropic" and re.match(r"^claude-%s-\d" % fam, mid)]
        if cands:
            aliases.setdefault(max(cands, key=version), []).append(fam)

    direct_ids = {m.lower() for m in models} | {a.lower() for v in aliases.values() for a in v}
    out_models = []
    for mid in sorted(models, key=lambda s: (models[s][1]["litellm_provider"], s)):
        key, e, p = models[mid]
        al = list(aliases.get(mid, []))
        if mid.startswith("openrouter/"):
            route = mid[len("openrouter/"):]
            bare = route.split("/", 1)[1]
            if bare.lower() not in direct_ids:
                al.append(route)
        price = dict(p)
        corrections = []
        for (ck, field), (value, reason) in CORRECTIONS.items():
            if ck == key or ck in al:
                corrections.append({"field": field, "litellm": price[field], "used": value, "reason": reason})
                price[field] = value
        ctx = limit(e, "max_input_tokens") or limit(e, "max_tokens")
        mo = limit(e, "max_output_tokens") or limit(e, "max_tokens")
        m = {
            "id": mid,
            "provider": e["litellm_provider"],
            "aliases": al,
            "context_window": ctx,
            "max_output_tokens": mo,
            "vision": bool(e.get("supports_vision")),
            "tools": bool(e.get("supports_function_calling")),
            "reasoning": bool(e.get("supports_reasoning")),
            "prompt_caching": bool(e.get("supports_prompt_caching")),
            "litellm_keys": [key] + keys.get(mid, []),
            "prices": [price],
        }
        if corrections:
            m["corrections"] = corrections
        out_models.append(m)

    doc_head = {
        "schema": 1,
        "source": {
            "name": "LiteLLM model_prices_and_context_window.json",
            "repository": "BerriAI/litellm",
            "commit": args.commit,
            "date": args.date,
            "generator": "tools/update_model_registry.py",
            "units": "USD per million tokens",
        },
    }
    lines = json.dumps(doc_head, indent=2)[:-2] + ',\n  "models": [\n'
    lines += ",\n".join("    " + json.dumps(m, separators=(",", ":")) for m in out_models)
    lines += "\n  ]\n}\n"
    rel = os.path.relpath(OUT, ROOT)
    if args.check:
        with open(OUT, encoding="utf-8", newline="") as f:
            current = f.read()
        if current != lines:
            print("%s is out of date: run python3 tools/update_model_registry.py" % rel)
            return 1
        print("%s matches %s (%d models)" % (rel, os.path.basename(args.source), len(out_models)))
        return 0
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(lines)
    print("wrote %d models to %s" % (len(out_models), rel))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes the tables of docs/PERFORMANCE.md from bench/results/*.json (between the GENERATED
markers; the prose around them is kept)."""
import datetime
import json
import os
import platform
import re
import subprocess
import sys

out, doc = sys.argv[1], sys.argv[2]


def load(name):
    path = os.path.join(out, name + ".json")
    return json.load(open(path)) if os.path.exists(path) else None


def fmt(v):
    if isinstance(v, float):
        return f"{v:,.1f}" if abs(v) >= 100 else f"{v:.3g}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def spread(r, target, key):
    runs = r[target].get("runs")
    if not runs:
        return ""
    vals = sorted(x[key] for x in runs if key in x)
    return f"{fmt(vals[0])} .. {fmt(vals[-1])}"


def compare_table(r, keys):
    lines = ["| metric | chatnode | Redis | chatnode/Redis | chatnode runs (min .. max) |",
             "| --- | ---: | ---: | ---: | --- |"]
    for k in keys:
        a = r["chatnode"].get(k)
        b = r.get("redis", {}).get(k, "")
        ratio = r.get("ratios", {}).get(k, "")
        lines.append(f"| {k} | {fmt(a)} | {fmt(b)} | {fmt(ratio)} | {spread(r, 'chatnode', k)} |")
    return "\n".join(lines)


def verdict(ok):
    return "**met**" if ok else "**not met**"


g = []
cpu = ""
try:
    cpu = [l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")][0]
except Exception:
    pass
redis_version = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout.split()[2]
fan, w1, rr, conns, soak, cluster = (load(n) for n in ("fanout", "fanout-w1", "reqrep", "conns", "soak", "cluster"))
slow_pairs = []
i = 1
while load(f"fanout-slow-{i}") and load(f"fanout-noslow-{i}"):
    slow_pairs.append((load(f"fanout-noslow-{i}"), load(f"fanout-slow-{i}")))
    i += 1
any_r = fan or rr
def ran_at(r):
    """When a result was measured: its ran_at, else the date the document already gives (an older run)."""
    if r and "ran_at" in r:
        return r["ran_at"][:16].replace("T", " ")
    old = open(doc).read() if os.path.exists(doc) else ""
    m = re.search(r"Run of (\d{4}-\d\d-\d\d \d\d:\d\d) UTC", old)
    return m.group(1) if m else f"{datetime.datetime.utcnow():%Y-%m-%d %H:%M}"


g.append(f"Run of {ran_at(any_r)} UTC on {os.cpu_count()} cores ({cpu}), "
         f"Linux {platform.release()}, Java {any_r['java'] if any_r else '?'}, {redis_version}. "
         f"Medians of {any_r['repeat'] if any_r else '?'} runs per target, chatnode and Redis interleaved, "
         f"{any_r['warmup_s'] if any_r else '?'} s warm-up and {any_r['duration_s'] if any_r else '?'} s measured each. "
         "Raw JSON (every run) and HdrHistogram `.hgrm` files: `bench/results/`.")
g.append("")

targets = []
if fan:
    g.append("### Fan-out: 100 subscribers, 10 publishers, 64-byte messages, W=16\n")
    g.append(compare_table(fan, ["messages_per_s", "deliveries_per_s", "latency_p50_us", "latency_p99_us",
                                 "latency_p99_9_us", "latency_max_us", "losses", "order_violations"]))
    ratio = fan["ratios"].get("deliveries_per_s", 0)
    targets.append(("fan-out deliveries/s >= 0.5x Redis pub/sub", f"{ratio:.3f}x", ratio >= 0.5))
    c = fan["chatnode"]
    targets.append(("fan-out: zero losses, zero order violations",
                    f"{c['losses']} lost, {c['order_violations']} out of order", c["losses"] == 0 and c["order_violations"] == 0))
    g.append("")
if w1:
    g.append("### Light load: the same fan-out with W=1 (one message in flight per publisher)\n")
    g.append(compare_table(w1, ["messages_per_s", "deliveries_per_s", "latency_p50_us", "latency_p99_us",
                                "latency_p99_9_us", "latency_max_us", "losses", "order_violations"]))
    ratio = w1["ratios"].get("latency_p99_us", 99)
    targets.append(("light-load delivery p99 (W=1) <= 2x Redis's", f"{ratio:.3f}x", ratio <= 2))
    g.append("")
if rr:
    g.append("### Request/reply: 50 clients pipelining 16 `echo` each (16-byte text)\n")
    g.append(compare_table(rr, ["replies_per_s", "latency_p50_us", "latency_p99_us", "latency_p99_9_us",
                                "latency_max_us", "missing_replies", "error_replies", "wrong_replies"]))
    ratio = rr["ratios"].get("replies_per_s", 0)
    targets.append(("pipelined echo replies/s >= 0.5x Redis ECHO (echo on worker verticles)", f"{ratio:.3f}x", ratio >= 0.5))
    g.append("")
if conns:
    c = conns["chatnode"]
    g.append("### Idle connections (lobby off)\n")
    g.append("| connections asked | opened | refused | node reports | open time s | node RSS before MiB | after MiB | RSS per connection | Java heap in use before MiB | after MiB | heap per connection |")
    g.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    g.append(f"| {fmt(c['connections'])} | {fmt(c['opened'])} | {fmt(c['refused'])} | {fmt(c['node_connections'])} | "
             f"{c['open_s']} | {c.get('rss_before_mib')} | {c.get('rss_after_mib')} | {fmt(c.get('rss_per_connection_bytes', -1))} B | "
             f"{c.get('heap_before_mib')} | {c.get('heap_after_mib')} | {fmt(c.get('heap_per_connection_bytes', -1))} B |")
    per = c.get("rss_per_connection_bytes", 1 << 30)
    targets.append(("<= 8 KiB node RSS per idle connection at 10,000 (the node's default JVM sizing)", f"{per:,} B", per <= 8192 and c["opened"] >= 10000))
    g.append("")
if slow_pairs:
    g.append("### Slow consumer: the fan-out (W=16) with one more subscriber that never reads\n")
    g.append("Pairs run back to back (without, then with), so that each pair sees the same machine.\n")
    g.append("| pair | deliveries/s without | deliveries/s with one stalled subscriber | with / without | losses | order violations | slow consumer disconnected |")
    g.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    ratios = []
    for n, (a, b) in enumerate(slow_pairs, 1):
        base, s = a["chatnode"], b["chatnode"]
        ratio = s["deliveries_per_s"] / base["deliveries_per_s"] if base["deliveries_per_s"] else 0
        ratios.append(ratio)
        g.append(f"| {n} | {fmt(base['deliveries_per_s'])} | {fmt(s['deliveries_per_s'])} | {ratio:.3f} | "
                 f"{base['losses']} / {s['losses']} | {base['order_violations']} / {s['order_violations']} | "
                 f"{s.get('slow_disconnected')} of {s.get('slow_consumers')} |")
    median = sorted(ratios)[len(ratios) // 2]
    clean = all(b["chatnode"]["losses"] == 0 and b["chatnode"]["order_violations"] == 0 for _, b in slow_pairs)
    targets.append(("a slow consumer lowers the others' throughput by <= 10%",
                    f"median of {len(ratios)} pairs: {median:.3f}x of the run without", median >= 0.9 and clean))
    g.append("")
if cluster:
    c = cluster["chatnode"]
    g.append(f"### Cluster: the fan-out (W=16) over {c['nodes']} clustered nodes\n")
    g.append("Subscribers and publishers alternate between the nodes, so every message crosses the event "
             "bus between the two JVMs; all of it on the same 2 cores as the single-node runs.\n")
    g.append("| metric | cluster of " + str(c["nodes"]) + " | one node (fan-out above) | runs (min .. max) |")
    g.append("| --- | ---: | ---: | --- |")
    for k in ["messages_per_s", "deliveries_per_s", "latency_p50_us", "latency_p99_us", "latency_p99_9_us",
              "latency_max_us", "losses", "order_violations"]:
        one = fan["chatnode"].get(k, "") if fan else ""
        g.append(f"| {k} | {fmt(c.get(k))} | {fmt(one)} | {spread(cluster, 'chatnode', k)} |")
    for entry in c.get("by_node", []):
        g.append(f"\n{entry['node']}: {entry['subscribers']} subscribers, {fmt(entry['deliveries'])} deliveries")
    targets.append((f"cluster fan-out ({c['nodes']} nodes): zero losses, zero order violations",
                    f"{c['losses']} lost, {c['order_violations']} out of order",
                    c["losses"] == 0 and c["order_violations"] == 0))
    g.append("")
if soak:
    s = soak["chatnode"]
    g.append(f"### Soak: the fan-out at full speed for {soak['duration_s']} s, node RSS sampled every second\n")
    g.append("| deliveries/s | losses | order violations | RSS first MiB | RSS last MiB | RSS max MiB | max of 2nd half / max of 1st half |")
    g.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    g.append(f"| {fmt(s['deliveries_per_s'])} | {s['losses']} | {s['order_violations']} | {s['rss_first_mib']} | "
             f"{s['rss_last_mib']} | {s['rss_max_mib']} | {s['rss_growth_second_half']} |")
    series = s.get("rss_series_mib", [])
    step = max(1, len(series) // 20)
    g.append("\nRSS (MiB) every " + str(step) + " s: " + ", ".join(str(x) for x in series[::step]))
    if "live_heap_growth" in s:
        g.append(f"\nLive Java heap after a full collection, all {s['subscribers'] + s['publishers']} connections open: "
                 f"{s['live_heap_before_mib']} MiB before the load, {s['live_heap_after_mib']} MiB after it "
                 f"({s['live_heap_growth']}x).")
    flat = (s["rss_growth_second_half"] <= 1.05 and s.get("live_heap_growth", 1.0) <= 1.05
            and s["losses"] == 0 and s["disconnected"] == 0)
    targets.append((f"memory flat under a fan-out soak ({soak['duration_s']} s run), nothing lost",
                    f"RSS 2nd-half max / 1st-half max = {s['rss_growth_second_half']}; live heap end / start = "
                    f"{s.get('live_heap_growth', 'n/a')}; {s['losses']} lost, "
                    f"{s['disconnected']} disconnected", flat))
    g.append("")



# ---- the cost of history (protocol 1.1) ---------------------------------------------------------
def rounds(kind):
    """(on, off) chatnode results of each interleaved round of hist-<kind>-true-<i> / hist-<kind>-false-<i>."""
    pairs = []
    for i in range(1, 100):  # a round with one half missing (a run that broke off) is left out
        if load(f"hist-{kind}-true-{i}") and load(f"hist-{kind}-false-{i}"):
            pairs.append((i, load(f"hist-{kind}-true-{i}"), load(f"hist-{kind}-false-{i}")))
    return pairs


def median(values):
    """The median; for an even count the mean of the two middle values (neither favours a target)."""
    v = sorted(values)
    if not v:
        return 0
    mid = len(v) // 2
    return v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2


def history_table(pairs, key, what):
    lines = [f"| round | {what}, history on | history off | on / off | on: losses, order, seq, mapping violations | off: the same | load average (on, off) |",
             "| ---: | ---: | ---: | ---: | --- | --- | --- |"]
    ratios = []
    for n, on, off in pairs:
        a, b = on["chatnode"], off["chatnode"]
        ratio = a[key] / b[key] if b[key] else 0
        ratios.append(ratio)
        checks = lambda c: f"{c['losses']}, {c['order_violations']}, {c.get('seq_violations', '?')}, {c.get('mapping_violations', '?')}"
        lines.append(f"| {n} | {fmt(a[key])} | {fmt(b[key])} | {ratio:.3f} | {checks(a)} | {checks(b)} | "
                     f"{on.get('loadavg_at_end', '?')}, {off.get('loadavg_at_end', '?')} |")
    med_on = median(p[1]["chatnode"][key] for p in pairs)
    med_off = median(p[2]["chatnode"][key] for p in pairs)
    lines.append(f"| median | {fmt(med_on)} | {fmt(med_off)} | {median(ratios):.3f} (rounds {min(ratios):.3f} .. {max(ratios):.3f}; "
                 f"ratio of medians {med_on / med_off if med_off else 0:.3f}) | | | |")
    return "\n".join(lines), median(ratios)


def clean(pairs):
    """Violations over every run, on and off; losses of the history-on runs and of the off runs apart."""
    cs = [c["chatnode"] for p in pairs for c in p[1:]]
    on = [p[1]["chatnode"] for p in pairs]
    off = [p[2]["chatnode"] for p in pairs]
    seqv = sum(c.get("seq_violations", 0) for c in cs)
    mapv = sum(c.get("mapping_violations", 0) for c in cs)
    lost_on = sum(c["losses"] for c in on)
    lost_off = sum(c["losses"] for c in off)
    bad = seqv + mapv + lost_on + sum(c.get("malformed", 0) for c in cs)
    return bad, seqv, mapv, f"{lost_on} lost with history on, {lost_off} with it off"


hf, hw, hc = rounds("fanout"), rounds("w1"), rounds("cluster")
resumes = [(n, load(f"hist-resume-{n}")) for n in ("1node", "cluster")]
hsoak = load("hist-soak")
if hf or hw or hc or hsoak or any(r for _, r in resumes):
    first = next((p[1] for p in hf + hw + hc), None) or hsoak or next(r for _, r in resumes if r)
    g.append("### History (protocol 1.1): its cost, measured with every member on `tags`\n")
    g.append(f"Run of {ran_at(first)} UTC, {first['warmup_s']} s warm-up and {first['duration_s']} s measured per run. "
             "Each round runs history on and off back to back (a fresh node or cluster for each, "
             "`CHATNODE_HISTORY_ENABLED`), alternating which goes first; every member (subscribers and "
             "publishers) turns on `tags`, so every push carries `@seq=..;time=..`, and every subscriber "
             "checks that the room's seqs it receives strictly increase and that each seq carries the same "
             "message at every subscriber (one ledger for all, across nodes). The verdicts use the median of "
             "the rounds' on/off ratios. The last column is the machine's 1-minute load average at the end of "
             "each run, to tell a quiet machine from a shared one.\n")
    if hf:
        t, ratio = history_table(hf, "deliveries_per_s", "deliveries/s")
        g.append("#### One node, fan-out W=16 (100 subscribers, 10 publishers, 64 B)\n")
        g.append(t)
        g.append("")
        targets.append(("history on: single-node fan-out deliveries/s >= 0.85x history off",
                        f"{ratio:.3f}x (median of {len(hf)} rounds)", ratio >= 0.85))
    if hw:
        t, ratio = history_table(hw, "latency_p99_us", "delivery p99 us")
        g.append("#### One node, light load W=1: delivery latency p99\n")
        g.append(t)
        g.append("")
        targets.append(("history on: light-load (W=1) delivery p99 <= 1.5x history off",
                        f"{ratio:.3f}x (median of {len(hw)} rounds)", ratio <= 1.5))
    if hc:
        t, ratio = history_table(hc, "deliveries_per_s", "deliveries/s")
        g.append("#### Cluster of 2 nodes, fan-out W=16, members alternating between the nodes\n")
        g.append(t)
        g.append("")
        targets.append(("history on: cluster (2 nodes) fan-out deliveries/s >= 0.7x history off",
                        f"{ratio:.3f}x (median of {len(hc)} rounds)", ratio >= 0.7))
        bad, seqv, mapv, lost = clean(hc)
        targets.append(("cluster with tags: every subscriber's seqs strictly increasing, one message per seq at all subscribers, nothing lost with history on",
                        f"{seqv} seq violations, {mapv} mapping violations over {2 * len(hc)} runs; {lost}", bad == 0))
    if hf or hw:
        bad, seqv, mapv, lost = clean(hf + hw)
        targets.append(("one node with tags: seqs in order and agreed, nothing lost with history on",
                        f"{seqv} seq violations, {mapv} mapping violations over {2 * len(hf + hw)} runs; {lost}", bad == 0))
    present = [(n, r) for n, r in resumes if r]
    if present:
        g.append("#### Resume: clients that keep leaving and coming back, then `history <room> after <seq>`\n")
        c0 = present[0][1]["chatnode"]
        g.append(f"{c0['resumers']} resumers, each connected {c0['stay_ms']} ms then away {c0['away_ms']} ms, "
                 f"coming back to the next node (in the cluster: the other one); {c0['publishers']} publishers "
                 f"saying {c0['rate']} messages/s in all. Back, a resumer joins, fills the gap with `history ... after "
                 "<newest seq it has>` (500 at a time) until the newest, holding live messages meanwhile and "
                 "dropping those it already has; at the end, one last fill, and every message of every publisher "
                 "must be there exactly once. History on.\n")
        g.append("| nodes | messages | resumes | history requests | fill round trip p50 / p99 us | applied | expected | missing | duplicates | overlap dropped | live steps back | lost notices |")
        g.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for n, r in present:
            c = r["chatnode"]
            g.append(f"| {c['nodes']} | {fmt(c['messages'])} | {fmt(c['resumes'])} | {fmt(c['history_requests'])} | "
                     f"{fmt(c['fill_p50_us'])} / {fmt(c['fill_p99_us'])} | {fmt(c['applied'])} | {fmt(c['expected_deliveries'])} | "
                     f"{c['missing']} | {c['duplicates']} | {fmt(c['overlap_dropped'])} | {c.get('live_steps_back', '?')} | {c['lost_notices']} |")
            targets.append((f"resume over {c['nodes']} node(s): nothing missing, nothing twice",
                            f"{c['missing']} missing, {c['duplicates']} duplicates after {c['resumes']:,} resumes",
                            c["missing"] == 0 and c["duplicates"] == 0 and c["resumes"] > 0 and c["errors"] == 0
                            and c.get("live_steps_back", 0) == 0))
        g.append("")
    if hsoak:
        s_ = hsoak["chatnode"]
        g.append(f"#### Soak with history on and `tags`: the fan-out at full speed for {hsoak['duration_s']} s\n")
        g.append("| deliveries/s | losses | seq / mapping violations | RSS first MiB | RSS last MiB | RSS max MiB | max of 2nd half / max of 1st half | live heap before / after MiB |")
        g.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        g.append(f"| {fmt(s_['deliveries_per_s'])} | {s_['losses']} | {s_.get('seq_violations')} / {s_.get('mapping_violations')} | "
                 f"{s_['rss_first_mib']} | {s_['rss_last_mib']} | {s_['rss_max_mib']} | {s_['rss_growth_second_half']} | "
                 f"{s_.get('live_heap_before_mib')} / {s_.get('live_heap_after_mib')} |")
        series = s_.get("rss_series_mib", [])
        step_ = max(1, len(series) // 20)
        g.append("\nRSS (MiB) every " + str(step_) + " s: " + ", ".join(str(x) for x in series[::step_]))
        flat = (s_["rss_growth_second_half"] <= 1.05 and s_.get("live_heap_growth", 1.0) <= 1.05
                and s_["losses"] == 0 and s_["disconnected"] == 0)
        targets.append((f"history on: node RSS flat in a fan-out soak ({hsoak['duration_s']} s run; issue 12 asks 600 s)",
                        f"RSS 2nd-half max / 1st-half max = {s_['rss_growth_second_half']}; live heap end / start = "
                        f"{s_.get('live_heap_growth', 'n/a')}; {s_['losses']} lost", flat))
        g.append("")

head = ["### Targets\n", "| target | measured | verdict |", "| --- | --- | --- |"]
for name, value, ok in targets:
    head.append(f"| {name} | {value} | {verdict(ok)} |")
head.append("")
profile = os.path.join(out, "profile.txt")
tail = []
if os.path.exists(profile):
    tail.append("### JFR profile of the node under fan-out (W=16), execution samples\n")
    tail.append("```")
    tail.append(open(profile).read().rstrip())
    tail.append("```")

for setting in ("true", "false"):
    p = os.path.join(out, f"profile-history-{setting}.txt")
    if os.path.exists(p):
        tail.append(f"\n### JFR profile of the node under fan-out with `tags`, history.enabled={setting}\n")
        tail.append("```")
        tail.append(open(p).read().rstrip())
        tail.append("```")

generated = "\n".join(head + g + tail)
text = open(doc).read() if os.path.exists(doc) else "<!-- BEGIN GENERATED -->\n<!-- END GENERATED -->\n"
text = re.sub(r"<!-- BEGIN GENERATED -->.*<!-- END GENERATED -->",
              lambda m: "<!-- BEGIN GENERATED -->\n" + generated + "\n<!-- END GENERATED -->", text, flags=re.S)
open(doc, "w").write(text)

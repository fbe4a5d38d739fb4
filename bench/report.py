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
g.append(f"Run of {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({cpu}), "
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

generated = "\n".join(head + g + tail)
text = open(doc).read() if os.path.exists(doc) else "<!-- BEGIN GENERATED -->\n<!-- END GENERATED -->\n"
text = re.sub(r"<!-- BEGIN GENERATED -->.*<!-- END GENERATED -->",
              lambda m: "<!-- BEGIN GENERATED -->\n" + generated + "\n<!-- END GENERATED -->", text, flags=re.S)
open(doc, "w").write(text)

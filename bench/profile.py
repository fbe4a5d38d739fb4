#!/usr/bin/env python3
"""Summarises `jfr print --json --events jdk.ExecutionSample,jdk.NativeMethodSample` of the node:
samples per thread, top methods by self time, and top chatnode/Vert.x/Netty methods by inclusive
time. Java samples (running Java code) and native samples (in a system call or other native code,
such as a socket write or the selector's wait) are counted apart, as JFR takes them apart."""
import collections
import json
import sys

data = json.load(open(sys.argv[1]))
events = data["recording"]["events"]
threads = collections.Counter()
self_top = collections.Counter()
incl = collections.Counter()
total = 0


def name(frame):
    m = frame["method"]
    return (m["type"]["name"] + "." + m["name"]).replace("/", ".")


kinds = collections.Counter()
native_top = collections.Counter()
for e in events:
    v = e["values"]
    if e["type"] == "jdk.NativeMethodSample":
        frames = (v.get("stackTrace") or {}).get("frames") or []
        if frames:
            kinds["native"] += 1
            # the Java caller that went native: the first frame outside the JDK's own I/O plumbing
            caller = next((name(f) for f in frames if not name(f).startswith(("sun.", "java.", "jdk."))), name(frames[0]))
            native_top[name(frames[0]) + "  <-  " + caller] += 1
        continue
    kinds["java"] += 1
    frames = (v.get("stackTrace") or {}).get("frames") or []
    if not frames:
        continue
    total += 1
    t = v.get("sampledThread") or {}
    tname = t.get("javaName") or t.get("osName") or "?"
    # group numbered threads (vert.x-eventloop-thread-0, -1, ...)
    base = tname.rstrip("0123456789").rstrip("-")
    threads[base] += 1
    self_top[name(frames[0])] += 1
    seen = set()
    for f in frames:
        n = name(f)
        if n in seen:
            continue
        seen.add(n)
        if n.startswith(("io.chatnode.", "io.vertx.core.", "io.netty.", "com.fasterxml.")):
            incl[n] += 1

print(f"Java execution samples: {total}; native-method samples: {kinds['native']}")
print("\ntop native-method samples (method  <-  first non-JDK caller):")
for k, c in native_top.most_common(8):
    print(f"  {100.0 * c / max(1, kinds['native']):5.1f}%  {k}")
print("\nsamples by thread:")
for k, c in threads.most_common(8):
    print(f"  {100.0 * c / total:5.1f}%  {k}")
print("\ntop 20 methods by self time:")
for k, c in self_top.most_common(20):
    print(f"  {100.0 * c / total:5.1f}%  {k}")
print("\ntop 25 chatnode / Vert.x / Netty / Jackson methods by inclusive time:")
for k, c in incl.most_common(25):
    print(f"  {100.0 * c / total:5.1f}%  {k}")

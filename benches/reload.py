#!/usr/bin/env python3
"""Edit-to-reload latency of `gloss serve` on a generated site.

Generates a site with the workspace's corpus generator (`gloss-corpus`,
benches/corpus), starts `gloss serve` on a
free port, subscribes to its reload channel, then saves one article N times
(a different word each time) and measures the time from each save to the
reload event. Prints the median and min..max, with a full build's time beside
it for comparison.

    python3 benches/reload.py [--articles 10000] [--edits 21]
"""

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import queue

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.abspath(os.environ.get("CARGO_TARGET_DIR") or os.path.join(REPO, "target"))
GEN = os.path.join(TARGET, "release", "gloss-corpus")
BIN = os.path.join(TARGET, "release", "gloss")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=21)
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "gloss", "-p", "gloss-corpus"],
                   cwd=REPO, check=True)
    work = tempfile.mkdtemp(prefix="gloss-reload-")
    try:
        site = os.path.join(work, "site")
        subprocess.run([GEN, "--format", "gloss", site, "--articles", str(args.articles)],
                       check=True, stdout=subprocess.DEVNULL)

        started = time.monotonic()
        subprocess.run([BIN, "build", "--root", site, "--output", os.path.join(work, "public")],
                       check=True, stdout=subprocess.DEVNULL)
        full_build = time.monotonic() - started

        server = subprocess.Popen([BIN, "serve", "--root", site, "--port", "0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        lines = queue.Queue()
        threading.Thread(target=lambda: [lines.put(l) for l in server.stdout], daemon=True).start()
        port = None
        while port is None:
            match = re.search(r"http://127\.0\.0\.1:(\d+)/", lines.get(timeout=600))
            port = int(match.group(1)) if match else None

        events = queue.Queue()

        def listen():
            conn = http.client.HTTPConnection("127.0.0.1", port)
            conn.request("GET", "/__gloss/events")
            response = conn.getresponse()
            while True:
                line = response.fp.readline()
                if not line:
                    return
                if line.startswith(b"event: reload"):
                    events.put(time.monotonic())

        threading.Thread(target=listen, daemon=True).start()
        time.sleep(1.0)

        article_dir = os.path.join(site, "content", "articles")
        target = os.path.join(article_dir, sorted(os.listdir(article_dir))[len(os.listdir(article_dir)) // 2])
        with open(target, encoding="utf-8") as f:
            original = f.read()
        latencies = []
        for i in range(args.edits):
            text = original.replace("\n\n", f"\n\nEdit number {i} of this explainer.\n\n", 1)
            saved = time.monotonic()
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            reloaded = events.get(timeout=120)
            latencies.append((reloaded - saved) * 1000)
            time.sleep(0.3)
        server.terminate()
        server.wait()

        print(f"site: {args.articles} articles; one article saved {args.edits} times")
        print(f"edit-to-reload: median {statistics.median(latencies):.0f} ms "
              f"(min {min(latencies):.0f} .. max {max(latencies):.0f} ms)")
        print(f"full build for comparison: {full_build:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

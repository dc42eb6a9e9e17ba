#!/usr/bin/env python3
"""Edit-to-visible latency and memory of `gloss serve` on generated sites.

For each size, generates a site with the workspace's corpus generator
(`gloss-corpus`, benches/corpus), starts `gloss serve` on a free port,
subscribes to its reload channel, then saves one article E times (a different
sentence each time). For each save it takes two times from the moment the file
is written:

- visible: until a GET of the article's page returns the new sentence (what a
  reader of the preview sees; the page is asked for every millisecond);
- reload: until the `reload` event reaches the open pages.

Each save waits for the search index of the one before (serve builds it on
a thread of its own, after the pages), so that no save is timed against it.

It prints the median and min..max of each, the rebuild time serve reports for
itself, the first build's time, and serve's peak memory (VmHWM of
/proc/PID/status, Linux only), which includes the first build.

    python3 benches/reload.py [--articles 10000 [100000 ...]] [--edits 21]
    python3 benches/reload.py --articles 100000 --sites /var/tmp/gloss-sites --no-full-build
"""

import argparse
import http.client
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.abspath(os.environ.get("CARGO_TARGET_DIR") or os.path.join(REPO, "target"))
GEN = os.path.join(TARGET, "release", "gloss-corpus")
BIN = os.path.join(TARGET, "release", "gloss")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[10000],
                        help="site sizes, one run each (default 10000)")
    parser.add_argument("--edits", type=int, default=21, help="saves per site (default 21)")
    parser.add_argument("--sites", metavar="DIR",
                        help="keep the generated sites in DIR and reuse them (default: a "
                             "temporary folder, deleted at the end)")
    parser.add_argument("--bin", metavar="GLOSS",
                        help="this gloss binary instead of building the workspace's")
    parser.add_argument("--no-full-build", action="store_true",
                        help="skip the full `gloss build` timed for comparison")
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "gloss-corpus"]
                   + ([] if args.bin else ["-p", "gloss"]), cwd=REPO, check=True)
    gloss = os.path.abspath(args.bin or BIN)
    work = tempfile.mkdtemp(prefix="gloss-reload-")
    try:
        for size in args.articles:
            site = site_of(size, args.sites or work)
            result = measure(gloss, site, size, args.edits, work, not args.no_full_build)
            report(size, args.edits, result)
            if not args.sites:
                shutil.rmtree(site, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def site_of(size, folder):
    """The generated site of `size` articles in `folder`, made when missing."""
    site = os.path.join(folder, f"site-{size}")
    done = os.path.join(folder, f"site-{size}.done")
    if not os.path.exists(done):
        shutil.rmtree(site, ignore_errors=True)
        os.makedirs(folder, exist_ok=True)
        subprocess.run([GEN, "--format", "gloss", site, "--articles", str(size)],
                       check=True, stdout=subprocess.DEVNULL)
        open(done, "w").close()
    return site


def measure(gloss, site, size, edits, work, full_build):
    result = {}
    if full_build:
        started = time.monotonic()
        public = os.path.join(work, "public")
        subprocess.run([gloss, "build", "--root", site, "--output", public],
                       check=True, stdout=subprocess.DEVNULL)
        result["full_build"] = time.monotonic() - started
        shutil.rmtree(public, ignore_errors=True)

    started = time.monotonic()
    server = subprocess.Popen([gloss, "serve", "--root", site, "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l) for l in server.stdout], daemon=True).start()
    port = None
    while port is None:
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", lines.get(timeout=1800))
        port = int(match.group(1)) if match else None
    result["first_build"] = time.monotonic() - started
    result["rss_started"] = memory(server.pid, "VmRSS")

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
    # The search index of the first build is made on a thread of its own:
    # let it finish, so that the saves are not timed against it.
    while not lines.get(timeout=1800).startswith("Search index"):
        pass
    time.sleep(0.5)

    article_dir = os.path.join(site, "content", "articles")
    names = sorted(os.listdir(article_dir))
    target = os.path.join(article_dir, names[len(names) // 2])
    page = "/articles/" + os.path.splitext(names[len(names) // 2])[0] + "/"
    with open(target, encoding="utf-8") as f:
        original = f.read()
    if b"<html" not in get(port, page):
        sys.exit(f"{page} is not the page of {target}")
    while not lines.empty():
        lines.get()
    visible, reloaded, rebuilt, stages = [], [], [], []
    try:
        for i in range(edits):
            marker = f"Edit number {i} of this explainer, at {time.time():.6f}."
            text = original.replace("\n\n", f"\n\n{marker}\n\n", 1)
            drain(events)
            saved = time.monotonic()
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            wanted = marker.encode()
            while wanted not in get(port, page):
                if time.monotonic() - saved > 600:
                    sys.exit(f"save {i} not visible after 600 s")
                time.sleep(0.001)
            visible.append((time.monotonic() - saved) * 1000)
            reloaded.append((events.get(timeout=600) - saved) * 1000)
            # The search index of this save is built on a thread of its
            # own: the next save waits for it, so as not to be timed
            # against it.
            said = []
            while not any(line.startswith("Search index") for line in said):
                try:
                    said.append(lines.get(timeout=600))
                except queue.Empty:
                    break
            time.sleep(0.2)
            said += drain(lines)
            for line in said:
                match = re.search(r"^Rendered .* in (\d+) ms .*\[ms: (.*)\]", line)
                if match:
                    rebuilt.append(float(match.group(1)))
                    stages.append((float(match.group(1)), match.group(2)))
        result["rss_peak"] = memory(server.pid, "VmHWM")
        result["rss_end"] = memory(server.pid, "VmRSS")
    finally:
        with open(target, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()
    result.update(visible=visible, reloaded=reloaded, rebuilt=rebuilt, stages=stages)
    return result


def get(port, path):
    """The body of `path`, on a connection of its own: the server closes
    connections that stay idle while a large site's index is built."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    try:
        conn.request("GET", path)
        return conn.getresponse().read()
    finally:
        conn.close()


def drain(lines):
    said = []
    while not lines.empty():
        said.append(lines.get())
    return said


def memory(pid, field):
    """A memory figure of /proc/PID/status in MiB, or None off Linux."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def spread(values):
    return (f"median {statistics.median(values):.0f} ms "
            f"(min {min(values):.0f} .. max {max(values):.0f} ms)")


def report(size, edits, r):
    print(f"site: {size} articles; one article saved {edits} times")
    print(f"edit-to-visible (GET shows the save): {spread(r['visible'])}")
    print(f"edit-to-reload (reload event): {spread(r['reloaded'])}")
    if r["rebuilt"]:
        print(f"rebuild as serve reports it: {spread(r['rebuilt'])}")
    if r["stages"]:
        median = sorted(r["stages"])[len(r["stages"]) // 2]
        print(f"stages of the median rebuild [ms]: {median[1]}")
    print(f"serve's first build: {r['first_build']:.1f} s")
    if r.get("rss_peak") is not None:
        print(f"serve's memory: peak {r['rss_peak']:.0f} MiB (VmHWM), "
              f"{r['rss_started']:.0f} MiB after the first build, {r['rss_end']:.0f} MiB at the end")
    if "full_build" in r:
        print(f"full build for comparison: {r['full_build']:.2f} s")
    print(flush=True)


if __name__ == "__main__":
    main()

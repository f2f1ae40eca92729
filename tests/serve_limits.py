#!/usr/bin/env python3
"""What one client may hold of careerpath serve, over real sockets.

  serve_limits.py PROGRAM SOURCE_DIR WORK_DIR hold|draw|stop|late|slow

hold: 70 clients from 127.0.0.1 each send a request line, then a header
      line every second and never the blank line that ends the head. At
      most 32 of them are kept (the per-address limit, half the server's
      64), a request from
      127.0.0.2 is answered meanwhile, and each kept one is closed 10 s
      (the head timeout) after it connected, not kept alive by its bytes.
draw: three drawings at once, with a stand-in for Graphviz's dot that takes
      5 s, all answer 200 within 9 s (one at a time, the second would take
      10 s and the third 15 s); with one that never ends, all three answer 500 at the 10 s
      render bound together, not at 10, 20 and 30 s, and no dot is left.
stop: on graphs/onet, with searches that run for minutes, drawings under
      way and a stream of small requests, SIGTERM stops the server within
      3 s (its bound is 0.5 s of grace: the figure is printed), exit status
      0, and leaves no dot behind; SIGINT on an idle server likewise.
late: on graphs/onet with serve --timeout 0.001, every request's time is up
      before its search starts: each says it reached its deadline (422),
      never that it was called off.
slow: with serve --send-timeout 2, on a chain of 2,000 roles the test
      makes, /api/reach with every row is some 14 MB of JSON, more
      than the kernel holds for a socket. A client that reads it a byte
      at a time is closed 2 s after its answer was ready (within 6 s of
      asking), having taken only part of it; meanwhile a probe from
      127.0.0.2 is answered, and a client that reads at full speed gets
      the whole answer, the same bytes as one read before.

Exit status 0 when every check holds, 1 otherwise, 77 (skipped) when a
part it needs is missing.
"""
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

HEAD_TIMEOUT = 10.0
PER_ADDRESS = 32
RENDER_TIMEOUT = 10.0

FAKE_DOT = """#!/usr/bin/env python3
# Graphviz's dot for the tests: reads the diagram, waits as long as the
# file dot-seconds says, prints a small picture; notes its pid.
import os, sys, time
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "dot-pids"), "a") as f:
    f.write("%d\\n" % os.getpid())
sys.stdin.read()
with open(os.path.join(here, "dot-seconds")) as f:
    time.sleep(float(f.read()))
sys.stdout.write('<svg xmlns="http://www.w3.org/2000/svg"/>\\n')
"""

failures = []


def fail(message):
    print("FAIL: " + message)
    failures.append(message)


class Server:
    """careerpath serve on a free loopback port, its log in WORK_DIR."""

    count = 0

    def __init__(self, program, work, args, env=None, serve_args=()):
        Server.count += 1
        self.log_path = os.path.join(work, "serve-%d.log" % Server.count)
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [program] + args + ["serve", "--listen", "127.0.0.1:0"]
            + list(serve_args),
            stderr=self.log, env=env)
        self.port = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", self.text())
            if found:
                self.port = int(found.group(1))
                break
            time.sleep(0.05)
        if self.port is None:
            print("the server did not start:\n" + self.text())
            self.kill()
            sys.exit(1)

    def text(self):
        with open(self.log_path) as f:
            return f.read()

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()


def get(port, target, source="127.0.0.1", timeout=20):
    """(status, body) of GET target, from the source address given."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                  source_address=(source, 0)) as s:
        s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                   "Connection: close\r\n\r\n" % (target, port)).encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 "):
        return None, data
    return int(head[9:12]), body


def is_open(s):
    """Whether the server still holds the connection."""
    try:
        return s.recv(1, socket.MSG_DONTWAIT | socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def hold(program, source, work):
    server = Server(program, work, [])
    port = server.port
    try:
        clients = []  # [socket, connected at, closed at]
        for _ in range(70):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.settimeout(None)  # is_open() asks without waiting
            s.sendall(b"GET /api/roles HTTP/1.1\r\n")
            clients.append([s, time.monotonic(), None])
        started = time.monotonic()
        probed = False
        line = 0
        while time.monotonic() - started < HEAD_TIMEOUT + 6:
            now = time.monotonic()
            for c in clients:
                if c[2] is None and not is_open(c[0]):
                    c[2] = now
            if not probed and now - started >= 2:
                held = sum(c[2] is None for c in clients)
                if held > PER_ADDRESS:
                    fail("one address holds %d connections, more than %d"
                         % (held, PER_ADDRESS))
                if held == 0:
                    fail("no trickling connection was kept at all")
                # another address is answered while they hold theirs
                t0 = time.monotonic()
                try:
                    status, _ = get(port, "/api/metrics", "127.0.0.2", 5)
                except OSError as e:
                    status = "no answer (%s)" % e
                if status != 200:
                    fail("a request from 127.0.0.2 got %s while 127.0.0.1 "
                         "trickled" % status)
                print("probe from 127.0.0.2 during the trickle: %s in "
                      "%.2f s; %d trickling connections held"
                      % (status, time.monotonic() - t0, held))
                probed = True
            line += 1
            for c in clients:
                if c[2] is None:
                    try:
                        c[0].sendall(b"X-Trickle-%d: x\r\n" % line)
                    except OSError:
                        c[2] = time.monotonic()
            time.sleep(1)
        kept = [c for c in clients if c[2] is None or c[2] - c[1] > 2]
        lasted = sorted((c[2] if c[2] else time.monotonic()) - c[1]
                        for c in kept)
        print("kept connections lasted %.1f to %.1f s, sending a line a "
              "second" % (lasted[0], lasted[-1]) if lasted else "none kept")
        for c in kept:
            if c[2] is None:
                fail("a trickling connection is still open after %.0f s"
                     % (time.monotonic() - c[1]))
                break
            if not HEAD_TIMEOUT - 1 <= c[2] - c[1] <= HEAD_TIMEOUT + 4:
                fail("a trickling connection was closed after %.1f s, not "
                     "about %.0f s" % (c[2] - c[1], HEAD_TIMEOUT))
                break
        for c in clients:
            c[0].close()
        # and 127.0.0.1 is served again
        status, _ = get(port, "/api/metrics")
        if status != 200:
            fail("after the trickle, 127.0.0.1 got %s" % status)
    finally:
        server.kill()


def fake_dot_env(work, seconds):
    """An environment whose dot is the stand-in, taking seconds."""
    with open(os.path.join(work, "dot"), "w") as f:
        f.write(FAKE_DOT)
    os.chmod(os.path.join(work, "dot"), 0o755)
    set_dot_seconds(work, seconds)
    env = dict(os.environ)
    env["PATH"] = work + os.pathsep + env.get("PATH", "")
    return env


def set_dot_seconds(work, seconds):
    with open(os.path.join(work, "dot-seconds"), "w") as f:
        f.write(str(seconds))


def dots_left(work):
    """The stand-in dots still running."""
    try:
        with open(os.path.join(work, "dot-pids")) as f:
            pids = [int(p) for p in f.read().split()]
    except FileNotFoundError:
        return []
    left = []
    for pid in pids:
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                if b"dot" in f.read():
                    left.append(pid)
        except OSError:
            pass
    return left


def at_once(port, targets):
    """[(status, body, seconds)] of the targets, requested together."""
    results = [None] * len(targets)

    def one(i):
        t0 = time.monotonic()
        try:
            status, body = get(port, targets[i], timeout=60)
        except OSError as e:
            status, body = None, str(e).encode()
        results[i] = (status, body, time.monotonic() - t0)

    threads = [threading.Thread(target=one, args=(i,))
               for i in range(len(targets))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


DRAWING = ("/api/path?from=Medical+Assistant&to=Registered+Nurse"
           "&format=svg&k=%d")


def draw(program, source, work):
    env = fake_dot_env(work, 5)
    server = Server(program, work, [], env)
    try:
        results = at_once(server.port, [DRAWING % k for k in (1, 2, 3)])
        print("three 5 s drawings at once: " + ", ".join(
            "%s in %.1f s" % (r[0], r[2]) for r in results))
        for status, body, seconds in results:
            if status != 200 or not body.startswith(b"<svg"):
                fail("a drawing got %s: %s" % (status, body[:200]))
            elif seconds > 9:
                fail("a 5 s drawing took %.1f s with two others: they "
                     "wait for each other" % seconds)
        set_dot_seconds(work, 600)
        results = at_once(server.port, [DRAWING % k for k in (1, 2, 3)])
        print("three endless drawings at once: " + ", ".join(
            "%s in %.1f s" % (r[0], r[2]) for r in results))
        for status, body, seconds in results:
            if status != 500 or b"took longer than" not in body:
                fail("an endless drawing got %s: %s" % (status, body[:200]))
            elif not RENDER_TIMEOUT - 0.5 <= seconds <= RENDER_TIMEOUT + 4:
                fail("an endless drawing was stopped after %.1f s, not at "
                     "%.0f s" % (seconds, RENDER_TIMEOUT))
        time.sleep(0.5)
        if dots_left(work):
            fail("dot processes left running: %s" % dots_left(work))
    finally:
        server.kill()


def stop(program, source, work):
    onet = os.path.join(source, "graphs", "onet")
    if not os.path.exists(os.path.join(onet, "transitions.csv")):
        print("graphs/onet is missing: skipped")
        sys.exit(77)
    env = fake_dot_env(work, 600)
    # no bound on work, so that the searches run until the stop calls
    # them off
    server = Server(program, work, ["--graph", onet], env,
                    ["--limit", str(1 << 40)])
    port = server.port
    slow = ["/api/path?" + urllib.parse.urlencode(
        {"from": "11-1011.00", "to": "51-8013.04", "k": "10000",
         "by": by}) for by in ("steps", "months")]
    drawings = ["/api/path?from=11-1011.00&to=51-8013.04&format=svg",
                "/api/path?from=29-2099.08&to=11-1011.00&format=svg"]
    answered = {}
    done = threading.Event()

    def request(target):
        try:
            answered[target] = get(port, target, timeout=600)[0]
        except OSError:
            answered[target] = None

    def small_requests():
        while not done.is_set():
            try:
                get(port, "/api/metrics", timeout=5)
            except OSError:
                pass

    threads = [threading.Thread(target=request, args=(t,), daemon=True)
               for t in slow + drawings]
    threads += [threading.Thread(target=small_requests, daemon=True)
                for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(3)
    busy = [t for t in slow + drawings if t not in answered]
    if any(t not in busy for t in slow):
        fail("the searches were over before the stop: %s" % answered)
    t0 = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    try:
        code = server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        code = None
    seconds = time.monotonic() - t0
    done.set()
    print("SIGTERM with %d answers under way (%d searches, %d drawings): "
          "stopped in %.2f s, exit status %s"
          % (len(busy), len([t for t in busy if t in slow]),
             len([t for t in busy if t in drawings]), seconds, code))
    if code is None:
        fail("the server was still running 30 s after SIGTERM")
    elif code != 0:
        fail("the server exited with %s after SIGTERM" % code)
    elif seconds > 3:
        fail("the server took %.1f s to stop" % seconds)
    log = server.text()
    server.kill()
    if "stopped (terminated)" not in log:
        fail("no 'stopped (terminated)' in: " + log)
    time.sleep(0.3)
    if dots_left(work):
        fail("dot processes left running: %s" % dots_left(work))
    # SIGINT, nothing under way: the whole stop, with everything freed
    server = Server(program, work, [])
    get(server.port, "/api/roles")
    t0 = time.monotonic()
    server.process.send_signal(signal.SIGINT)
    try:
        code = server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        code = None
    seconds = time.monotonic() - t0
    print("SIGINT when idle: stopped in %.2f s, exit status %s"
          % (seconds, code))
    if code != 0 or seconds > 3:
        fail("SIGINT: exit status %s after %.1f s" % (code, seconds))
    if "stopped (interrupt)" not in server.text():
        fail("no 'stopped (interrupt)' in: " + server.text())
    server.kill()


def late(program, source, work):
    onet = os.path.join(source, "graphs", "onet")
    if not os.path.exists(os.path.join(onet, "transitions.csv")):
        print("graphs/onet is missing: skipped")
        sys.exit(77)
    # every request's time is up before its search begins; the query is
    # handed what is left (at least 1 ms) and must stop on its own deadline
    # and say so, not be called off by the server's hook a moment earlier
    server = Server(program, work, ["--graph", onet], None,
                    ["--timeout", "0.001", "--limit", str(1 << 40)])
    try:
        for by in ("steps", "experience_months", "months") * 4:
            target = "/api/path?" + urllib.parse.urlencode(
                {"from": "11-1011.00", "to": "51-8013.04", "k": "10000",
                 "by": by})
            began = time.monotonic()
            status, body = get(server.port, target, timeout=30)
            took = time.monotonic() - began
            if status != 422 or b"the deadline on its time" not in body:
                fail("late request by %s: %s %r (expected 422 and the "
                     "deadline)" % (by, status, body[:300]))
            if took > 5:
                fail("late request by %s took %.1f s" % (by, took))
    finally:
        server.kill()


SEND_TIMEOUT = 2.0
TCP_ESTABLISHED = 1  # linux/tcp_states.h


def make_chain(directory, n):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "roles.csv"), "w") as f:
        f.write("id,title,median_wage_usd\n")
        for i in range(n):
            f.write("r%d,Role %d,%d\n" % (i, i, 30000 + i))
    with open(os.path.join(directory, "transitions.csv"), "w") as f:
        f.write("from,to,months,cost_usd\n")
        for i in range(n - 1):
            f.write("r%d,r%d,1,10\n" % (i, i + 1))


def get_large(port, target, timeout=60):
    """(status, body) of GET target, read as fast as it comes."""
    with socket.create_connection(("127.0.0.1", port),
                                  timeout=timeout) as s:
        s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                   "Connection: close\r\n\r\n" % (target, port)).encode())
        data = bytearray()
        while True:
            chunk = s.recv(1 << 20)
            if not chunk:
                break
            data += chunk
    head, _, body = bytes(data).partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 "):
        return None, bytes(data)
    return int(head[9:12]), body


def slow(program, source, work):
    chain = os.path.join(work, "chain")
    make_chain(chain, 2000)
    server = Server(program, work, ["--graph", chain], None,
                    ["--send-timeout", str(SEND_TIMEOUT),
                     "--limit", str(1 << 40)])
    target = "/api/reach?" + urllib.parse.urlencode(
        {"from": "r0", "limit": "10000"})
    request = ("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
               "Connection: close\r\n\r\n" % (target, server.port)).encode()
    try:
        # the whole answer, read at full speed, for its size
        began = time.monotonic()
        status, whole = get_large(server.port, target)
        if status != 200 or not whole.endswith(b"}\n"):
            fail("fast reader: %s, %d bytes ending %r" %
                 (status, len(whole), whole[-40:]))
            return
        print("the answer: %d bytes, read in %.1f s" %
              (len(whole), time.monotonic() - began))
        if len(whole) < 8 * 1024 * 1024:
            fail("the answer is %d bytes, too small to be more than the "
                 "kernel holds" % len(whole))
        # a byte at a time, with a small receive window; the client's own
        # buffer still holds some kilobytes when the server lets go, so the
        # cut is seen in the socket's TCP state, not by the next read
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.settimeout(30)
        s.connect(("127.0.0.1", server.port))
        asked = time.monotonic()
        s.sendall(request)
        taken = 0
        ready = closed = None
        probed = False
        fast_done = []

        def fast():
            fast_done.append(get_large(server.port, target))

        reader = threading.Thread(target=fast)
        while time.monotonic() - asked < SEND_TIMEOUT + 30:
            state = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1)[0]
            if state != TCP_ESTABLISHED:
                closed = time.monotonic()
                break
            try:
                chunk = s.recv(1)
            except OSError:
                chunk = b""
            if not chunk:
                closed = time.monotonic()
                break
            if ready is None:
                ready = time.monotonic()
            taken += 1
            if not probed and time.monotonic() - ready > 0.5:
                # while the slow one holds its connection: another
                # address, and a fast reader of the same answer
                probed = True
                reader.start()
                status, body = get(server.port, "/api/roles",
                                   source="127.0.0.2", timeout=10)
                if status != 200:
                    fail("probe while a slow reader holds its "
                         "connection: %s %r" % (status, body[:200]))
            time.sleep(0.01)
        # what is left in the client's buffer, then the reset
        s.settimeout(10)
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                taken += len(chunk)
        except OSError:
            pass
        s.close()
        if closed is None or ready is None:
            fail("the slow reader was still served %.0f s after asking"
                 % (time.monotonic() - asked))
        else:
            print("the slow reader was closed %.1f s after its answer "
                  "began, with %d bytes taken" % (closed - ready, taken))
            if closed - ready > SEND_TIMEOUT + 3:
                fail("the slow reader was closed %.1f s after its answer "
                     "began (the bound is %.0f s)"
                     % (closed - ready, SEND_TIMEOUT))
            if closed - asked < SEND_TIMEOUT - 0.2:
                fail("the slow reader was closed %.1f s after asking, "
                     "before the bound of %.0f s"
                     % (closed - asked, SEND_TIMEOUT))
        if taken >= len(whole):
            fail("the slow reader took the whole answer")
        if probed:
            reader.join()
            status, body = fast_done[0] if fast_done else (None, b"")
            if status != 200 or body != whole:
                fail("fast reader while a slow one is held: %s, %d bytes "
                     "of %d" % (status, len(body), len(whole)))
        else:
            fail("the slow reader was closed before the probe")
    finally:
        server.kill()


def main():
    program, source, work, part = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    for name in ("dot-pids",):
        try:
            os.remove(os.path.join(work, name))
        except FileNotFoundError:
            pass
    {"hold": hold, "draw": draw, "stop": stop, "late": late,
     "slow": slow}[part](
        program, source, work)
    if failures:
        sys.exit(1)
    print("serve %s: all checks passed" % part)


if __name__ == "__main__":
    main()

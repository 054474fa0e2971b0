"""Connections cannot knock the server over: more connections than descriptors are refused
beyond the server's cap, and once they close the server serves again; one client address cannot hold
more than its share, and the refusals show in /metrics; pipelined requests are all answered,
in order."""
import os
import resource
import socket
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402


def limit_descriptors(n):
    def apply():
        resource.setrlimit(resource.RLIMIT_NOFILE, (n, n))
    return apply


def LimitedServer(fds, extra=()):
    """A server started under a descriptor limit (soft and hard, so it cannot raise it)."""
    return harness.Server(demo=False, extra=extra, preexec=limit_descriptors(fds))


def idle_connections(port, n):
    out = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        out.append(s)
    return out


def healthy(server, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if server.get("/healthz").status == 200:
                return True
        except OSError:
            time.sleep(0.1)
    return False


def get_retrying(server, path, timeout=20):
    """GET that retries while the server refuses the connection (an earlier connection of
    this address may still be closing)."""
    deadline = time.time() + timeout
    while True:
        try:
            return server.get(path)
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.1)


def metric(server, name):
    for line in get_retrying(server, "/metrics").body.decode().splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in /metrics")


class DescriptorTest(unittest.TestCase):
    def test_more_connections_than_descriptors_wait_and_accepting_resumes(self):
        server = LimitedServer(512, extra=["--max-connections-per-address", "0"]).start()
        try:
            # 600 connections against 512 descriptors, of which the server keeps a reserve:
            # the ones beyond its cap are closed at once instead of exhausting descriptors.
            conns = idle_connections(server.port, 600)
            for s in conns:
                s.close()
            self.assertTrue(healthy(server), "the server stopped accepting:\n" + server.output())
            # And again: accepting was not a one-off.
            conns = idle_connections(server.port, 600)
            for s in conns:
                s.close()
            self.assertTrue(healthy(server), "the server stopped accepting:\n" + server.output())
            deadline = time.time() + 10
            while metric(server, "sunlight_http_connections_open") > 1 and time.time() < deadline:
                time.sleep(0.1)
            self.assertLessEqual(metric(server, "sunlight_http_connections_open"), 1)
        finally:
            server.cleanup()

    def test_one_address_holds_no_more_than_its_share(self):
        server = LimitedServer(1024, extra=["--max-connections-per-address", "5"]).start()
        try:
            # Start from no other open connection of this address: only the one asking.
            deadline = time.time() + 10
            while metric(server, "sunlight_http_connections_open") > 1 and time.time() < deadline:
                time.sleep(0.05)
            time.sleep(0.5)  # and that one closed
            # Six connections at once, each asking: five are served, the sixth closed unserved.
            conns = idle_connections(server.port, 6)
            served = 0
            for c in conns:
                c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            for c in conns:
                try:
                    served += c.recv(1024).startswith(b"HTTP/1.1 200")
                except ConnectionResetError:
                    pass
            self.assertEqual(served, 5)
            for c in conns:
                c.close()
            self.assertTrue(healthy(server))
            # The sixth, and any check that came before the five were seen closing.
            self.assertGreaterEqual(metric(server, "sunlight_http_connections_refused_total"), 1)
        finally:
            server.cleanup()

    def test_pipelined_requests_are_all_answered_in_order(self):
        server = LimitedServer(1024).start()
        try:
            for n in (20, 60):
                with socket.create_connection(("127.0.0.1", server.port), timeout=10) as c:
                    c.sendall(b"".join(f"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: r{i}\r\n\r\n"
                                       .encode() for i in range(n)))
                    data = b""
                    while data.count(b"HTTP/1.1 200") < n:
                        chunk = c.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                    self.assertEqual(data.count(b"HTTP/1.1 200"), n, f"{n} pipelined requests")
                    ids = [line.split(b":")[1].strip().decode() for line in data.split(b"\r\n")
                           if line.lower().startswith(b"x-request-id:")]
                    self.assertEqual(ids, [f"r{i}" for i in range(n)])
        finally:
            server.cleanup()


if __name__ == "__main__":
    unittest.main()

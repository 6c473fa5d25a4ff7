"""A fake HTTP server on 127.0.0.1 for one test: the shared plumbing of the model-server tests."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class JsonHandler(BaseHTTPRequestHandler):
    """A quiet request handler that answers with JSON; tests add do_GET / do_POST."""

    def log_message(self, *args):  # keep test output clean
        pass

    def send_json(self, data, code=200):
        body = json.dumps(data).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a client that hung up early is fine
        pass


class LocalServer:
    """Subclasses build their request handler and call `_serve(Handler)`; then
    `with Server(...) as srv:` runs it on a free port at `srv.url`."""

    def _serve(self, handler) -> None:
        self.httpd = _Quiet(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

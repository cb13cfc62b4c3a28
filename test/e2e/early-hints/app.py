"""An ordinary Python http.server app: a 103 Early Hints before every 200, and a 408 (then close) on a kept-alive connection idle for IDLE_408_S; drains on SIGTERM."""
import os, select, signal, socketserver, threading, time
from http.server import BaseHTTPRequestHandler

POD = os.environ.get('POD_NAME', 'unknown')
IDLE = float(os.environ.get('IDLE_408_S', '1'))
SLOW = float(os.environ.get('SLOW_EVERY', '0'))  # every SLOW-th answer takes 200 ms: bursts leave kept-alive connections idle
draining = threading.Event()
answered = [0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def handle(self):
        self.close_connection = True
        self.handle_one_request()
        while not self.close_connection:
            ready, _, _ = select.select([self.connection], [], [], IDLE)
            if not ready:
                self.wfile.write(b'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
                self.wfile.flush()
                return
            self.handle_one_request()

    def do_GET(self):
        if self.path != '/readyz':
            self.send_response_only(103)
            self.send_header('Link', '</style.css>; rel=preload; as=style')
            self.end_headers()
            answered[0] += 1
            time.sleep(0.2 if SLOW and answered[0] % SLOW == 0 else 0.005)
        body = b'ok\n'
        self.send_response(503 if self.path == '/readyz' and draining.is_set() else 200)
        self.send_header('Content-Length', str(len(body)))
        self.send_header('x-zerodrop-pod', POD)
        if draining.is_set():
            self.send_header('Connection', 'close')
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True
    daemon_threads = True


def on_term(*_):
    draining.set()
    # Idle kept-alive connections close themselves (the 408) within IDLE; the client reaps its own within 3 s.
    threading.Timer(3.5, lambda: os._exit(0)).start()


signal.signal(signal.SIGTERM, on_term)
server = Server((os.environ.get('HOST', '0.0.0.0'), int(os.environ.get('PORT', '8080'))), Handler)
print(f'listening on {server.server_address}', flush=True)
server.serve_forever()

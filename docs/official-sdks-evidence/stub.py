# tiny stub: counts requests; first N answers per path are a given status
import http.server, json, sys, threading
COUNT = {}
FAIL = {"status": int(sys.argv[2]), "n": int(sys.argv[3])}
BODIES = []
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def _body(self):
        if self.headers.get("Transfer-Encoding") == "chunked":
            data = b""
            while True:
                line = self.rfile.readline()
                n = int(line.strip(), 16)
                if n == 0:
                    self.rfile.readline(); break
                data += self.rfile.read(n); self.rfile.readline()
            return data
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n)
    def do_any(self):
        body = self._body()
        k = self.command + " " + self.path.split("?")[0]
        COUNT[k] = COUNT.get(k, 0) + 1
        BODIES.append((k, len(body), self.headers.get("Authorization", "")[:6]))
        if self.path.startswith("/__stats"):
            out = json.dumps({"count": COUNT, "bodies": BODIES}).encode()
            st = 200
        elif COUNT[k] <= FAIL["n"] and FAIL["status"] == 0:
            self.close_connection = True
            self.wfile.flush(); self.connection.shutdown(2); return
        elif COUNT[k] <= FAIL["n"]:
            st, out = FAIL["status"], json.dumps({"err_code": "X", "err_msg": "fail", "request_id": "r"}).encode()
        elif "keys" in self.path:
            st, out = 200, json.dumps({"api_key_id": "id1", "key": "SECRETKEY0123456789", "comment": "c", "scopes": ["usage:read"], "created": "2024-01-01T00:00:00Z"}).encode()
        else:
            st, out = 200, json.dumps({"metadata": {"request_id": "r", "sha256": "x", "created": "2024-01-01T00:00:00Z", "duration": 1.0, "channels": 1, "models": [], "model_info": {}, "transaction_key": "t"}, "results": {"channels": [{"alternatives": [{"transcript": "hi", "confidence": 1.0, "words": []}]}]}, "brand_new_field": 1}).encode()
        self.send_response(st)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        if st == 429: self.send_header("Retry-After", "0")
        self.end_headers(); self.wfile.write(out)
    do_GET = do_POST = do_DELETE = do_any
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()

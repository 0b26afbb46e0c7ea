"""A local SMS gateway speaking the Orange SMS API (OneAPI) on 127.0.0.1, for tests.

It issues OAuth2 client-credentials tokens, accepts outbound requests, and records everything.
A clientCorrelator it has already accepted is answered with the same id and not sent again,
as OneAPI specifies. Scripted faults: answer 429 or 500, or hang past the client's timeout,
for the next N requests or for given addresses.
"""

import base64
import json
import socket
import threading
import time
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CLIENT_ID = "cigem-test"
CLIENT_SECRET = "s3cret-for-tests"
TOKEN = "tok-123"


class GatewayState:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[dict] = []  # every outbound request, accepted or not
        self.accepted: dict[str, dict] = {}  # clientCorrelator -> message actually sent
        self.faults: list[tuple[str, float]] = []  # queued ("429"|"500"|"hang", seconds)
        self.address_faults: dict[str, list[str]] = defaultdict(list)
        self.token_requests = 0
        self.next_id = 1

    def sent_per_address(self) -> Counter:
        with self.lock:
            return Counter(m["address"] for m in self.accepted.values())

    def keys_per_address(self) -> dict[str, set]:
        out = defaultdict(set)
        with self.lock:
            for r in self.requests:
                out[r["address"]].add(r["key"])
        return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: GatewayState

    def setup(self):
        super().setup()
        # Headers and body go out in two writes; without this, Nagle + delayed ACK cost 40 ms.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args):
        pass

    def _reply(self, status: int, payload: dict | None = None):
        body = json.dumps(payload or {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if self.path.endswith("/oauth/v3/token"):
            expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            with self.state.lock:
                self.state.token_requests += 1
            if self.headers.get("Authorization") != f"Basic {expected}":
                return self._reply(401, {"error": "invalid_client"})
            return self._reply(
                200, {"token_type": "Bearer", "access_token": TOKEN, "expires_in": 3600}
            )
        if "/smsmessaging/v1/outbound/" in self.path and self.path.endswith("/requests"):
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                return self._reply(401, {"error": "invalid_token"})
            request = json.loads(body)["outboundSMSMessageRequest"]
            address = request["address"].removeprefix("tel:")
            key = request["clientCorrelator"]
            record = {
                "address": address,
                "key": key,
                "header_key": self.headers.get("Idempotency-Key"),
                "text": request["outboundSMSTextMessage"]["message"],
            }
            with self.state.lock:
                self.state.requests.append(record)
                fault = None
                if self.state.address_faults.get(address):
                    fault = (self.state.address_faults[address].pop(0), 0)
                elif self.state.faults:
                    fault = self.state.faults.pop(0)
            if fault:
                kind, seconds = fault
                if kind == "hang":
                    time.sleep(seconds)
                    return self._reply(201, {})  # too late: the client has given up
                status = int(kind)
                return self._reply(
                    status,
                    {"requestError": {"policyException": {"messageId": "POL0001", "text": kind}}},
                )
            with self.state.lock:
                if key in self.state.accepted:
                    msg_id = self.state.accepted[key]["id"]
                else:
                    msg_id = f"m{self.state.next_id}"
                    self.state.next_id += 1
                    self.state.accepted[key] = {**record, "id": msg_id}
            sender = self.path.split("/outbound/")[1].split("/")[0]
            return self._reply(
                201,
                {
                    "outboundSMSMessageRequest": {
                        **request,
                        "resourceURL": f"http://gateway/smsmessaging/v1/outbound/{sender}/requests/{msg_id}",
                    }
                },
            )
        return self._reply(404, {})


class Gateway:
    def __init__(self):
        self.state = GatewayState()
        handler = type("BoundHandler", (Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

"""gunicorn's threaded worker, made to stop without dropping a connection it accepted
(gunicorn.conf.py: worker_class).

gunicorn stops a worker by setting `alive = False`: on SIGTERM (a reload, `kill -HUP` of the
master, the README's ExecReload, sends it to every old worker) and after max_requests. The
gthread worker then leaves its loop at once, and the connections it had accepted but not
yet read (waiting in its poller for their first bytes) are closed unanswered: nginx logs
"Connection reset by peer while reading response header from upstream" and answers 502
(3 of 161 requests within 0.6 s of a reload in issue 25's run). Here `alive = False` only
starts draining: the worker stops accepting (the listening socket stays with the master,
whose other workers take new connections), answers with Connection: close, and leaves its
loop once every connection it accepted has been read and handed to a thread; gunicorn then
waits for those answers as before (graceful_timeout).

A connection that closes after its answer is closed only once the request's body has been
read to its end: an application may answer without reading it (Django's CSRF check refuses
a POST before reading a byte), and a socket closed with bytes unread sends the client a
reset, not an end. A client still sending loses the answer: behind nginx, a 2 MB POST to
the admin with a stale form got nginx's 502 for Django's 403 (once in four CI runs);
directly, five of five 20 MB POSTs were reset instead of answered.
"""
from gunicorn.http.errors import ParseException
from gunicorn.workers.gthread import ThreadWorker

# Bytes of an unread body read before closing, at most: more than nginx.conf lets through
# anywhere (the admin's uploads, 51 MB). Past it, the client gets the reset.
UNREAD_BODY_LIMIT = 64 * 1024 * 1024


class DrainingThreadWorker(ThreadWorker):
    _alive = True
    draining = False

    @property
    def alive(self):
        return self._alive

    @alive.setter
    def alive(self, value):
        # Called from the signal handler too: only flags, the loop acts on them.
        if value:
            self._alive = True
        else:
            self.draining = True

    def handle_request(self, req, conn):
        keepalive = super().handle_request(req, conn)
        if not keepalive:
            read_to_end(req.body)
        return keepalive

    def murder_keepalived(self):
        """Called by the worker's loop on every turn (with the keep-alive bookkeeping)."""
        super().murder_keepalived()
        if self.draining:
            self.stop_accepting()
            if not self.unread_connections():
                self._alive = False

    def stop_accepting(self):
        with self._lock:
            registered = self.poller.get_map()
            for listener in self.sockets:
                if listener in registered:
                    self.poller.unregister(listener)
        self.max_keepalived = 0          # every answer from now on closes its connection

    def unread_connections(self):
        """Accepted connections whose first request has not been read yet. (Idle keep-alive
        connections are not waited for: a client expects those to close.)"""
        with self._lock:
            return any(not key.data.args[0].initialized
                       for key in self.poller.get_map().values()
                       if key.fileobj not in self.sockets)


def read_to_end(body, limit=UNREAD_BODY_LIMIT):
    """Read and drop what is left of a request `body` (gunicorn's reader), up to `limit`
    bytes. A client that stops sending or sends a broken body only ends it sooner: the
    connection is closing anyway."""
    try:
        while limit > 0:
            chunk = body.read(min(limit, 65536))
            if not chunk:
                return
            limit -= len(chunk)
    except (OSError, ParseException):
        return
